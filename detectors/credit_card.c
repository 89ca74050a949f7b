/* credit_card: a payment card number (PAN) of 13-19 digits, bare or in
 * groups separated by one kind of separator (space or dash), whose issuer
 * prefix and length belong to a card brand and which passes Luhn. */
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

/* Returns the brand of a digit string by IIN range and length, or NULL. */
const char *cls_card_brand(const char *digits, size_t n)
{
    for (size_t i = 0; i < sizeof iin_ranges / sizeof iin_ranges[0]; i++) {
        const struct iin_range *r = &iin_ranges[i];
        if (n < r->min_len || n > r->max_len || n < r->digits)
            continue;
        unsigned prefix = 0;
        for (unsigned k = 0; k < r->digits; k++)
            prefix = prefix * 10 + (unsigned)(digits[k] - '0');
        if (prefix >= r->lo && prefix <= r->hi)
            return r->brand;
    }
    return NULL;
}

static bool card_could_match(const struct cls_shape *sh)
{
    return sh->max_digit_run >= 13;
}

/* Separators must be of one kind: "4111 1111-1111 1111" is not a card. */
static bool separators_consistent(const char *s, size_t len)
{
    char sep = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ' ' || s[i] == '-') {
            if (sep && s[i] != sep)
                return false;
            sep = s[i];
        }
    }
    return true;
}

/* The shape of a card: a brand's prefix at that brand's length. Random
 * digits of this shape pass Luhn 1 in 10, which is chance_pass_rate. */
static bool card_shape(const char *s, size_t len)
{
    char digits[32];
    size_t n = cls_digits_only(s, len, digits, sizeof digits);
    if (n < 13 || n > 19 || !separators_consistent(s, len))
        return false;
    return cls_card_brand(digits, n) != NULL;
}

static bool card_validate(const char *s, size_t len)
{
    char digits[32];
    size_t n = cls_digits_only(s, len, digits, sizeof digits);
    if (!card_shape(s, len))
        return false;
    return cls_luhn_valid(digits, n);
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
    /* Bare, or the groupings printed on cards: 4-4-4-4-3, 4-4-4-(1..7),
     * 4-6-5 (Amex), 4-6-4 (Diners); one separator kind (back-references). */
    .pattern = "(?<![0-9])(?:[0-9]{4}([ -])[0-9]{4}\\1[0-9]{4}\\1[0-9]{4}\\1[0-9]{3}"
               "|[0-9]{4}([ -])[0-9]{4}\\2[0-9]{4}\\2[0-9]{1,7}"
               "|[0-9]{4}([ -])[0-9]{6}\\3[0-9]{4,5}"
               "|[0-9]{13,19})(?![0-9])",
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
