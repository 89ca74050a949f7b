/* The workbook's Tables sheet, right after Summary: one row per table, most
 * sensitive first, then by name, answering "which tables are Secret?"
 * without filtering column rows. Each row has the detectors that drove the
 * label, how many columns sit at each label, estimated and sampled rows,
 * what changed since the prior run, and the decision cells. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report/diff.h"
#include "report/xlsx_book.h"

static int by_label_then_name(const void *pa, const void *pb)
{
    const struct cls_table_report *a = *(const struct cls_table_report *const *)pa;
    const struct cls_table_report *b = *(const struct cls_table_report *const *)pb;
    if (a->label != b->label)
        return a->label > b->label ? -1 : 1;
    int c = strcmp(a->schema ? a->schema : "", b->schema ? b->schema : "");
    if (c == 0)
        c = strcmp(a->table ? a->table : "", b->table ? b->table : "");
    return c ? c : strcmp(a->source ? a->source : "", b->source ? b->source : "");
}

/* A change names its source as the new report does (the display source),
 * or by "host:port" / a file's base name (diff.c's identity). */
static bool same_source(const char *change_src, const char *display)
{
    if (strcmp(change_src, display) == 0)
        return true;
    char *id = cls_diff_source_identity(display);
    bool same = id && strcmp(change_src, id) == 0;
    free(id);
    return same;
}

/* "label raised Confidential -> Secret; 2 column added" for one table. */
static void change_text(const struct book *b, const struct cls_table_report *t, struct text *out)
{
    const struct cls_report *r = b->r;
    if (!r->has_changes) {
        xb_text_add(out, "", "(no prior run)");
        return;
    }
    size_t count[CLS_CHANGE_KIND_COUNT] = {0};
    for (size_t i = 0; i < r->change_count; i++) {
        const struct cls_change *c = &r->changes[i];
        if (strcmp(c->schema, t->schema ? t->schema : "") != 0 ||
            strcmp(c->table, t->table ? t->table : "") != 0 ||
            !same_source(c->source, t->source ? t->source : ""))
            continue;
        if (!c->column[0] && (c->kind == CLS_CHANGE_LABEL_RAISED ||
                              c->kind == CLS_CHANGE_LABEL_LOWERED))
            xb_text_add(out, "; ", "table label %s -> %s", c->before, c->after);
        else
            count[c->kind]++;
    }
    for (int k = 0; k < CLS_CHANGE_KIND_COUNT; k++)
        if (count[k])
            xb_text_add(out, "; ", "%zu %s", count[k], cls_diff_kind_words((enum cls_change_kind)k));
    if (!out->len)
        xb_text_add(out, "", "unchanged");
}

enum { T_TARGET, T_SCHEMA, T_TABLE, T_LABEL, T_DRIVERS, T_COUNTS };

