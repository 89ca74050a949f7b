/* us_dea: a US DEA registration number: a registrant-type letter, the
 * first letter of the registrant's surname (or 9 for some business
 * registrations), seven digits whose last is the DEA check digit:
 * (d1 + d3 + d5) + 2 * (d2 + d4 + d6), last digit. */
#include "common.h"

/* Registrant types in use (DEA Diversion Control): A, B, F, G practitioners
 * and facilities, M mid-level practitioners, P, R distributors, X the
 * DATA-waiver prefix, and the C-L, S-U business activities. */
static const char registrant_types[] = "ABCDEFGHJKLMPRSTUX";

static bool dea_could_match(const struct cls_shape *sh)
{
    return sh->upper >= 1 && CLS_SHAPE_HAS_RUN(sh, 7);
}

static bool is_registrant_type(char c)
{
    for (const char *p = registrant_types; *p; p++)
        if (*p == c)
            return true;
    return false;
}

/* Shape: [type][letter or 9][7 digits], a word of its own. */
static size_t dea_match_at(const char *v, size_t len, size_t at)
{
    if (len - at < 9 || !is_registrant_type(v[at]))
        return 0;
    if (!cls_is_upper(v[at + 1]) && v[at + 1] != '9')
        return 0;
    for (size_t i = 2; i < 9; i++)
        if (!cls_is_digit(v[at + i]))
            return 0;
    return cls_word_ends(v, len, at + 9) ? 9 : 0;
}

static bool dea_find(const char *v, size_t len, size_t from, struct cls_span *span)
{
    return cls_find_word(v, len, from, dea_match_at, span);
}

/* The same candidates from the digit runs: the seven digits are a run of
 * exactly seven after two letters, or the surname's 9 makes it a run of
 * eight starting with 9 after one letter (the word ends after them, so
 * no longer run holds one). A run gives at most one word start. */
static bool dea_find_in_runs(const char *v, size_t len, const struct cls_digit_runs *runs,
                             size_t from, struct cls_span *span)
{
    for (uint32_t k = 0; k < runs->count; k++) {
        const struct cls_digit_run *r = &runs->run[k];
        size_t at;
        if (r->len == 7 && r->start >= 2)
            at = r->start - 2;
        else if (r->len == 8 && r->start >= 1 && v[r->start] == '9')
            at = r->start - 1;
        else
            continue;
        if (at < from || (at > 0 && cls_is_alnum(v[at - 1])))
            continue;
        size_t n = dea_match_at(v, len, at);
        if (n) {
            *span = (struct cls_span){.start = at, .len = n};
            return true;
        }
    }
    return false;
}

static bool dea_validate(const char *s, size_t len)
{
    if (len != 9)
        return false;
    const char *d = s + 2;
    unsigned odd = (unsigned)(d[0] - '0') + (unsigned)(d[2] - '0') + (unsigned)(d[4] - '0');
    unsigned even = (unsigned)(d[1] - '0') + (unsigned)(d[3] - '0') + (unsigned)(d[5] - '0');
    return (odd + 2 * even) % 10 == (unsigned)(d[6] - '0');
}

static void dea_mask(const char *s, size_t len, char *out, size_t outsz)
{
    cls_mask_keep(s, len, 1, 2, out, outsz);
}

/* Words written beside the number in free text. */
static const char *const context[] = {"dea", "prescriber", "registration", NULL};

static const char *const positives[] = {
    "AB1234563",        /* the textbook check-digit example */
    "BJ6125341",
    "MA1234563",
    "AP5836727",
    "DEA# FN1234563 on the script",
    NULL,
};

static const char *const negatives[] = {
    "AB1234564",        /* wrong check digit */
    "AB1234573",        /* one digit changed */
    "AB123456",         /* too short */
    "AB12345634",       /* too long */
    "ZB1234563",        /* Z is not a registrant type */
    "A11234563",        /* second position neither a letter nor 9 */
    "XAB1234563",       /* part of a longer word */
    NULL,
};

const struct cls_detector cls_detector_us_dea = {
    .id = "us_dea",
    .category = "health",
    .label = CLS_CONFIDENTIAL,
    .rule = "registrant-type letter, surname initial (or 9), 7 digits; check digit = "
            "last digit of (d1+d3+d5) + 2*(d2+d4+d6)",
    .example = "AB1234563",
    .could_match = dea_could_match,
    .needs = CLS_NEED_UPPER,
    .needs_runs = 1u << 7,
    .find = dea_find,
    .find_in_runs = dea_find_in_runs,
    .validate = dea_validate,
    .context_words = context,
    .mask = dea_mask,
    .min_count = 2,
    /* 1 in 10 random candidates has the right check digit. */
    .chance_pass_rate = 0.1,
    .name_hint = "dea|prescriber|registration_?(no|num)",
    .positives = positives,
    .negatives = negatives,
};
