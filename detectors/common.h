/* Helpers shared by detectors: published checksums and evidence masking.
 * Internal to the detectors and the engine's tests; not a public header. */
#ifndef CLASSIFY_DETECTORS_COMMON_H
#define CLASSIFY_DETECTORS_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "classify/detector.h"

/* Copies the ASCII digits of s into out (at most outsz - 1, NUL-terminated)
 * and returns how many there were (which may exceed what was copied). */
size_t cls_digits_only(const char *s, size_t len, char *out, size_t outsz);

/* Luhn (ISO/IEC 7812-1) over a string of ASCII digits. */
bool cls_luhn_valid(const char *digits, size_t n);

/* Masks s into out: every ASCII letter or digit becomes '*', except the
 * first `keep_head` and the last `keep_tail` of them; other bytes (spaces,
 * dashes) are kept so the shape stays readable: "4111 **** **** 1111". */
void cls_mask_keep(const char *s, size_t len, size_t keep_head, size_t keep_tail,
                   char *out, size_t outsz);

/* NHS number check digit (NHS Data Dictionary): weights 10..2 over the
 * first nine digits, check = 11 - sum mod 11 (11 -> 0, 10 -> never
 * issued). d holds exactly n ASCII digits; false unless n == 10. */
bool cls_nhs_mod11_valid(const char *d, size_t n);

/* ISO 7064 MOD 97-10 as IBAN uses it: continues remainder r (start at 0)
 * over s, digits as themselves and letters A-Z/a-z as 10..35. Returns the
 * new remainder, or -1 on any other byte. */
int cls_mod97(int r, const char *s, size_t n);

/* Decodes unpadded base64url (RFC 4648 section 5) s into out. Returns the
 * decoded length, or -1 when s has a byte outside the alphabet, an
 * impossible length (n % 4 == 1), or out (outsz bytes) is too small. */
long cls_base64url_decode(const char *s, size_t n, unsigned char *out, size_t outsz);

/* ---- candidate scanners for hand-written `find` functions (util.c) ---- */

/* ASCII classes, independent of the locale: a UTF-8 locale must not change
 * what a detector matches, nor slow it down. */
static inline bool cls_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline bool cls_is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static inline bool cls_is_alnum(char c)
{
    return cls_is_digit(c) || cls_is_upper(c) || (c >= 'a' && c <= 'z');
}

/* Forms accepted by cls_find_digit_groups. */
enum {
    CLS_DIGITS_BARE = 1,     /* all the digits with no separator */
    CLS_DIGITS_GROUPED = 2,  /* the groups joined by one kind of ' ' or '-' */
};

/* Finds, at or after `from`, the next number written as the digit groups
 * `groups[0..ngroups)` (e.g. 3, 3, 4) in one of `forms`. The number must
 * stand alone: no letter or digit touches it, and it neither follows nor
 * continues with a separator and more digits ("12 943 476 5919" holds no
 * 3-3-4 number). Fills *span and returns true, or returns false. */
bool cls_find_digit_groups(const char *v, size_t len, size_t from,
                           const unsigned char *groups, size_t ngroups, unsigned forms,
                           struct cls_span *span);

/* As cls_find_digit_groups, walking only the value's digit runs. */
bool cls_find_digit_groups_in_runs(const char *v, size_t len, const struct cls_digit_runs *runs,
                                   size_t from, const unsigned char *groups, size_t ngroups,
                                   unsigned forms, struct cls_span *span);

/* Tries to match at v[at]; returns the match length, or 0. */
typedef size_t (*cls_match_at_fn)(const char *v, size_t len, size_t at);

/* Calls match_at at every word start at or after `from` (a letter or
 * digit not preceded by one) until it matches; fills *span and returns
 * true, or returns false. match_at checks the end boundary itself. */
bool cls_find_word(const char *v, size_t len, size_t from, cls_match_at_fn match_at,
                   struct cls_span *span);

/* True when position `end` of v ends a word: the end, or not alnum. */
static inline bool cls_word_ends(const char *v, size_t len, size_t end)
{
    return end >= len || !cls_is_alnum(v[end]);
}

#endif
