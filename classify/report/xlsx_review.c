/* The workbook's Review and Sign-off sheets. Review lists the findings the
 * scan flagged for a person (a detector that did not decide the label but
 * has more than chance evidence), each with its reason, so a "14.2% (not
 * counted)" beside a Public label comes with guidance. Sign-off is the
 * page an approver signs: run id, policy sha256, counts by label, how many
 * decisions are still open, and cells for name, date and decision. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/xlsx_book.h"

void xb_sheet_review(struct book *b)
{
    static const char *const names[] = {"Source", "Schema", "Table", "Column", "Label",
                                        "Detector", "Prevalence (95% interval)",
                                        "Why it needs a look"};
    static const double max[] = {30, 14, 20, 22, 13, 18, 22, 70};
    lxw_worksheet *ws = xb_sheet(b, "Review");
    xb_header(b, ws, names, 8, 8);
    lxw_row_t row = 1;
    for (size_t i = 0; i < b->r->table_count; i++) {
        const struct cls_table_report *t = &b->r->tables[i];
        for (size_t j = 0; j < t->column_count; j++) {
            const struct cls_column_report *c = &t->columns[j];
            for (size_t k = 0; k < c->finding_count; k++) {
                const struct cls_finding *f = &c->findings[k];
                if (!f->review)
                    continue;
                xb_put(b, ws, row, 0, t->source, b->wrap);
                xb_put(b, ws, row, 1, t->schema, b->top);
                xb_put(b, ws, row, 2, t->table, b->top);
                xb_put(b, ws, row, 3, c->column, b->top);
                if (c->skipped)
                    xb_put(b, ws, row, 4, "Not assessed", b->grey);
                else
                    xb_put(b, ws, row, 4, xb_label_name(b, c->label),
                           xb_label_format(b, c->label));
                xb_put(b, ws, row, 5, f->detector, b->top);
                xb_putf(b, ws, row, 6, b->top, "%.1f%% [%.1f-%.1f%%]", f->ratio * 100.0,
                        f->ratio_low * 100.0, f->ratio_high * 100.0);
                const char *why = f->review_reason && f->review_reason[0]
                                      ? f->review_reason : "flagged for review";
                xb_put(b, ws, row, 7, why, b->wrap);
                size_t lines = xb_wrapped_lines(why, max[7]);
                if (lines > 1)
                    worksheet_set_row(ws, row, 15.0 * (double)(lines > 6 ? 6 : lines), NULL);
                row++;
            }
        }
    }
    if (row == 1)
        xb_put(b, ws, 1, 0, "Nothing flagged: every finding either decided its label or had "
                            "no more than chance evidence.", b->note);
    else
        worksheet_autofilter(ws, 0, 0, row - 1, 7);
    b->fit[0] = b->fit[0] > 30 ? 30 : b->fit[0];
    xb_fit(b, ws, 8, max, NULL);
}

/* ---- Sign-off ----------------------------------------------------------------------- */

/* The run's id: its start time in the history folder's form
 * (YYYYMMDDTHHMMSSZ), the name its report has under --history. */
static void run_id(const char *started, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = started ? started : ""; *p && n + 1 < size; p++)
        if (*p != '-' && *p != ':')
            out[n++] = *p;
    out[n] = '\0';
}

static lxw_row_t signoff_counts(struct book *b, lxw_worksheet *ws, lxw_row_t row)
{
    double tables[LEVELS_MAX + 1] = {0}, cols[LEVELS_MAX + 1] = {0};
    for (size_t i = 0; i < b->r->table_count; i++) {
        const struct cls_table_report *t = &b->r->tables[i];
        if ((size_t)t->label < b->levels)
            tables[t->label]++;
        for (size_t j = 0; j < t->column_count; j++)
            if (t->columns[j].skipped)
                cols[LEVELS_MAX]++;
            else if ((size_t)t->columns[j].label < b->levels)
                cols[t->columns[j].label]++;
    }
    xb_put(b, ws, row, 0, "Label", b->head);
    xb_put(b, ws, row, 1, "Tables", b->head);
    xb_put(b, ws, row++, 2, "Columns", b->head);
    for (size_t l = 0; l <= b->levels; l++, row++) {
        size_t rank = l < b->levels ? b->levels - 1 - l : LEVELS_MAX;
        if (l < b->levels)
            xb_put(b, ws, row, 0, xb_label_name(b, (enum cls_label)rank), b->label[rank]);
        else
            xb_put(b, ws, row, 0, "Not assessed", b->grey);
        if (l < b->levels)
            xb_num(b, ws, row, 1, tables[rank], NULL);
        xb_num(b, ws, row, 2, cols[rank], NULL);
    }
    return row + 1;
}

