/* us_hicn: a Health Insurance Claim Number, the Medicare id before the
 * MBI: the account holder's SSN (nine digits, bare or 3-2-4) followed by a
 * Beneficiary Identification Code (BIC) of one letter, or a letter and a
 * letter or digit ("123-45-6789A", "123456789B1"). The SSN part follows
 * the SSA's issuing rules; the BIC must be one CMS defines. Railroad
 * Retirement Board numbers (letter prefixes) are not covered. */
#include <string.h>

#include "common.h"

/* CMS Beneficiary Identification Codes: the first letter, whether it may
 * stand alone, and the characters allowed after it (A wage earner, B
 * spouse, C child, D widow(er), E mother, F parent, J/K special age 72,
 * M uninsured premium HI, T uninsured HI, W disabled widow(er)). */
struct bic {
    char first;
    bool alone;
    const char *second;
};

static const struct bic bics[] = {
    {'A', true, ""},
    {'B', true, "123456789ADGHJKLNPQRTWY"},
    {'C', false, "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
    {'D', true, "123456789ACDGHJKLMNPQRSTVWXYZ"},
    {'E', true, "123456789ABCDFGHJKM"},
    {'F', false, "12345678"},
    {'J', false, "1234"},
    {'K', false, "123456789ABCDEFGHJKL"},
    {'M', true, "1"},
    {'T', true, "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
    {'W', true, "123456789BCFGJRT"},
};

static bool bic_valid(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof bics / sizeof bics[0]; i++) {
        if (bics[i].first != s[0])
            continue;
        if (n == 1)
            return bics[i].alone;
        return n == 2 && strchr(bics[i].second, s[1]) != NULL;
    }
    return false;
}

static bool hicn_could_match(const struct cls_shape *sh)
{
    return sh->upper >= 1 && CLS_SHAPE_HAS_RUN(sh, 9);
}

static bool is_sep(char c)
{
    return c == ' ' || c == '-';
}

static bool digits_at(const char *v, size_t len, size_t at, size_t n)
{
    if (len - at < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!cls_is_digit(v[at + i]))
            return false;
    return true;
}

/* Returns the end of "AAAGGSSSS" or "AAA?GG?SSSS" at `at`, or 0. */
static size_t ssn_part_end(const char *v, size_t len, size_t at)
{
    if (digits_at(v, len, at, 9))
        return at + 9;
    if (!digits_at(v, len, at, 3) || len - at < 11 || !is_sep(v[at + 3]))
        return 0;
    char sep = v[at + 3];
    if (!digits_at(v, len, at + 4, 2) || v[at + 6] != sep || !digits_at(v, len, at + 7, 4))
        return 0;
    return at + 11;
}

/* Shape: SSN part, an optional separator, a 1-2 character upper-case
 * suffix starting with a letter, then the end of the word. */
static size_t hicn_match_at(const char *v, size_t len, size_t at)
{
    size_t p = ssn_part_end(v, len, at);
    if (!p)
        return 0;
    if (p < len && is_sep(v[p]))
        p++;
    if (p >= len || !cls_is_upper(v[p]))
        return 0;
    p++;
    if (p < len && (cls_is_upper(v[p]) || cls_is_digit(v[p])))
        p++;
    return cls_word_ends(v, len, p) ? p - at : 0;
}

static bool hicn_find(const char *v, size_t len, size_t from, struct cls_span *span)
{
    return cls_find_word(v, len, from, hicn_match_at, span);
}

/* The same candidates from the digit runs: the SSN part starts a word
 * with a run of exactly nine digits (a longer run leaves a digit where the
 * separator or the code goes) or of three followed by a separator. */
static bool hicn_find_in_runs(const char *v, size_t len, const struct cls_digit_runs *runs,
                              size_t from, struct cls_span *span)
{
    for (uint32_t k = 0; k < runs->count; k++) {
        size_t at = runs->run[k].start;
        uint32_t n = runs->run[k].len;
        if ((n != 9 && n != 3) || at < from || (at > 0 && cls_is_alnum(v[at - 1])))
            continue;
        size_t m = hicn_match_at(v, len, at);
        if (m) {
            *span = (struct cls_span){.start = at, .len = m};
            return true;
        }
    }
    return false;
}

static bool hicn_validate(const char *s, size_t len)
{
    char d[16];
    if (cls_digits_only(s, len, d, sizeof d) < 9)
        return false;
    unsigned area = (unsigned)((d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0'));
    if (area == 0 || area == 666 || area >= 900 || (d[3] == '0' && d[4] == '0') ||
        memcmp(d + 5, "0000", 4) == 0)
        return false;
    /* The suffix is "L", "LL" or "LD" (L a letter, D a digit). */
    size_t suffix = cls_is_upper(s[len - 2]) ? 2 : 1;
    return bic_valid(s + len - suffix, suffix);
}

/* "123-12-3456A" -> "***-**-****A": the SSN part wholly hidden, only the
 * beneficiary code (which says how the person is entitled) kept. */
static void hicn_mask(const char *s, size_t len, char *out, size_t outsz)
{
    size_t digits = 0, o = 0;
    for (size_t i = 0; i < len && o + 1 < outsz; i++) {
        bool in_ssn = digits < 9;
        if (s[i] >= '0' && s[i] <= '9' && in_ssn) {
            digits++;
            out[o++] = '*';
        } else {
            out[o++] = s[i];
        }
    }
    if (outsz)
        out[o < outsz ? o : outsz - 1] = '\0';
}

static const char *const positives[] = {
    "123-12-3456A",
    "123123456A",
    "219-09-9999B1",
    "219 09 9999 D",
    "536-22-8726-C2",
    "HICN 536228726W on the old card",
    NULL,
};

static const char *const negatives[] = {
    "123-12-3456",      /* no beneficiary code: an SSN */
    "123-12-3456G",     /* G is not a BIC */
    "123-12-3456C",     /* C needs a second character */
    "666-12-3456A",     /* area 666 is never issued */
    "123-00-3456A",     /* group 00 */
    "123-12-0000A",     /* serial 0000 */
    "12-312-3456A",     /* not SSN-shaped */
    "12312345A",        /* eight digits */
    "123123456ABC",     /* suffix too long */
    NULL,
};

const struct cls_detector cls_detector_us_hicn = {
    .id = "us_hicn",
    .category = "health",
    .label = CLS_SECRET,
    .rule = "SSN (9 digits, bare or 3-2-4, SSA issuing rules) + a CMS beneficiary "
            "identification code (A, B, B1-B9, C1-CZ, D, ..., T, W)",
    .example = "123-12-3456A",
    .could_match = hicn_could_match,
    .needs = CLS_NEED_UPPER,
    .needs_runs = 1u << 9,
    .find = hicn_find,
    .find_in_runs = hicn_find_in_runs,
    .validate = hicn_validate,
    .mask = hicn_mask,
    .min_count = 2,
    .name_hint = "hicn|hic_?(no|num)|medicare|claim_?(no|num)",
    .positives = positives,
    .negatives = negatives,
};
