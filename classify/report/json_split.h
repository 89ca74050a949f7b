/* Splitting one array member out of a JSON document (json_split.c), so
 * that a large report is read a table at a time: the rest of the document
 * (its "skeleton", with that member's value written as []) parses as one
 * small tree, and each element of the array is parsed, checked and
 * converted alone, then freed. A 100,000-table report is 200 MB of JSON and
 * over 600 MB as one jansson tree; split, one table's tree is a few KB.
 *
 * The splitter only finds where things begin and end (strings, escapes,
 * brackets); jansson still parses every byte, of the skeleton or of an
 * element. It declines (returns 1) whatever it cannot split with certainty,
 * and the caller then reads the document whole, as before. */
#ifndef CLS_REPORT_JSON_SPLIT_H
#define CLS_REPORT_JSON_SPLIT_H

#include <stdio.h>
#include <sys/types.h>

/* Where one element of the array lies in the file. */
struct cls_json_span {
    off_t offset;
    size_t length;
};

struct cls_json_split {
    char *skeleton;                /* the document, the member's value as [] */
    size_t skeleton_len;
    struct cls_json_span *elements;
    size_t count;
};

/* Reads the JSON object in f from its start and splits out the value of
 * its top-level member key, which must be an array of objects. Returns 0
 * with *out filled, 1 when the document is not one that splits for
 * certain (not an object, the key missing, written with an escape or twice,
 * an element not an object, a stray byte where a ',' or ']' belongs: the
 * whole-document parse then gives the exact error), or CLS_ENOMEM /
 * CLS_EIO. key holds no '"' or '\\'. */
int cls_json_split(FILE *f, const char *key, struct cls_json_split *out);

/* Reads element i of split from f into *buf (grown as needed, NUL
 * terminated; *cap its size). Returns 0 or CLS_ENOMEM / CLS_EIO. */
int cls_json_split_read(FILE *f, const struct cls_json_split *split, size_t i, char **buf,
                        size_t *cap);

void cls_json_split_free(struct cls_json_split *split);

#endif
