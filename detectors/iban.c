/* iban: an International Bank Account Number (ISO 13616): a country code,
 * two check digits and the domestic account number (BBAN), with the
 * length the SWIFT IBAN registry fixes for that country, written bare or
 * in the printed groups of four, and passing the ISO 7064 MOD 97-10
 * check (the number with its first four characters moved to the end,
 * letters as 10..35, is 1 modulo 97). */
#include <string.h>

#include "common.h"

/* Total IBAN length per country, from the SWIFT IBAN registry (release
 * 2024), countries whose IBANs are in official use. */
static const struct {
    char cc[3];
    unsigned char len;
} iban_lengths[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16},
    {"BG", 22}, {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22},
    {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28}, {"EE", 20},
    {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22},
    {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"GT", 28}, {"HR", 21}, {"HU", 28},
    {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27}, {"JO", 30}, {"KW", 30},
    {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21},
    {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MN", 20}, {"MR", 27},
    {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24},
    {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33},
    {"SA", 24}, {"SC", 31}, {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27},
    {"SO", 23}, {"ST", 25}, {"SV", 28}, {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29},
    {"VA", 22}, {"VG", 24}, {"XK", 20},
};

#define IBAN_MAX 34

/* The registry length for the country code at s, or 0 when unknown. */
static size_t country_length(const char *s)
{
    for (size_t i = 0; i < sizeof iban_lengths / sizeof iban_lengths[0]; i++)
        if (iban_lengths[i].cc[0] == s[0] && iban_lengths[i].cc[1] == s[1])
            return iban_lengths[i].len;
    return 0;
}

/* Every registry format has a run of at least 10 digits (the shortest
 * is Kazakhstan's "50 0410 0100"), which timestamps and SKUs lack. */
static bool iban_could_match(const struct cls_shape *sh)
{
    return sh->max_digit_run >= 10 && sh->upper >= 2 && sh->len >= 15;
}

static bool iban_char(char c)
{
    return cls_is_upper(c) || cls_is_digit(c);
}

/* Shape: a known country code, two digits, then upper-case letters and
 * digits up to the country's length, bare or with a single space after
 * every fourth character; then the end of the word. */
static size_t iban_match_at(const char *v, size_t len, size_t at)
{
    if (len - at < 15 || !cls_is_upper(v[at]) || !cls_is_upper(v[at + 1]) ||
        !cls_is_digit(v[at + 2]) || !cls_is_digit(v[at + 3]))
        return 0;
    size_t want = country_length(v + at);
    if (!want)
        return 0;
    bool spaced = at + 4 < len && v[at + 4] == ' ';
    size_t p = at, n = 0;
    while (n < want) {
        if (spaced && n > 0 && n % 4 == 0 && (p >= len || v[p++] != ' '))
            return 0;
        if (p >= len || !iban_char(v[p]))
            return 0;
        p++, n++;
    }
    return cls_word_ends(v, len, p) ? p - at : 0;
}

static bool iban_find(const char *v, size_t len, size_t from, struct cls_span *span)
{
    return cls_find_word(v, len, from, iban_match_at, span);
}

static bool iban_validate(const char *s, size_t len)
{
    char c[IBAN_MAX + 1];
    size_t n = 0;
    for (size_t i = 0; i < len && n < IBAN_MAX; i++)
        if (s[i] != ' ')
            c[n++] = s[i];
    if (n < 5)
        return false;
    int r = cls_mod97(cls_mod97(0, c + 4, n - 4), c, 4);
    return r == 1;
}

static void iban_mask(const char *s, size_t len, char *out, size_t outsz)
{
    cls_mask_keep(s, len, 2, 4, out, outsz);
}

/* Words written beside the number in free text. */
static const char *const context[] = {"iban", "account", "bank", "transfer", "sepa", NULL};

static const char *const positives[] = {
    "GB82 WEST 1234 5698 7654 32",      /* the registry's examples */
    "GB82WEST12345698765432",
    "DE89 3704 0044 0532 0130 00",
    "FR14 2004 1010 0505 0001 3M02 606",
    "NL91ABNA0417164300",
    "NO93 8601 1117 947",
    "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
    "pay to IBAN DE89370400440532013000 by Friday",
    NULL,
};

static const char *const negatives[] = {
    "GB82 WEST 1234 5698 7654 33",      /* wrong check */
    "GB28 WEST 1234 5698 7654 32",      /* check digits swapped */
    "GB82 WEST 1234 5698 7654 3",       /* too short for GB */
    "GB82 WEST 1234 5698 7654 321",     /* too long for GB */
    "XX82 WEST 1234 5698 7654 32",      /* no such country */
    "GB82 WES T123 4569 8765 432",      /* broken grouping */
    "gb82west12345698765432",           /* lower case */
    NULL,
};

const struct cls_detector cls_detector_iban = {
    .id = "iban",
    .category = "financial",
    .label = CLS_PROTECTED,
    .rule = "country code + 2 check digits + BBAN at the SWIFT registry's length for "
            "that country, bare or in groups of 4; ISO 7064 MOD 97-10",
    .example = "GB82 WEST 1234 5698 7654 32",
    .could_match = iban_could_match,
    .needs = CLS_NEED_DIGIT | CLS_NEED_UPPER,
    .needs_runs = CLS_RUNS_FROM(10),
    .find = iban_find,
    .validate = iban_validate,
    .context_words = context,
    .mask = iban_mask,
    .min_count = 2,
    /* 1 in 97 random candidates passes MOD 97-10. */
    .chance_pass_rate = 1.0 / 97.0,
    .name_hint = "iban|bank_?acc|account_?(no|num)",
    .positives = positives,
    .negatives = negatives,
};
