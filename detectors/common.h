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

#endif