/* A "key: value" line whose value spans columns B to F. */
static void line(struct book *b, lxw_worksheet *ws, lxw_row_t row, const char *key,
                 const char *value, lxw_format *fmt)
{
    xb_put(b, ws, row, 0, key, b->key);
    worksheet_merge_range(ws, row, 1, row, 5, "", fmt);
    if (value[0])
        xb_put(b, ws, row, 1, value, fmt);
}

static void approval(struct book *b, lxw_worksheet *ws, lxw_row_t row)
{
    static const char *approve[] = {"Approved", "Approved with exceptions", "Rejected", NULL};
    xb_put(b, ws, row++, 0, "Approval", b->key);
    line(b, ws, row, "Approver name", "", b->input);
    lxw_data_validation n = {.validate = LXW_VALIDATION_TYPE_LENGTH,
                             .criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO,
                             .value_number = 200, .input_title = "Approver name",
                             .input_message = "Your name and role."};
    worksheet_data_validation_cell(ws, row++, 1, &n);
    line(b, ws, row, "Date", "", b->input_date);
    lxw_data_validation d = {.validate = LXW_VALIDATION_TYPE_DATE,
                             .criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
                             .minimum_datetime = {.year = 2000, .month = 1, .day = 1},
                             .maximum_datetime = {.year = 2199, .month = 12, .day = 31},
                             .input_title = "Date",
                             .input_message = "The date you sign, e.g. 2026-12-31.",
                             .error_message = "Enter a date such as 2026-12-31."};
    worksheet_data_validation_cell(ws, row++, 1, &d);
    line(b, ws, row, "Decision", "", b->input);
    lxw_data_validation v = {.validate = LXW_VALIDATION_TYPE_LIST,
                             .value_list = (char **)approve, .input_title = "Decision",
                             .input_message = "Approved, Approved with exceptions, or Rejected."};
    worksheet_data_validation_cell(ws, row++, 1, &v);
    line(b, ws, row, "Comment", "", b->input);
    worksheet_set_row(ws, row, 45, NULL);
}

void xb_sheet_signoff(struct book *b)
{
    const struct cls_report *r = b->r;
    char id[64], open_text[96];
    lxw_worksheet *ws = xb_sheet(b, "Sign-off");
    lxw_row_t row = 0;
    xb_put(b, ws, row++, 0, "Sign-off of this run", b->title);
    row++;
    run_id(r->started_at, id, sizeof id);
    line(b, ws, row++, "Run id", id, b->top);
    line(b, ws, row++, "Run started (UTC)", r->started_at, b->top);
    line(b, ws, row++, "Policy", r->policy && r->policy[0] ? r->policy : "built-in", b->top);
    line(b, ws, row++, "Policy sha256", r->policy_sha256, b->top);
    line(b, ws, row++, "Run complete", r->complete ? "Yes" : "No: see the Errors sheet",
         r->complete ? b->top : b->warn);
    size_t open = xb_open_decisions(b);
    snprintf(open_text, sizeof open_text,
             "%zu row(s) of Tables and Columns have no decision yet", open);
    line(b, ws, row++, "Open decisions", open_text, open ? b->warn : b->top);
    row++;
    row = signoff_counts(b, ws, row);
    approval(b, ws, row);
    worksheet_set_column(ws, 0, 0, 22, NULL);
    worksheet_set_column(ws, 1, 5, 14, NULL);
    lxw_protection prot = {.format_columns = 1, .format_rows = 1};
    worksheet_protect(ws, NULL, &prot);
}
