/* The name dictionary behind person_name (names_data.c): lowercase ASCII
 * given names and surnames, each sorted for bsearch. Internal to the
 * detectors and their tests; not a public header. */
#ifndef CLASSIFY_DETECTORS_NAMES_H
#define CLASSIFY_DETECTORS_NAMES_H

#include <stdbool.h>
#include <stddef.h>

extern const char *const cls_given_names[];
extern const size_t cls_given_names_count;
extern const char *const cls_surnames[];
extern const size_t cls_surnames_count;

/* True when the ASCII word s[0..len) (any case; apostrophes ignored) is in
 * the sorted lowercase table. Words longer than 31 letters are not. */
bool cls_name_in(const char *const *table, size_t count, const char *s, size_t len);

#endif
