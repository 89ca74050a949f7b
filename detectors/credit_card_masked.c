/* credit_card_masked: a card number already masked for display, such as
 * "411111******1111", "**** **** **** 1234" or "XXXX-XXXX-XXXX-1234": at
 * most the first six digits, a block of mask characters, the last four
 * digits, 13-19 positions in all. Masked data is still card data. */
#include "common.h"

static bool masked_could_match(const struct cls_shape *sh)
{
    return sh->digits >= 4 && sh->mask_chars >= 4;
}

static bool is_mask_char(char c)
{
    return c == '*' || c == '#' || c == 'X' || c == 'x';
}

/* Positions: [0-6 digits][4+ mask chars of one kind][exactly 4 digits],
 * separators ' ' or '-' of one kind between groups. */
static bool masked_validate(const char *s, size_t len)
{
    size_t head = 0, masked = 0, tail = 0, pos = 0;
    char mask = 0, sep = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ' || c == '-') {
            if (sep && sep != c)
                return false;
            sep = c;
            continue;
        }
        pos++;
        if (c >= '0' && c <= '9') {
            if (masked == 0)
                head++;
            else
                tail++;
        } else if (is_mask_char(c)) {
            if (tail > 0 || (mask && mask != c))
                return false;
            mask = c;
            masked++;
        } else {
            return false;
        }
    }
    return pos >= 13 && pos <= 19 && head <= 6 && masked >= 4 && tail == 4;
}

static void masked_mask(const char *s, size_t len, char *out, size_t outsz)
{
    /* Keep only the last four: the first six are not ours to repeat. */
    cls_mask_keep(s, len, 0, 4, out, outsz);
}

static const char *const positives[] = {
    "************1111", "**** **** **** 1111", "XXXX-XXXX-XXXX-1234", "411111******1111",
    "####-####-####-9424",
    NULL,
};

static const char *const negatives[] = {
    "****", "4111111111111111", "***-**-6789", "4111111*****1111111", "SKU-XXXX-1234",
    NULL,
};

const struct cls_detector cls_detector_credit_card_masked = {
    .id = "credit_card_masked",
    .category = "payment",
    .label = CLS_CONFIDENTIAL,
    .rule = "13-19 positions: up to 6 leading digits, a block of *, X or #, then "
            "the last 4 digits (e.g. 411111******1111)",
    .example = "**** **** **** 1111",
    .could_match = masked_could_match,
    .needs = CLS_NEED_DIGIT | CLS_NEED_MASK,
    .pattern = "(?<![0-9A-Za-z*#])(?:[0-9]{1,6}[ -]?)?[*#Xx]{2,}(?:[ -]?[*#Xx]{2,})*"
               "[ -]?[0-9]{4}(?![0-9A-Za-z])",
    .validate = masked_validate,
    .mask = masked_mask,
    .min_count = 2,
    .positives = positives,
    .negatives = negatives,
};
