/* uk_nino: a UK National Insurance number: two prefix letters, six digits
 * and a suffix letter A-D, bare or spaced "AB 12 34 56 C". HMRC's rules
 * (National Insurance Manual NIM39110): the first letter is not D, F, I,
 * Q, U or V; the second not D, F, I, O, Q, U or V; the prefixes BG, GB,
 * KN, NK, NT, TN and ZZ are never allocated. HMRC's own example
 * "QQ 12 34 56 C" is therefore not a valid number. */
#include <string.h>

#include "common.h"

static const char bad_first[] = "DFIQUV";
static const char bad_second[] = "DFIOQUV";
static const char *const bad_prefixes[] = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"};

static bool nino_could_match(const struct cls_shape *sh)
{
    return sh->upper >= 3 && CLS_SHAPE_HAS_RUN(sh, 6) && sh->len >= 9;
}

static bool two_digits(const char *v, size_t len, size_t p)
{
    return p + 1 < len && cls_is_digit(v[p]) && cls_is_digit(v[p + 1]);
}

/* Shape: [A-Z]{2} then 6 digits (or " 12 34 56"), an optional space, one
 * upper-case letter, end of word. The letter rules are the validator's. */
static size_t nino_match_at(const char *v, size_t len, size_t at)
{
    if (len - at < 9 || !cls_is_upper(v[at]) || !cls_is_upper(v[at + 1]))
        return 0;
    size_t p = at + 2;
    bool spaced = v[p] == ' ';
    for (int g = 0; g < 3; g++) {
        if (spaced && (p >= len || v[p++] != ' '))
            return 0;
        if (!two_digits(v, len, p))
            return 0;
        p += 2;
    }
    if (p < len && v[p] == ' ')
        p++;
    if (p >= len || !cls_is_upper(v[p]))
        return 0;
    p++;
    return cls_word_ends(v, len, p) ? p - at : 0;
}

static bool nino_find(const char *v, size_t len, size_t from, struct cls_span *span)
{
    return cls_find_word(v, len, from, nino_match_at, span);
}

static bool nino_validate(const char *s, size_t len)
{
    char suffix = s[len - 1];
    if (strchr(bad_first, s[0]) || strchr(bad_second, s[1]))
        return false;
    for (size_t i = 0; i < sizeof bad_prefixes / sizeof bad_prefixes[0]; i++)
        if (s[0] == bad_prefixes[i][0] && s[1] == bad_prefixes[i][1])
            return false;
    return suffix >= 'A' && suffix <= 'D';
}

static void nino_mask(const char *s, size_t len, char *out, size_t outsz)
{
    cls_mask_keep(s, len, 2, 0, out, outsz);
}

static const char *const positives[] = {
    "AB123456C",
    "AB 12 34 56 C",
    "JG103759A",
    "PZ 93 18 27 B",
    "CE123456D",
    "NI number AB123456C held",
    NULL,
};

static const char *const negatives[] = {
    "QQ123456A",        /* HMRC's example: Q is never a prefix letter */
    "QQ 12 34 56 C",
    "DA123456A",        /* first letter D */
    "AO123456A",        /* second letter O */
    "GB123456A",        /* unallocated prefix */
    "TN123456A",        /* temporary numbers */
    "AB123456E",        /* suffix beyond D */
    "AB12345C",         /* five digits */
    "AB1234567C",       /* seven digits */
    "AB 12 3456 C",     /* broken spacing */
    NULL,
};

const struct cls_detector cls_detector_uk_nino = {
    .id = "uk_nino",
    .category = "national_id",
    .label = CLS_PROTECTED,
    .rule = "2 letters + 6 digits + A-D, bare or \"AB 12 34 56 C\"; HMRC prefix rules "
            "(no D F I Q U V first, no D F I O Q U V second, not BG GB KN NK NT TN ZZ)",
    .example = "AB 12 34 56 C",
    .could_match = nino_could_match,
    .needs = CLS_NEED_UPPER,
    .needs_runs = 1u << 6,
    .find = nino_find,
    .validate = nino_validate,
    .mask = nino_mask,
    .min_count = 2,
    .name_hint = "nino|ni_?(no|num)|national_?ins",
    .positives = positives,
    .negatives = negatives,
};
