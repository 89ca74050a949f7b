/* Rows of PostgreSQL's COPY text format, as COPY ... TO STDOUT sends them:
 * a streamed sample is read that way (sources/pg.c), one buffer a row,
 * instead of one PGresult a row in single-row mode. */
#ifndef CLASSIFY_COPY_TEXT_H
#define CLASSIFY_COPY_TEXT_H

#include <stddef.h>

/* Splits one row (len bytes, its final newline optional) into at most max
 * columns, decoding escapes in place (a value only shrinks): vals[i]
 * points into line (NULL for \N), lens[i] is its decoded length. The
 * format (PostgreSQL "COPY", Text Format): columns separated by a tab; in
 * a value, \b \f \n \r \t \v, \\, a backslash and 1-3 octal digits or x
 * and 1-2 hex digits, and a backslash before any other byte is that byte.
 * Returns the number of columns, or -1 when the row has more than max or
 * ends in a lone backslash. */
int cls_copy_text_row(char *line, size_t len, const char **vals, size_t *lens, size_t max);

#endif
