/* us_ssn: a US Social Security Number written AAA-GG-SSSS (or with
 * spaces), with the Social Security Administration's never-issued values
 * rejected: area 000, 666 and 900-999, group 00, serial 0000. A bare
 * 9-digit number passing the same rules counts only where the column name
 * (`ssn`, `social_security_number`) or a word beside it ("SSN") says so
 * (bare_needs_support): too many ids have that shape. */
#include "common.h"

static bool ssn_could_match(const struct cls_shape *sh)
{
    return CLS_SHAPE_HAS_RUN(sh, 9);
}

static unsigned num(const char *s, size_t n)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (unsigned)(s[i] - '0');
    return v;
}

static bool alnum_or_dash(char c)
{
    return cls_is_alnum(c) || c == '-';
}

/* The pattern's candidates, from the digit runs: a match starts at a run
 * with no letter, digit or dash before it, and is 3-2-4 runs joined by one
 * kind of separator or one run of 9, followed by neither a letter or digit
 * nor a dash and a digit. */
static bool ssn_find_in_runs(const char *v, size_t len, const struct cls_digit_runs *runs,
                             size_t from, struct cls_span *span)
{
    for (uint32_t k = 0; k < runs->count; k++) {
        const struct cls_digit_run *r = &runs->run[k];
        if (r->start < from || (r->start > 0 && alnum_or_dash(v[r->start - 1])))
            continue;
        size_t end;
        if (r->len == 9) {
            end = r->start + 9;
        } else if (r->len == 3 && k + 2 < runs->count) {
            const struct cls_digit_run *g = &runs->run[k + 1], *s = &runs->run[k + 2];
            if (g->start != r->start + 4)
                continue;
            char sep = v[r->start + 3];
            if ((sep != '-' && sep != ' ') || g->len != 2 ||
                s->start != g->start + 3 || v[g->start + 2] != sep || s->len != 4)
                continue;
            end = s->start + 4;
        } else {
            continue;
        }
        if (end < len && (cls_is_alnum(v[end]) ||
                          (v[end] == '-' && end + 1 < len && cls_is_digit(v[end + 1]))))
            continue;
        *span = (struct cls_span){.start = r->start, .len = end - r->start};
        return true;
    }
    return false;
}

/* s is "AAA?GG?SSSS" or bare "AAAGGSSSS" as matched by the pattern. */
static bool ssn_validate(const char *s, size_t len)
{
    if (len != 11 && len != 9)
        return false;
    size_t sep = len == 11;
    unsigned area = num(s, 3), group = num(s + 3 + sep, 2), serial = num(s + 5 + 2 * sep, 4);
    if (area == 0 || area == 666 || area >= 900)
        return false;
    return group != 0 && serial != 0;
}

static void ssn_mask(const char *s, size_t len, char *out, size_t outsz)
{
    cls_mask_keep(s, len, 0, 4, out, outsz);
}

static const char *const context[] = {"ssn", "ss#", "social", "security", NULL};

static const char *const positives[] = {
    "219-09-9999", "123-12-3456", "899 45 6789", "SSN on file: 536-22-8726, verified.", "536228726",
    NULL,
};

/* Never-issued areas, groups and serials, and near-misses. */
static const char *const negatives[] = {
    "000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567", "123-45-0000",
    "000456789", "12345678", "123-45-67890", "123-45 6789",
    NULL,
};

const struct cls_detector cls_detector_us_ssn = {
    .id = "us_ssn",
    .category = "national_id",
    .label = CLS_PROTECTED,
    .rule = "AAA-GG-SSSS (dashes or spaces), bare only under a telling column name or "
            "beside \"SSN\"; area not 000, 666 or 900-999, group not 00, serial not 0000",
    .example = "219-09-9999",
    .could_match = ssn_could_match,
    .needs_runs = 1u << 9,
    /* Not glued to a letter either: "123-45-6789A" is a HICN, not an SSN. */
    .pattern = "(?<![0-9A-Za-z-])(?:[0-9]{3}([- ])[0-9]{2}\\1[0-9]{4}|[0-9]{9})"
               "(?![0-9A-Za-z]|-[0-9])",
    .find_in_runs = ssn_find_in_runs,
    .context_words = context,
    .bare_needs_support = true,
    .validate = ssn_validate,
    .mask = ssn_mask,
    .min_count = 2,
    .positives = positives,
    .negatives = negatives,
    .name_hint = "(^|_)ssn($|_)|social_?sec",
    .name_alone = true,
};
