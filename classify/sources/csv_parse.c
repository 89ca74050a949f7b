/* The CSV reader: a byte-at-a-time state machine over a buffered FILE.
 * Field bytes go into one growable buffer (each field capped at
 * CLS_VALUE_MAX); offsets are turned into pointers once the row is done, so
 * a buffer move mid-row cannot leave dangling pointers. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "classify/source.h"
#include "sources/csv_parse.h"

struct cls_csv {
    FILE *f;
    char *name;
    unsigned long line;          /* current line (1-based) */
    int at_start;                /* BOM check pending */
    char *buf;                   /* field bytes of the current row */
    size_t buf_len, buf_cap;
    size_t *offs, *lens;         /* [CLS_CSV_MAX_FIELDS] */
    const char **ptrs;
    size_t count;
};

int cls_csv_new(struct cls_csv **out, FILE *f, const char *name)
{
    struct cls_csv *c = calloc(1, sizeof *c);
    if (!c)
        return CLS_ENOMEM;
    c->f = f;
    c->name = strdup(name);
    c->line = 1;
    c->at_start = 1;
    c->buf_cap = 4096;
    c->buf = malloc(c->buf_cap);
    c->offs = calloc(CLS_CSV_MAX_FIELDS, sizeof *c->offs);
    c->lens = calloc(CLS_CSV_MAX_FIELDS, sizeof *c->lens);
    c->ptrs = calloc(CLS_CSV_MAX_FIELDS, sizeof *c->ptrs);
    if (!c->name || !c->buf || !c->offs || !c->lens || !c->ptrs) {
        cls_csv_free(c);
        return CLS_ENOMEM;
    }
    *out = c;
    return 0;
}

void cls_csv_free(struct cls_csv *c)
{
    if (!c)
        return;
    free(c->name);
    free(c->buf);
    free(c->offs);
    free(c->lens);
    free(c->ptrs);
    free(c);
}

static int push_byte(struct cls_csv *c, char ch)
{
    if (c->lens[c->count] >= CLS_VALUE_MAX)
        return 0;            /* past the cap: drop, keep parsing */
    if (c->buf_len == c->buf_cap) {
        char *nb = realloc(c->buf, c->buf_cap * 2);
        if (!nb)
            return CLS_ENOMEM;
        c->buf = nb;
        c->buf_cap *= 2;
    }
    c->buf[c->buf_len++] = ch;
    c->lens[c->count]++;
    return 0;
}

static int start_field(struct cls_csv *c, struct cls_error *err, unsigned long row_line)
{
    if (c->count + 1 >= CLS_CSV_MAX_FIELDS)
        return cls_error_set(err, CLS_ETOOBIG, "%s:%lu: more than %d fields in one row",
                             c->name, row_line, CLS_CSV_MAX_FIELDS);
    c->count++;
    c->offs[c->count] = c->buf_len;
    c->lens[c->count] = 0;
    return 0;
}

static void finish_row(struct cls_csv *c, struct cls_csv_row *row, unsigned long line)
{
    size_t n = c->count + 1;
    for (size_t i = 0; i < n; i++)
        c->ptrs[i] = c->buf + c->offs[i];
    row->fields = c->ptrs;
    row->lens = c->lens;
    row->count = n;
    row->line = line;
}

/* Skips a UTF-8 byte-order mark at the very start of the input. Returns
 * -1 for a broken one (EF BB not followed by BF): stdio guarantees only
 * one byte of push-back, and such a file is not UTF-8 text anyway. */
static int skip_bom(struct cls_csv *c)
{
    int a = getc(c->f);
    if (a != 0xEF) {
        if (a != EOF)
            ungetc(a, c->f);
        return 0;
    }
    int b = getc(c->f);
    if (b != 0xBB) {
        if (b != EOF)
            ungetc(b, c->f);
        /* EF xx: an invalid UTF-8 lead byte; the EF itself is lost, so
         * say so rather than scan a damaged header. */
        return -1;
    }
    return getc(c->f) == 0xBF ? 0 : -1;
}

enum state { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED };

int cls_csv_next(struct cls_csv *c, struct cls_csv_row *row, struct cls_error *err)
{
    if (c->at_start) {
        c->at_start = 0;
        if (skip_bom(c) < 0)
            return cls_error_set(err, CLS_EPARSE,
                                 "%s:1: starts with a broken byte-order mark (not UTF-8 text)",
                                 c->name);
    }
    for (;;) {
        enum state st = FIELD_START;
        unsigned long row_line = c->line, quote_line = 0;
        int any = 0, rc;
        c->buf_len = 0;
        c->count = 0;
        c->offs[0] = 0;
        c->lens[0] = 0;
        for (;;) {
            int ch = getc(c->f);
            if (ch == EOF) {
                if (ferror(c->f))
                    return cls_error_set(err, CLS_EIO, "%s:%lu: read error", c->name, c->line);
                if (st == QUOTED)
                    return cls_error_set(err, CLS_EPARSE,
                                         "%s:%lu: unterminated quoted field (still open at end of file)",
                                         c->name, quote_line);
                if (!any)
                    return 0;
                finish_row(c, row, row_line);
                return 1;
            }
            if (ch == '\0')
                return cls_error_set(err, CLS_EPARSE,
                                     "%s:%lu: NUL byte: not a text CSV file", c->name, c->line);
            if (ch == '\n')
                c->line++;
            any = 1;
            switch (st) {
            case QUOTED:
                if (ch == '"')
                    st = QUOTE_IN_QUOTED;
                else if ((rc = push_byte(c, (char)ch)) < 0)
                    return cls_error_set(err, rc, "out of memory");
                continue;
            case QUOTE_IN_QUOTED:
                if (ch == '"') {           /* doubled quote */
                    st = QUOTED;
                    if ((rc = push_byte(c, '"')) < 0)
                        return cls_error_set(err, rc, "out of memory");
                    continue;
                }
                if (ch != ',' && ch != '\n' && ch != '\r')
                    return cls_error_set(err, CLS_EPARSE,
                                         "%s:%lu: unexpected character after a closing quote",
                                         c->name, c->line);
                break;
            case FIELD_START:
                if (ch == '"') {
                    st = QUOTED;
                    quote_line = c->line;
                    continue;
                }
                break;
            case UNQUOTED:
                break;
            }
            /* Unquoted context (or just after a closing quote). */
            if (ch == ',') {
                if ((rc = start_field(c, err, row_line)) < 0)
                    return rc;
                st = FIELD_START;
            } else if (ch == '\r') {
                int next = getc(c->f);
                if (next != '\n' && next != EOF)
                    ungetc(next, c->f);
                /* CRLF counted its line at the LF; a lone CR (old Mac
                 * files) ends a line by itself. */
                c->line++;
                if (c->count == 0 && c->lens[0] == 0 && st == FIELD_START)
                    break;      /* a blank line is no row at all */
                finish_row(c, row, row_line);
                return 1;
            } else if (ch == '\n') {
                if (c->count == 0 && c->lens[0] == 0 && st == FIELD_START)
                    break;      /* a blank line is no row at all */
                finish_row(c, row, row_line);
                return 1;
            } else {
                st = UNQUOTED;
                if ((rc = push_byte(c, (char)ch)) < 0)
                    return cls_error_set(err, rc, "out of memory");
            }
        }
        /* blank line: go round for the next row */
    }
}
