/* The decisions of a reviewed workbook: the rows of its Columns and Tables
 * sheets that carry a Decision, found by their header names (so a reviewer
 * who moves a column does not lose a decision), read through the xlsx
 * reader (xlsx_read.h). */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/xlsx.h"
#include "report/xlsx_read.h"
#include "util/util.h"

const struct cls_xlsx_review *cls_xlsx_reviews_find(const struct cls_xlsx_reviews *rv,
                                                    const char *source, const char *schema,
                                                    const char *table, const char *column)
{
    for (size_t i = 0; rv && i < rv->count; i++) {
        const struct cls_xlsx_review *v = &rv->items[i];
        if (strcmp(v->source, source ? source : "") == 0 &&
            strcmp(v->schema, schema ? schema : "") == 0 &&
            strcmp(v->table, table ? table : "") == 0 &&
            strcmp(v->column, column ? column : "") == 0)
            return v;
    }
    return NULL;
}

void cls_xlsx_reviews_free(struct cls_xlsx_reviews *rv)
{
    for (size_t i = 0; rv && i < rv->count; i++) {
        struct cls_xlsx_review *v = &rv->items[i];
        free(v->source);
        free(v->schema);
        free(v->table);
        free(v->column);
        free(v->fingerprint);
        free(v->decision);
        free(v->corrected);
        free(v->reviewer);
        free(v->date);
        free(v->comment);
    }
    if (rv) {
        free(rv->items);
        rv->items = NULL;
        rv->count = 0;
    }
}

/* ---- reading ------------------------------------------------------------------------ */

static const char *const decisions[] = {"Agree", "Corrected label", "False positive",
                                        "Accepted risk"};

/* Days since 1899-12-30 (a spreadsheet's date serial) as YYYY-MM-DD. */
static bool serial_date(const char *text, char out[11])
{
    char *end;
    double v = strtod(text, &end);
    if (*end || !(v >= 1 && v < 2958466))
        return false;
    long z = (long)v - 25569 + 719468;   /* days from 0000-03-01 */
    long era = z / 146097, doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    char buf[64];
    snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", y, m, d);
    memcpy(out, buf, 10);
    out[10] = '\0';
    return true;
}