static void table_row(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                      const struct cls_table_report *t, struct text *tx, const double *max)
{
    lxw_col_t col = T_COUNTS;
    xb_put(b, ws, row, T_TARGET, t->source, b->wrap);
    xb_put(b, ws, row, T_SCHEMA, t->schema, b->top);
    xb_put(b, ws, row, T_TABLE, t->table, b->top);
    xb_put(b, ws, row, T_LABEL, xb_label_name(b, t->label), xb_label_format(b, t->label));
    xb_text_reset(tx);
    xb_table_drivers(tx, t);
    for (size_t i = 0; i < t->reason_count; i++)
        xb_text_add(tx, "; ", "%s", t->reasons[i]);
    for (char *p = tx->buf; *p; p++)
        if (*p == ',')
            *p = ' ';
    xb_put(b, ws, row, T_DRIVERS, tx->len ? tx->buf : "(none)", tx->len ? b->wrap : b->note);
    size_t lines = xb_wrapped_lines(tx->buf, max[T_DRIVERS]);
    double n[LEVELS_MAX + 1] = {0};
    for (size_t c = 0; c < t->column_count; c++)
        if (t->columns[c].skipped)
            n[LEVELS_MAX]++;
        else if ((size_t)t->columns[c].label < b->levels)
            n[t->columns[c].label]++;
    for (size_t l = 0; l < b->levels; l++)
        xb_num(b, ws, row, col++, n[b->levels - 1 - l], b->top);
    xb_num(b, ws, row, col++, n[LEVELS_MAX], n[LEVELS_MAX] ? b->grey : b->top);
    if (t->rows_estimated >= 0)
        xb_num(b, ws, row, col++, (double)t->rows_estimated, b->top);
    else
        xb_put(b, ws, row, col++, "unknown", b->note);
    xb_num(b, ws, row, col++, (double)t->rows_sampled, b->top);
    xb_text_reset(tx);
    change_text(b, t, tx);
    xb_put(b, ws, row, col, tx->buf, b->wrap);
    size_t cl = xb_wrapped_lines(tx->buf, max[col++]);
    lines = cl > lines ? cl : lines;
    cl = xb_wrapped_lines(t->source ? t->source : "", max[T_TARGET]);
    lines = cl > lines ? cl : lines;
    xb_put(b, ws, row, col++, "", b->input);   /* Owner */
    char *fp = cls_xlsx_fingerprint(b->r, t, NULL);
    xb_decision_row(b, ws, row, col, t, "", fp);
    free(fp);
    if (lines > 1)
        worksheet_set_row(ws, row, 15.0 * (double)(lines > 10 ? 10 : lines), NULL);
}

void xb_sheet_tables(struct book *b)
{
    const struct cls_report *r = b->r;
    const char *names[SHEET_COLS_MAX] = {"Target", "Schema", "Table", "Label",
                                         "Detectors that drove the label"};
    double max[SHEET_COLS_MAX] = {30, 14, 20, 13, 30};
    char counts[LEVELS_MAX][48];
    size_t n = T_COUNTS;
    for (size_t l = 0; l < b->levels; l++, n++) {
        snprintf(counts[l], sizeof counts[l], "%s columns",
                 xb_label_name(b, (enum cls_label)(b->levels - 1 - l)));
        names[n] = counts[l];
        max[n] = 14;
    }
    const char *rest[] = {"Not assessed columns", "Estimated rows", "Sampled rows",
                          "Change since the prior run", "Owner"};
    const double rest_max[] = {14, 12, 10, 30, 16};
    for (size_t i = 0; i < 5; i++, n++) {
        names[n] = rest[i];
        max[n] = rest_max[i];
    }
    lxw_col_t decision = (lxw_col_t)n;
    for (size_t i = 0; i < XB_DECISION_COLS; i++, n++) {
        names[n] = xb_decision_names[i];
        max[n] = xb_decision_widths[i];
    }
    lxw_worksheet *ws = xb_sheet(b, "Tables");
    xb_header(b, ws, names, n, decision - 1);
    for (size_t l = 0; l < b->levels; l++)
        xb_put(b, ws, 0, (lxw_col_t)(T_COUNTS + l), names[T_COUNTS + l],
               b->label_head[b->levels - 1 - l]);
    const struct cls_table_report **order = calloc(r->table_count + 1, sizeof *order);
    struct text *tx = malloc(sizeof *tx);
    for (size_t i = 0; order && i < r->table_count; i++)
        order[i] = &r->tables[i];
    if (order)
        qsort(order, r->table_count, sizeof *order, by_label_then_name);
    lxw_row_t row = 1;
    for (size_t i = 0; order && tx && i < r->table_count; i++)
        table_row(b, ws, row++, order[i], tx, max);
    free(order);
    free(tx);
    lxw_row_t last = row > 1 ? row - 1 : 1;
    worksheet_autofilter(ws, 0, 0, last, (lxw_col_t)(n - 1));
    worksheet_set_paper(ws, 8);   /* A3, like Columns */
    xb_fit(b, ws, n, max, NULL);
    xb_decision_finish(b, ws, decision, last);
}
