/* icd10_code: an ICD-10 (and ICD-10-CM) diagnosis code: a category of a
 * letter, a digit and a digit (or one of the few ICD-10-CM categories
 * with a letter third: C4A, C7A, C7B, D3A, M1A, O9A, Z3A), then optionally a dot and up to four
 * letters or digits ("E11.9", "S72.001A", "F32"), or the same written
 * without the dot ("E119"). Short codes collide with other ids, so the
 * detector only counts in a column whose name says diagnosis
 * (needs_name_hint); the value-level rule is strict on shape. */
#include "common.h"

static bool icd_could_match(const struct cls_shape *sh)
{
    return sh->upper >= 1 && sh->digits >= 2;
}

/* Neither a word character nor a joiner ('-', '_', '.', '/') may touch a
 * code: "SKU-A12" and "v2.A10.3" hold none. */
static bool joined(char c)
{
    return cls_is_alnum(c) || c == '-' || c == '_' || c == '.' || c == '/';
}

/* ICD-10-CM categories whose third character is a letter. */
static const char letter_categories[][4] = {"C4A", "C7A", "C7B", "D3A", "M1A", "O9A", "Z3A"};

static bool letter_category(const char *s)
{
    for (size_t i = 0; i < sizeof letter_categories / sizeof letter_categories[0]; i++)
        if (s[0] == letter_categories[i][0] && s[1] == letter_categories[i][1] &&
            s[2] == letter_categories[i][2])
            return true;
    return false;
}

static bool is_code_char(char c)
{
    return cls_is_upper(c) || cls_is_digit(c);
}

static size_t icd_match_at(const char *v, size_t len, size_t at)
{
    if (len - at < 3 || (at > 0 && joined(v[at - 1])))
        return 0;
    if (!cls_is_upper(v[at]) || !cls_is_digit(v[at + 1]))
        return 0;
    if (!cls_is_digit(v[at + 2]) && !letter_category(v + at))
        return 0;
    size_t p = at + 3, n = 0;
    bool dot = p + 1 < len && v[p] == '.' && is_code_char(v[p + 1]);
    p += dot;
    while (p < len && n < 5 && is_code_char(v[p]))
        p++, n++;
    if (n > 4 || (dot && n == 0))
        return 0;
    /* A full stop may end a sentence after the code: "dx I10. Seen". */
    bool full_stop = p < len && v[p] == '.' && (p + 1 >= len || !cls_is_alnum(v[p + 1]));
    if (p < len && joined(v[p]) && !full_stop)
        return 0;
    return p - at;
}

/* Only an upper-case letter followed by a digit can start a code: look
 * for that pair rather than at every word (timestamps and SKUs pass the
 * shape test and are common). */
static bool icd_find(const char *v, size_t len, size_t from, struct cls_span *span)
{
    for (size_t i = from; i + 2 < len; i++) {
        if (!cls_is_upper(v[i]) || !cls_is_digit(v[i + 1]))
            continue;
        size_t n = icd_match_at(v, len, i);
        if (n) {
            *span = (struct cls_span){.start = i, .len = n};
            return true;
        }
    }
    return false;
}

static void icd_mask(const char *s, size_t len, char *out, size_t outsz)
{
    /* The chapter letter says little; the rest is the diagnosis. */
    cls_mask_keep(s, len, 1, 0, out, outsz);
}

static const char *const positives[] = {
    "E11.9",            /* type 2 diabetes without complications */
    "E119",
    "S72.001A",
    "T36.0X1A",
    "F32",
    "C4A.9",
    "J45.909",
    "dx: I10. follow up",
    NULL,
};

static const char *const negatives[] = {
    "E1",               /* too short */
    "E11.12345",        /* too many characters after the dot */
    "E1A.9",            /* third character a letter other than A/B */
    "11.9",             /* no letter */
    "e11.9",            /* lower case */
    "SKU-E11",          /* part of an SKU */
    "v2.E11.3",         /* part of a version string */
    "AB12",             /* two letters */
    "E11.9.1",          /* a version number */
    NULL,
};

const struct cls_detector cls_detector_icd10_code = {
    .id = "icd10_code",
    .category = "health",
    .label = CLS_SECRET,
    .rule = "letter, 2 digits (or ICD-10-CM's C4A-style categories), optional dot and up "
            "to 4 letters/digits; counts only in a column named like diagnosis/icd/dx",
    .example = "E11.9",
    .could_match = icd_could_match,
    .needs = CLS_NEED_DIGIT | CLS_NEED_UPPER,
    .find = icd_find,
    .mask = icd_mask,
    .min_count = 2,
    .name_hint = "diag|icd|(^|_)dx($|_)|condition",
    .needs_name_hint = true,
    .positives = positives,
    .negatives = negatives,
};
