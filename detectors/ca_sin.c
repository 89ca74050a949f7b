/* ca_sin: a Canadian Social Insurance Number: nine digits, bare or in the
 * 3-3-3 groups printed on the card (spaces or dashes), passing Luhn. The
 * first digit is the province of registration (1-7) or 9 (temporary
 * residents); 0 and 8 are never issued, so the Luhn example "046 454 286"
 * often seen in documentation is not a valid SIN. */
#include "common.h"

static const unsigned char groups[] = {3, 3, 3};

static bool sin_could_match(const struct cls_shape *sh)
{
    return CLS_SHAPE_HAS_RUN(sh, 9);
}

static bool sin_find(const char *v, size_t len, size_t from, struct cls_span *span)
{
    return cls_find_digit_groups(v, len, from, groups, 3,
                                 CLS_DIGITS_BARE | CLS_DIGITS_GROUPED, span);
}

static bool sin_find_in_runs(const char *v, size_t len, const struct cls_digit_runs *runs,
                             size_t from, struct cls_span *span)
{
    return cls_find_digit_groups_in_runs(v, len, runs, from, groups, 3,
                                         CLS_DIGITS_BARE | CLS_DIGITS_GROUPED, span);
}

static bool sin_validate(const char *s, size_t len)
{
    char d[16];
    if (cls_digits_only(s, len, d, sizeof d) != 9 || d[0] == '0' || d[0] == '8')
        return false;
    return cls_luhn_valid(d, 9);
}

static void sin_mask(const char *s, size_t len, char *out, size_t outsz)
{
    cls_mask_keep(s, len, 0, 3, out, outsz);
}

/* Words written beside the number in free text. */
static const char *const context[] = {"sin", "nas", "social", "insurance", NULL};

static const char *const positives[] = {
    "130 692 544",
    "130692544",
    "130-692-544",
    "527 298 640",
    "918 190 935",      /* a temporary resident's SIN */
    "SIN: 193 456 787.",
    NULL,
};

static const char *const negatives[] = {
    "130 692 545",      /* wrong check digit */
    "130 692 554",      /* one digit changed */
    "046 454 286",      /* passes Luhn, but 0 is never a first digit */
    "800 000 002",      /* passes Luhn, but 8 is never issued */
    "130 692 54",       /* too short */
    "1306925440",       /* too long */
    "130-692 544",      /* mixed separators */
    "130-69-2544",      /* SSN grouping */
    NULL,
};

const struct cls_detector cls_detector_ca_sin = {
    .id = "ca_sin",
    .category = "national_id",
    .label = CLS_PROTECTED,
    .rule = "9 digits, bare or 3-3-3 (spaces or dashes); first digit 1-7 or 9; Luhn",
    .example = "130 692 544",
    .could_match = sin_could_match,
    .needs_runs = 1u << 9,
    .find = sin_find,
    .find_in_runs = sin_find_in_runs,
    .validate = sin_validate,
    .context_words = context,
    .mask = sin_mask,
    .min_count = 2,
    /* 1 in 10 random 9-digit numbers passes Luhn. */
    .chance_pass_rate = 0.1,
    .name_hint = "(^|_)sin($|_)|social_?ins|nas($|_)",
    .positives = positives,
    .negatives = negatives,
};