/* A date cell: a serial number, or text starting YYYY-MM-DD. */
static bool cell_date(const struct cls_xlsx_cell *c, char out[11])
{
    if (!c)
        return true;   /* no date given */
    if (c->type == 'n')
        return serial_date(c->text, out);
    int y, m, d;
    if (sscanf(c->text, "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12 && d >= 1 &&
        d <= 31) {
        snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
        return true;
    }
    return false;
}

struct layout {
    const char *sheet;
    long source, schema, table, column, decision, corrected, reviewer, date, comment, key;
};

static long find_col(const struct cls_xlsx_sheet *s, const char *name)
{
    for (size_t i = 0; i < s->count && s->cells[i].row == 0; i++)
        if (strcmp(s->cells[i].text, name) == 0)
            return (long)s->cells[i].col;
    return -1;
}

static const char *text_at(const struct cls_xlsx_sheet *s, uint32_t row, long col)
{
    const struct cls_xlsx_cell *c = col >= 0 ? cls_xlsx_cell_at(s, row, (uint32_t)col) : NULL;
    return c ? c->text : "";
}

static int add_review(struct cls_xlsx_reviews *out, const struct cls_xlsx_sheet *s,
                      const struct layout *l, uint32_t row, const char *decision,
                      const char *date)
{
    struct cls_xlsx_review *p = realloc(out->items, (out->count + 1) * sizeof *p);
    if (!p)
        return CLS_ENOMEM;
    out->items = p;
    struct cls_xlsx_review *v = &p[out->count++];
    v->source = cls_strdup(text_at(s, row, l->source));
    v->schema = cls_strdup(text_at(s, row, l->schema));
    v->table = cls_strdup(text_at(s, row, l->table));
    v->column = cls_strdup(text_at(s, row, l->column));
    v->fingerprint = cls_strdup(text_at(s, row, l->key));
    v->decision = cls_strdup(decision);
    v->corrected = cls_strdup(text_at(s, row, l->corrected));
    v->reviewer = cls_strdup(text_at(s, row, l->reviewer));
    v->date = cls_strdup(date);
    v->comment = cls_strdup(text_at(s, row, l->comment));
    v->row = (size_t)row + 1;
    return v->source && v->schema && v->table && v->column && v->fingerprint && v->decision &&
                   v->corrected && v->reviewer && v->date && v->comment
               ? 0
               : CLS_ENOMEM;
}

static int read_row(struct cls_xlsx_reviews *out, const struct cls_xlsx_sheet *s,
                    const struct layout *l, uint32_t row, struct cls_error *err)
{
    const char *decision = text_at(s, row, l->decision);
    if (!decision[0])
        return 0;
    size_t k = 0;
    while (k < 4 && strcmp(decisions[k], decision) != 0)
        k++;
    if (k == 4)
        return cls_error_set(err, CLS_EPARSE, "%s row %u: Decision \"%.60s\" is not Agree, "
                             "Corrected label, False positive or Accepted risk",
                             l->sheet, row + 1, decision);
    char date[11] = "";
    const struct cls_xlsx_cell *dc =
        l->date >= 0 ? cls_xlsx_cell_at(s, row, (uint32_t)l->date) : NULL;
    if (!cell_date(dc, date))
        return cls_error_set(err, CLS_EPARSE, "%s row %u: Review date \"%.40s\" is not a date",
                             l->sheet, row + 1, dc->text);
    if (k == 1 && !text_at(s, row, l->corrected)[0])
        return cls_error_set(err, CLS_EPARSE, "%s row %u: Corrected label is empty",
                             l->sheet, row + 1);
    if (add_review(out, s, l, row, decision, date) < 0)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    return 0;
}

static int read_sheet_reviews(struct cls_xlsx_reviews *out, const struct cls_xlsx_sheet *s,
                              bool tables, struct cls_error *err)
{
    struct layout l = {
        .sheet = s->name,
        .source = find_col(s, tables ? "Target" : "Source"),
        .schema = find_col(s, "Schema"),
        .table = find_col(s, "Table"),
        .column = tables ? -1 : find_col(s, "Column"),
        .decision = find_col(s, "Decision"),
        .corrected = find_col(s, "Corrected label"),
        .reviewer = find_col(s, "Reviewed by"),
        .date = find_col(s, "Review date"),
        .comment = find_col(s, "Comment"),
        .key = find_col(s, "Review key (do not edit)"),
    };
    if (l.source < 0 || l.table < 0 || l.decision < 0 || (!tables && l.column < 0))
        return cls_error_set(err, CLS_EPARSE, "sheet %s lacks its %s, Table or Decision "
                             "header: not a classify workbook", s->name,
                             tables ? "Target" : "Source");
    uint32_t rows = cls_xlsx_sheet_rows(s);
    for (uint32_t row = 1; row < rows; row++) {
        int rc = read_row(out, s, &l, row, err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int cls_xlsx_read_reviews(const char *path, struct cls_xlsx_reviews *out,
                          struct cls_error *err)
{
    static const char *const wanted[] = {"Tables", "Columns", NULL};
    struct cls_xlsx_book book;
    memset(out, 0, sizeof *out);
    int rc = cls_xlsx_read_file(path, wanted, &book, err);
    const struct cls_xlsx_sheet *t = rc == 0 ? cls_xlsx_sheet_find(&book, "Tables") : NULL;
    const struct cls_xlsx_sheet *c = rc == 0 ? cls_xlsx_sheet_find(&book, "Columns") : NULL;
    if (rc == 0 && !t && !c)
        rc = cls_error_set(err, CLS_EPARSE, "no Tables or Columns sheet: not a classify "
                           "workbook");
    if (rc == 0 && t)
        rc = read_sheet_reviews(out, t, true, err);
    if (rc == 0 && c)
        rc = read_sheet_reviews(out, c, false, err);
    cls_xlsx_book_free(&book);
    if (rc < 0) {
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%s", err->message);
        cls_error_set(err, rc, "%s: %s", path, msg);
        cls_xlsx_reviews_free(out);
    }
    return rc;
}
