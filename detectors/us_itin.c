/* us_itin: a US Individual Taxpayer Identification Number (IRS), written
 * like an SSN, 9XX-XX-XXXX with dashes or spaces, whose area starts with 9
 * and whose group lies in the IRS ranges 50-65, 70-88, 90-92 or 94-99. A
 * bare 9-digit number counts only where the column name (`itin`, `tax_id`)
 * or a word beside it says so (bare_needs_support). */
#include "common.h"

static const unsigned char groups[] = {3, 2, 4};

/* IRS ITIN group ranges (middle two digits), inclusive. */
static const struct {
    unsigned lo, hi;
} itin_groups[] = {{50, 65}, {70, 88}, {90, 92}, {94, 99}};

static bool itin_could_match(const struct cls_shape *sh)
{
    return CLS_SHAPE_HAS_RUN(sh, 9);
}

/* Candidates are 9XX-XX-XXXX; an SSN-shaped number whose area does not
 * start with 9 is us_ssn's, not a failed ITIN. */
static bool itin_find(const char *v, size_t len, size_t from, struct cls_span *span)
{
    while (cls_find_digit_groups(v, len, from, groups, 3,
                                 CLS_DIGITS_BARE | CLS_DIGITS_GROUPED, span)) {
        if (v[span->start] == '9')
            return true;
        from = span->start + span->len;
    }
    return false;
}

static bool itin_find_in_runs(const char *v, size_t len, const struct cls_digit_runs *runs,
                              size_t from, struct cls_span *span)
{
    while (cls_find_digit_groups_in_runs(v, len, runs, from, groups, 3,
                                         CLS_DIGITS_BARE | CLS_DIGITS_GROUPED, span)) {
        if (v[span->start] == '9')
            return true;
        from = span->start + span->len;
    }
    return false;
}

static bool itin_validate(const char *s, size_t len)
{
    if (len != 11 && len != 9)
        return false;
    size_t g = len == 11 ? 4 : 3;
    unsigned group = (unsigned)((s[g] - '0') * 10 + (s[g + 1] - '0'));
    for (size_t i = 0; i < sizeof itin_groups / sizeof itin_groups[0]; i++)
        if (group >= itin_groups[i].lo && group <= itin_groups[i].hi)
            return true;
    return false;
}

static void itin_mask(const char *s, size_t len, char *out, size_t outsz)
{
    cls_mask_keep(s, len, 0, 4, out, outsz);
}

static const char *const context[] = {"itin", "tin", "taxpayer", NULL};

static const char *const positives[] = {
    "912-70-1234",
    "900-50-0001",
    "999-99-9999",
    "987 65 4321",
    "945-92-1234",
    "ITIN 912-88-4567 on the W-7",
    NULL,
};

static const char *const negatives[] = {
    "912-93-1234",      /* group 93 is not used */
    "912-49-1234",      /* below 50 */
    "912-66-1234",      /* 66-69 are not used */
    "912-89-1234",      /* 89 is not used */
    "812-70-1234",      /* area must start with 9 */
    "912931234",        /* bare, group 93 */
    "912-70-123",       /* too short */
    "912-70 1234",      /* mixed separators */
    NULL,
};

const struct cls_detector cls_detector_us_itin = {
    .id = "us_itin",
    .category = "national_id",
    .label = CLS_PROTECTED,
    .rule = "9XX-XX-XXXX (dashes or spaces), bare only under a telling column name or "
            "beside \"ITIN\"; group 50-65, 70-88, 90-92 or 94-99",
    .example = "912-70-1234",
    .could_match = itin_could_match,
    .needs_runs = 1u << 9,
    .find = itin_find,
    .find_in_runs = itin_find_in_runs,
    .validate = itin_validate,
    .context_words = context,
    .bare_needs_support = true,
    .mask = itin_mask,
    .min_count = 2,
    .name_hint = "itin|tax_?id|tin($|_)",
    .positives = positives,
    .negatives = negatives,
};
