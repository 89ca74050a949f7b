/* credit_card: a payment card number (PAN) of 13-19 digits, bare or in
 * groups separated by one kind of separator (space or dash), whose issuer
 * prefix and length belong to a card brand and which passes Luhn. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "common.h"

/* Issuer identification ranges: the first `digits` digits of the number lie
 * in [lo, hi], and the whole number has between min_len and max_len
 * digits. Sources: the brands' published IIN tables (Visa, Mastercard incl.
 * the 2-series 2221-2720, Amex 34/37 at 15 digits, Discover, JCB, Diners,
 * UnionPay, Maestro, Mir). */
struct iin_range {
    unsigned digits;
    unsigned lo, hi;
    unsigned min_len, max_len;
    const char *brand;
};

static const struct iin_range iin_ranges[] = {
    {1, 4, 4, 13, 19, "visa"},
    {2, 51, 55, 16, 16, "mastercard"},
    {4, 2221, 2720, 16, 16, "mastercard"},
    {2, 34, 34, 15, 15, "amex"},
    {2, 37, 37, 15, 15, "amex"},
    {4, 6011, 6011, 16, 19, "discover"},
    {3, 644, 649, 16, 19, "discover"},
    {2, 65, 65, 16, 19, "discover"},
    {4, 3528, 3589, 16, 19, "jcb"},
    {3, 300, 305, 14, 19, "diners"},
    {2, 36, 36, 14, 19, "diners"},
    {2, 38, 39, 14, 19, "diners"},
    {2, 62, 62, 16, 19, "unionpay"},
    {4, 5018, 5018, 13, 19, "maestro"},
    {4, 5020, 5020, 13, 19, "maestro"},
    {4, 5038, 5038, 13, 19, "maestro"},
    {4, 5893, 5893, 13, 19, "maestro"},
    {4, 6304, 6304, 13, 19, "maestro"},
    {4, 6759, 6759, 13, 19, "maestro"},
    {4, 6761, 6763, 13, 19, "maestro"},
    {4, 2200, 2204, 16, 19, "mir"},
};

#define IIN_RANGES (sizeof iin_ranges / sizeof iin_ranges[0])
_Static_assert(IIN_RANGES <= 32, "ranges_by_first holds 32 ranges");

/* ranges_by_first[d]: bit i when range i's prefixes can start with digit
 * d, read from the table once, so a number tries only the ranges of its
 * first digit (none for 0, 1, 7, 8, 9), in table order. */
static uint32_t ranges_by_first[10];
static pthread_once_t ranges_once = PTHREAD_ONCE_INIT;

static void index_ranges(void)
{
    static const unsigned scale[] = {1, 10, 100, 1000};
    for (size_t i = 0; i < IIN_RANGES; i++) {
        const struct iin_range *r = &iin_ranges[i];
        for (unsigned d = r->lo / scale[r->digits - 1]; d <= r->hi / scale[r->digits - 1] && d < 10; d++)
            ranges_by_first[d] |= 1u << i;
    }
}

/* Returns the brand of a digit string by IIN range and length, or NULL. */
const char *cls_card_brand(const char *digits, size_t n)
{
    /* Every range's prefix is a leading part of the first four digits,
     * read once (all ranges need n >= 13, so they are there); prefix[k] is
     * the first k, so no range costs a division. */
    if (n < 13)
        return NULL;
    unsigned prefix_of[5] = {0};
    for (unsigned k = 0; k < 4; k++)
        prefix_of[k + 1] = prefix_of[k] * 10 + (unsigned)(digits[k] - '0');
    if (prefix_of[1] > 9)
        return NULL;
    pthread_once(&ranges_once, index_ranges);
    for (uint32_t m = ranges_by_first[prefix_of[1]]; m; m &= m - 1) {
        const struct iin_range *r = &iin_ranges[__builtin_ctz(m)];
        if (n < r->min_len || n > r->max_len)
            continue;
        unsigned prefix = prefix_of[r->digits];
        if (prefix >= r->lo && prefix <= r->hi)
            return r->brand;
    }
    return NULL;
}

static bool card_could_match(const struct cls_shape *sh)
{
    return sh->max_digit_run >= 13;
}

/* The shape of a card: a brand's prefix at that brand's length, with
 * separators of one kind ("4111 1111-1111 1111" is not a card). Random
 * digits of this shape pass Luhn 1 in 10, which is chance_pass_rate.
 * One pass copies the digits (as cls_digits_only into 32 bytes) and
 * checks the separators. */
static bool card_shape_digits(const char *s, size_t len, char *digits, size_t *n)
{
    size_t k = 0;
    char sep = 0;
    bool mixed = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (k < 31)
                digits[k] = c;
            k++;
        } else if (c == ' ' || c == '-') {
            mixed |= sep && c != sep;
            sep = c;
        }
    }
    digits[k < 31 ? k : 31] = '\0';
    *n = k;
    if (k < 13 || k > 19 || mixed)
        return false;
    return cls_card_brand(digits, k) != NULL;
}

static bool card_shape(const char *s, size_t len)
{
    char digits[32];
    size_t n;
    return card_shape_digits(s, len, digits, &n);
}

static bool card_validate(const char *s, size_t len)
{
    char digits[32];
    size_t n;
    return card_shape_digits(s, len, digits, &n) && cls_luhn_valid(digits, n);
}

