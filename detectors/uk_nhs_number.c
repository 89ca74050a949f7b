/* uk_nhs_number: an NHS number of England, Wales and the Isle of Man (and
 * the Scottish CHI and Northern Irish H&C numbers, which share the rule):
 * ten digits, bare or spaced 3-3-4, whose last digit is the modulus 11
 * check digit of the NHS Data Dictionary. */
#include "common.h"

static const unsigned char groups[] = {3, 3, 4};

static bool nhs_could_match(const struct cls_shape *sh)
{
    return CLS_SHAPE_HAS_RUN(sh, 10);
}

static bool nhs_find(const char *v, size_t len, size_t from, struct cls_span *span)
{
    return cls_find_digit_groups(v, len, from, groups, 3,
                                 CLS_DIGITS_BARE | CLS_DIGITS_GROUPED, span);
}

static bool nhs_find_in_runs(const char *v, size_t len, const struct cls_digit_runs *runs,
                             size_t from, struct cls_span *span)
{
    return cls_find_digit_groups_in_runs(v, len, runs, from, groups, 3,
                                         CLS_DIGITS_BARE | CLS_DIGITS_GROUPED, span);
}

static bool nhs_validate(const char *s, size_t len)
{
    char d[16];
    size_t n = cls_digits_only(s, len, d, sizeof d);
    return cls_nhs_mod11_valid(d, n);
}

static void nhs_mask(const char *s, size_t len, char *out, size_t outsz)
{
    cls_mask_keep(s, len, 0, 3, out, outsz);
}

/* Words written beside the number in free text. */
static const char *const context[] = {"nhs", "chi", "patient", NULL};

static const char *const positives[] = {
    "943 476 5919",     /* NHS Digital's example number */
    "9434765919",
    "401 023 2137",     /* NHS API sandbox test patients */
    "4010232137",
    "450 557 7104",
    "943-476-5919",
    "NHS no. 943 476 5919, seen today",
    NULL,
};

static const char *const negatives[] = {
    "987 654 4321",     /* the NHS syntax example: fails modulus 11 */
    "943 476 5918",     /* wrong check digit */
    "943 476 5929",     /* one digit changed */
    "943 476 591",      /* too short */
    "94347659190",      /* too long */
    "943 4765 919",     /* wrong grouping */
    "943-476 5919",     /* mixed separators */
    "1234567890",       /* check digit would be 10: never issued */
    NULL,
};

const struct cls_detector cls_detector_uk_nhs_number = {
    .id = "uk_nhs_number",
    .category = "health",
    .label = CLS_SECRET,
    .rule = "10 digits, bare or spaced 3-3-4; modulus 11 check digit (weights 10..2, "
            "check 10 never issued)",
    .example = "943 476 5919",
    .could_match = nhs_could_match,
    .needs_runs = 1u << 10,
    .find = nhs_find,
    .find_in_runs = nhs_find_in_runs,
    .validate = nhs_validate,
    .context_words = context,
    .mask = nhs_mask,
    .min_count = 2,
    /* 1 in 11 random 10-digit strings has a valid check digit. */
    .chance_pass_rate = 1.0 / 11.0,
    .name_hint = "nhs|chi_?(no|num)|health_?(no|num)|patient_?(no|num|id)",
    .positives = positives,
    .negatives = negatives,
};
