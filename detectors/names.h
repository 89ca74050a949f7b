/* The name dictionary behind person_name: the given names and surnames of
 * detectors/names_given.txt and names_surnames.txt, compiled at build time
 * by names_gen.awk into one sorted array (names_data.c, generated), and
 * the lookup that folds a word of any case, accents, apostrophes and
 * hyphens onto it (names.c). Internal to the detectors and their tests;
 * not a public header. */
#ifndef CLASSIFY_DETECTORS_NAMES_H
#define CLASSIFY_DETECTORS_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a dictionary entry is; the _WORD flags mark a name that is also an
 * ordinary English word (rose, hunter, lane), which anchors a pair in free
 * text only beside a name that is not one. */
enum {
    CLS_NAME_GIVEN = 1,
    CLS_NAME_SURNAME = 2,
    CLS_NAME_GIVEN_WORD = 4,
    CLS_NAME_SURNAME_WORD = 8,
};

struct cls_name {
    const char *name;       /* lowercase ASCII, 2..31 letters */
    uint8_t flags;
};

/* Generated: every entry in strcmp order, and for each two-letter prefix
 * (first letter * 26 + second) the index of its first entry; entry 676 is
 * the count. */
extern const struct cls_name cls_names[];
extern const size_t cls_names_count;
extern const uint16_t cls_names_bucket[677];

/* Length in bytes of the letter at s[i] (an ASCII letter, or a Latin-1 or
 * Latin Extended-A letter in UTF-8), 0 when there is none. When a letter,
 * fold gets its lowercase ASCII spelling (one or two letters, NUL-ended:
 * "e" for é, "ss" for ß) and *upper its case. */
size_t cls_name_letter(const char *s, size_t len, size_t i, char fold[3], bool *upper);

/* The flags of the word s[0..len) (0: not a name): letters in any case,
 * accents folded, apostrophes (' and U+2019) ignored. A hyphenated word is
 * looked up whole ("annemarie"), else part by part: a given name when its
 * first part is one, a surname when its last part is one, and only when
 * every part is a name ("Anne-Marie", "Smith-Jones"). */
unsigned cls_name_lookup(const char *s, size_t len);

#endif
