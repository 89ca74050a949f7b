/* The workbook's Columns sheet: one row per column of the report, in report
 * order, with what the scan saw (label, detectors with prevalence and 95%
 * interval, masked evidence, protection, reasons) and the decision cells a
 * reviewer fills in. A column that was not sampled (binary, geometry,
 * permission denied, excluded) is "Not assessed" in grey with the reason:
 * never a green Public it has not earned. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report/xlsx_book.h"

enum {
    COL_SOURCE, COL_DATABASE, COL_SCHEMA, COL_TABLE, COL_COLUMN, COL_TYPE, COL_LABEL,
    COL_DETECTORS, COL_EVIDENCE, COL_PROTECTION, COL_REASONS, COL_OWNER, COL_DECISION,
    COL_COUNT = COL_DECISION + XB_DECISION_COLS
};

static void detectors_text(struct text *t, const struct cls_column_report *c)
{
    for (size_t i = 0; i < c->finding_count; i++) {
        const struct cls_finding *f = &c->findings[i];
        if (strcmp(f->basis ? f->basis : "values", "name") == 0)
            xb_text_add(t, "\n", "%s (column name)", f->detector);
        else
            xb_text_add(t, "\n", "%s %.1f%% [%.1f-%.1f%%]%s", f->detector, f->ratio * 100.0,
                        f->ratio_low * 100.0, f->ratio_high * 100.0,
                        f->fired ? "" : f->review ? " (not counted: see Review)"
                                                  : " (not counted)");
    }
}

static void evidence_text(struct text *t, const struct cls_column_report *c)
{
    for (size_t i = 0; i < c->finding_count; i++)
        for (size_t j = 0; c->findings[i].fired && j < c->findings[i].evidence_count; j++)
            xb_text_add(t, "\n", "%s", c->findings[i].evidence[j]);
}

static void reasons_text(struct text *t, const struct cls_column_report *c)
{
    for (size_t i = 0; i < c->reason_count; i++)
        xb_text_add(t, "\n", "%s", c->reasons[i]);
}

/* The column's protection state as the scan judged it (plaintext, masked,
 * hashed, encrypted, tokenized), or why it was not sampled. */
static void protection_text(struct text *t, const struct cls_column_report *c)
{
    if (c->skipped && c->reason_count && strncmp(c->reasons[0], "not sampled", 11) == 0)
        xb_text_add(t, "", "%s", c->reasons[0]);
    else if (c->skipped)
        xb_text_add(t, "", "not sampled: %s", c->reason_count ? c->reasons[0] : "no reason given");
    else if (c->protection && c->protection[0])
        xb_text_add(t, "", "%s", c->protection);
}

static const double max_widths[COL_COUNT] = {30, 14, 14, 20, 22, 16, 13, 36, 24, 30, 50,
                                             16, 16, 14, 16, 12, 36, 40, 4};

static void column_row(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                       const struct cls_table_report *tb, const struct cls_column_report *c,
                       struct text *t)
{
    void (*fill[])(struct text *, const struct cls_column_report *) = {
        detectors_text, evidence_text, protection_text, reasons_text};
    const lxw_col_t at[] = {COL_DETECTORS, COL_EVIDENCE, COL_PROTECTION, COL_REASONS};
    size_t lines = 1;
    xb_put(b, ws, row, COL_SOURCE, tb->source, b->wrap);
    xb_put(b, ws, row, COL_DATABASE, tb->database, b->top);
    xb_put(b, ws, row, COL_SCHEMA, tb->schema, b->top);
    xb_put(b, ws, row, COL_TABLE, tb->table, b->top);
    xb_put(b, ws, row, COL_COLUMN, c->column, b->top);
    xb_put(b, ws, row, COL_TYPE, c->data_type, b->wrap);
    if (c->skipped)
        xb_put(b, ws, row, COL_LABEL, "Not assessed", b->grey);
    else
        xb_put(b, ws, row, COL_LABEL, xb_label_name(b, c->label), xb_label_format(b, c->label));
    for (size_t i = 0; i < 4; i++) {
        xb_text_reset(t);
        fill[i](t, c);
        xb_put(b, ws, row, at[i], t->buf, c->skipped && at[i] == COL_PROTECTION ? b->grey : b->wrap);
        size_t n = xb_wrapped_lines(t->buf, max_widths[at[i]]);
        lines = n > lines ? n : lines;
    }
    size_t n = xb_wrapped_lines(tb->source ? tb->source : "", max_widths[COL_SOURCE]);
    lines = n > lines ? n : lines;
    xb_put(b, ws, row, COL_OWNER, "", b->input);
    char *fp = cls_xlsx_fingerprint(b->r, tb, c);
    xb_decision_row(b, ws, row, COL_DECISION, tb, c->column, fp);
    free(fp);
    if (lines > 1)
        worksheet_set_row(ws, row, 15.0 * (double)(lines > 20 ? 20 : lines), NULL);
}

void xb_sheet_columns(struct book *b)
{
    const char *names[COL_COUNT] = {
        "Source", "Database", "Schema", "Table", "Column", "Type", "Label",
        "Detectors (prevalence, 95% interval)", "Evidence (masked)", "Protection", "Reasons",
        "Owner"};
    for (size_t i = 0; i < XB_DECISION_COLS; i++)
        names[COL_DECISION + i] = xb_decision_names[i];
    lxw_worksheet *ws = xb_sheet(b, "Columns");
    struct text *t = malloc(sizeof *t);
    xb_header(b, ws, names, COL_COUNT, COL_OWNER);
    lxw_row_t row = 1;
    for (size_t i = 0; t && i < b->r->table_count; i++)
        for (size_t j = 0; j < b->r->tables[i].column_count; j++)
            column_row(b, ws, row++, &b->r->tables[i], &b->r->tables[i].columns[j], t);
    free(t);
    lxw_row_t last = row > 1 ? row - 1 : 1;
    worksheet_autofilter(ws, 0, 0, last, COL_COUNT - 1);
    worksheet_set_paper(ws, 8);   /* A3: nineteen columns stay legible on one page's width */
    xb_fit(b, ws, COL_COUNT, max_widths, NULL);
    xb_decision_finish(b, ws, COL_DECISION, last);
}
