/* us_mbi: a Medicare Beneficiary Identifier (CMS, since 2018): eleven
 * characters with a fixed class per position, written bare or as 4-3-4
 * with dashes ("1EG4-TE5-MK73"). Letters are upper case and never S, L,
 * O, I, B or Z, so they cannot be misread as digits. */
#include "common.h"

/* The CMS position table: 'C' a digit 1-9, 'N' a digit 0-9, 'A' a letter,
 * 'X' a letter or a digit. */
static const char positions[] = "CAXNAXNAANN";

/* Letters CMS leaves out of MBIs. */
static bool excluded_letter(char c)
{
    return c == 'S' || c == 'L' || c == 'O' || c == 'I' || c == 'B' || c == 'Z';
}

/* Positions 3-4 are a run of one or two digits between letters, which
 * an SKU such as "SKU-12345-A" lacks. */
static bool mbi_could_match(const struct cls_shape *sh)
{
    return sh->len >= 11 && sh->digits >= 5 && sh->upper >= 4 &&
           (CLS_SHAPE_HAS_RUN(sh, 1) || CLS_SHAPE_HAS_RUN(sh, 2));
}

/* Shape only (any upper-case letter where a letter goes); the letter
 * rules are the validator's, so a column of look-alikes shows as
 * candidates that fail. Dashes after positions 4 and 7, both or none. */
static size_t mbi_match_at(const char *v, size_t len, size_t at)
{
    size_t p = at;
    bool dashed = len - at >= 13 && v[at + 4] == '-';
    for (size_t k = 0; k < 11; k++, p++) {
        if (dashed && (k == 4 || k == 7) && v[p++] != '-')
            return 0;
        if (p >= len)
            return 0;
        char c = v[p];
        bool ok = positions[k] == 'A' ? cls_is_upper(c)
                  : positions[k] == 'X' ? cls_is_upper(c) || cls_is_digit(c)
                  : cls_is_digit(c);
        if (!ok)
            return 0;
    }
    return cls_word_ends(v, len, p) && !(p < len && v[p] == '-') ? p - at : 0;
}

static bool mbi_find(const char *v, size_t len, size_t from, struct cls_span *span)
{
    return cls_find_word(v, len, from, mbi_match_at, span);
}

/* The same candidates from the digit runs: position 1 is a digit and
 * position 2 a letter, so an MBI starts at a run of one digit that
 * starts a word. */
static bool mbi_find_in_runs(const char *v, size_t len, const struct cls_digit_runs *runs,
                             size_t from, struct cls_span *span)
{
    for (uint32_t k = 0; k < runs->count; k++) {
        size_t at = runs->run[k].start;
        if (runs->run[k].len != 1 || at < from || (at > 0 && cls_is_alnum(v[at - 1])))
            continue;
        size_t n = mbi_match_at(v, len, at);
        if (n) {
            *span = (struct cls_span){.start = at, .len = n};
            return true;
        }
    }
    return false;
}

static bool mbi_validate(const char *s, size_t len)
{
    if (s[0] == '0')
        return false;
    for (size_t i = 0; i < len; i++)
        if (excluded_letter(s[i]))
            return false;
    return true;
}

static void mbi_mask(const char *s, size_t len, char *out, size_t outsz)
{
    cls_mask_keep(s, len, 0, 2, out, outsz);
}

static const char *const positives[] = {
    "1EG4-TE5-MK73",    /* CMS's example MBI */
    "1EG4TE5MK73",
    "9AA0AA0AA00",
    "2C39U07AN22",
    "member 1EG4-TE5-MK73 enrolled",
    NULL,
};

static const char *const negatives[] = {
    "0EG4-TE5-MK73",    /* position 1 is never 0 */
    "1SG4-TE5-MK73",    /* S is never used */
    "1EG4-TE5-MO73",    /* O is never used */
    "1EG4-TE5-MK7",     /* too short */
    "1EG4TE5MK733",     /* too long */
    "1EG4-TE5MK73",     /* one dash only */
    "1EGA-TE5-MK73",    /* a letter where a digit goes */
    NULL,
};

const struct cls_detector cls_detector_us_mbi = {
    .id = "us_mbi",
    .category = "health",
    .label = CLS_SECRET,
    .rule = "11 characters by the CMS position table (digit 1-9, letter, letter/digit, "
            "digit, ...), bare or dashed 4-3-4; no S, L, O, I, B, Z",
    .example = "1EG4-TE5-MK73",
    .could_match = mbi_could_match,
    .needs = CLS_NEED_DIGIT | CLS_NEED_UPPER,
    .needs_runs = 1u << 1 | 1u << 2,
    .find = mbi_find,
    .find_in_runs = mbi_find_in_runs,
    .validate = mbi_validate,
    .mask = mbi_mask,
    .min_count = 2,
    .name_hint = "mbi|medicare|beneficiary",
    .positives = positives,
    .negatives = negatives,
};