/* True when run k + 1 exists, has n digits (0: any number up to 7) and
 * follows run k after exactly one byte, sep. */
static bool next_group(const char *v, const struct cls_digit_runs *runs, uint32_t k, char sep,
                       uint32_t lo, uint32_t hi)
{
    if (k + 1 >= runs->count)
        return false;
    const struct cls_digit_run *r = &runs->run[k], *n = &runs->run[k + 1];
    return n->start == r->start + r->len + 1 && v[r->start + r->len] == sep &&
           n->len >= lo && n->len <= hi;
}

/* The pattern's candidates, from the digit runs: a match starts where a
 * run does ((?<![0-9])), each group is a whole run ((?![0-9]) and the
 * separators end the digits), so at run k the alternatives are, in the
 * pattern's order, 4-4-4-4-3, 4-4-4-{1,7}, 4-6-{4,5} with one kind of
 * separator, or 13-19 bare. */
static bool card_find_in_runs(const char *v, size_t len, const struct cls_digit_runs *runs,
                              size_t from, struct cls_span *span)
{
    for (uint32_t k = 0; k < runs->count; k++) {
        const struct cls_digit_run *r = &runs->run[k];
        if (r->start < from)
            continue;
        uint32_t last = 0;
        if (r->len >= 13 && r->len <= 19) {
            last = k;
        } else if (r->len == 4 && r->start + 4 < len) {
            char sep = v[r->start + 4];
            if (sep != ' ' && sep != '-')
                continue;
            bool four = next_group(v, runs, k, sep, 4, 4) && next_group(v, runs, k + 1, sep, 4, 4);
            if (four && next_group(v, runs, k + 2, sep, 4, 4) && next_group(v, runs, k + 3, sep, 3, 3))
                last = k + 4;
            else if (four && next_group(v, runs, k + 2, sep, 1, 7))
                last = k + 3;
            else if (next_group(v, runs, k, sep, 6, 6) && next_group(v, runs, k + 1, sep, 4, 5))
                last = k + 2;
            else
                continue;
        } else {
            continue;
        }
        const struct cls_digit_run *e = &runs->run[last];
        *span = (struct cls_span){.start = r->start, .len = e->start + e->len - r->start};
        return true;
    }
    return false;
}

/* Words written next to a card number in notes, tickets and logs. */
static const char *const context[] = {"card", "cards", "visa", "mastercard", "amex", "cc",
                                      "pan", "exp", "expiry", "expires", "cvv", "cvc",
                                      "debit", "credit", "payment", NULL};

static void card_mask(const char *s, size_t len, char *out, size_t outsz)
{
    cls_mask_keep(s, len, 4, 4, out, outsz);
}

/* Payment processors' published test numbers (Stripe, Adyen, PayPal). */
static const char *const positives[] = {
    "4111 1111 1111 1111", "4242424242424242", "4012888888881881", "4222222222222",
    "5555 5555 5555 4444", "2223003122003222", "3782 822463 10005", "371449635398431",
    "6011111111111117", "3530111333300000", "30569309025904", "6200000000000005",
    "card 4111111111111111 exp 12/29",
    NULL,
};

static const char *const negatives[] = {
    "4111 1111 1111 1112",  /* one digit changed: Luhn fails */
    "411111111111",         /* too short */
    "3782822463100051",     /* Amex is 15 digits */
    "1234567812345670",     /* Luhn-valid, no brand */
    "356938035643809",      /* a Luhn-valid IMEI */
    "1732204800004",        /* a millisecond timestamp that passes Luhn */
    "4111 1111-1111 1111",  /* mixed separators */
    NULL,
};

const struct cls_detector cls_detector_credit_card = {
    .id = "credit_card",
    .category = "payment",
    .label = CLS_SECRET,
    .rule = "13-19 digits, bare or grouped by spaces or dashes; brand by IIN range "
            "and length; Luhn check digit",
    .example = "4111 1111 1111 1111",
    .could_match = card_could_match,
    .needs = CLS_NEED_DIGIT,
    .needs_runs = CLS_RUNS_FROM(13),
    /* Bare, or the groupings printed on cards: 4-4-4-4-3, 4-4-4-(1..7),
     * 4-6-5 (Amex), 4-6-4 (Diners); one separator kind (back-references). */
    .pattern = "(?<![0-9])(?:[0-9]{4}([ -])[0-9]{4}\\1[0-9]{4}\\1[0-9]{4}\\1[0-9]{3}"
               "|[0-9]{4}([ -])[0-9]{4}\\2[0-9]{4}\\2[0-9]{1,7}"
               "|[0-9]{4}([ -])[0-9]{6}\\3[0-9]{4,5}"
               "|[0-9]{13,19})(?![0-9])",
    .find_in_runs = card_find_in_runs,
    .shape_ok = card_shape,
    .validate = card_validate,
    .mask = card_mask,
    .context_words = context,
    .min_count = 2,
    /* 1 in 10 random digit strings passes Luhn. */
    .chance_pass_rate = 0.1,
    .positives = positives,
    .negatives = negatives,
    .name_hint = "card_?(num|no|nbr|number)|(^|_)pan($|_)|(^|_)cc_?(num|no|number)?($|_)|"
                 "credit_?card|(^|_)ccn($|_)",
    .name_alone = true,
};
