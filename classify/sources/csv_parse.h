/* A streaming RFC 4180 CSV reader: quoted fields, doubled quotes, embedded
 * newlines, CRLF or LF, a UTF-8 byte-order mark. Fields longer than
 * CLS_VALUE_MAX are cut to that prefix (parsing goes on), so a 10 MB cell
 * costs no memory. Malformed input gets an error naming the line. */
#ifndef CLASSIFY_CSV_H
#define CLASSIFY_CSV_H

#include <stdio.h>

#include "classify/error.h"

/* More fields than this in one row is an error, not an allocation. */
#define CLS_CSV_MAX_FIELDS 4096

struct cls_csv;

struct cls_csv_row {
    const char *const *fields;  /* not NUL-terminated; see lens */
    const size_t *lens;
    size_t count;
    unsigned long line;         /* line on which the row starts (1-based) */
};

/* Reads from f (not closed by the reader); name is used in messages. */
int cls_csv_new(struct cls_csv **out, FILE *f, const char *name);
void cls_csv_free(struct cls_csv *csv);

/* Returns 1 and fills *row (valid until the next call), 0 at end of input,
 * or a negative code with err set ("name:LINE: unterminated quoted field"). */
int cls_csv_next(struct cls_csv *csv, struct cls_csv_row *row, struct cls_error *err);

#endif
