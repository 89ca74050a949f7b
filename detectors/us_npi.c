/* us_npi: a US National Provider Identifier (CMS), ten digits starting
 * with 1 or 2, whose last digit is the Luhn check digit computed over the
 * number prefixed with 80840 (the ISO 7812 card issuer prefix of US
 * health applications). Written bare. */
#include <string.h>

#include "common.h"

static const unsigned char groups[] = {10};

static bool npi_could_match(const struct cls_shape *sh)
{
    return CLS_SHAPE_HAS_RUN(sh, 10);
}

/* Candidates are 10-digit numbers starting with 1 or 2: other first
 * digits are not assigned, so they are not even candidates. */
static bool npi_find(const char *v, size_t len, size_t from, struct cls_span *span)
{
    while (cls_find_digit_groups(v, len, from, groups, 1, CLS_DIGITS_BARE, span)) {
        char c = v[span->start];
        if (c == '1' || c == '2')
            return true;
        from = span->start + span->len;
    }
    return false;
}

static bool npi_find_in_runs(const char *v, size_t len, const struct cls_digit_runs *runs,
                             size_t from, struct cls_span *span)
{
    while (cls_find_digit_groups_in_runs(v, len, runs, from, groups, 1, CLS_DIGITS_BARE, span)) {
        char c = v[span->start];
        if (c == '1' || c == '2')
            return true;
        from = span->start + span->len;
    }
    return false;
}

static bool npi_validate(const char *s, size_t len)
{
    char buf[16] = "80840";
    if (len != 10)
        return false;
    memcpy(buf + 5, s, 10);
    return cls_luhn_valid(buf, 15);
}

static void npi_mask(const char *s, size_t len, char *out, size_t outsz)
{
    cls_mask_keep(s, len, 0, 4, out, outsz);
}

/* Words written beside the number in free text. */
static const char *const context[] = {"npi", "provider", "prescriber", NULL};

static const char *const positives[] = {
    "1234567893",       /* CMS's check-digit example */
    "1245319599",
    "1003000126",
    "provider NPI 1679576722 billed",
    NULL,
};

static const char *const negatives[] = {
    "1234567890",       /* wrong check digit */
    "1234567883",       /* one digit changed */
    "123456789",        /* too short */
    "12345678931",      /* too long */
    "3234567893",       /* first digit not 1 or 2 */
    "123-456-7893",     /* NPIs are not written grouped */
    "1732204800000",    /* a millisecond timestamp */
    NULL,
};

const struct cls_detector cls_detector_us_npi = {
    .id = "us_npi",
    .category = "health",
    .label = CLS_CONFIDENTIAL,
    .rule = "10 digits starting with 1 or 2; Luhn check digit over the number "
            "prefixed with 80840",
    .example = "1234567893",
    .could_match = npi_could_match,
    .needs_runs = 1u << 10,
    .find = npi_find,
    .find_in_runs = npi_find_in_runs,
    .validate = npi_validate,
    .context_words = context,
    .mask = npi_mask,
    .min_count = 2,
    /* 1 in 10 random candidates passes Luhn. */
    .chance_pass_rate = 0.1,
    .name_hint = "npi|provider_?(id|no|num)|prescriber",
    .positives = positives,
    .negatives = negatives,
};
