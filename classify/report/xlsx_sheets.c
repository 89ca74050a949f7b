/* The workbook's reference sheets: Changes (since the prior run),
 * Violations (detected above what the owner declared), Policy (in plain
 * words) and Errors (what could not be read). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report/diff.h"
#include "report/xlsx_book.h"

void xb_sheet_changes(struct book *b)
{
    static const char *const names[] = {"Change", "Source", "Database", "Schema", "Table",
                                        "Column", "Detector", "Before", "After"};
    static const double max[] = {20, 30, 14, 14, 20, 22, 18, 26, 26};
    lxw_worksheet *ws = xb_sheet(b, "Changes");
    const struct cls_report *r = b->r;
    xb_header(b, ws, names, 9, 9);
    if (!r->has_changes)
        xb_put(b, ws, 1, 0, "No prior report was given, so there is nothing to compare with "
                            "(scan with --history DIR or --prior FILE).", b->note);
    else if (r->change_count == 0)
        xb_putf(b, ws, 1, 0, b->note, "Nothing changed since the run of %s.", r->changes_prior);
    b->fit[0] = 0;
    for (size_t i = 0; i < r->change_count; i++) {
        const struct cls_change *c = &r->changes[i];
        const char *cells[] = {cls_diff_kind_words(c->kind), c->source, c->database, c->schema,
                               c->table, c->column, c->detector, c->before, c->after};
        for (lxw_col_t k = 0; k < 9; k++)
            xb_put(b, ws, (lxw_row_t)(i + 1), k, cells[k],
                   k == 0 && (c->kind == CLS_CHANGE_LABEL_RAISED ||
                              c->kind == CLS_CHANGE_VIOLATION_NEW) ? b->warn : b->wrap);
    }
    if (r->change_count)
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)r->change_count, 8);
    xb_fit(b, ws, 9, max, NULL);
}

void xb_sheet_violations(struct book *b)
{
    static const char *const names[] = {"Source", "Database", "Schema", "Table", "Column",
                                        "Declared", "Detected", "Declared by (policy)"};
    static const double max[] = {30, 14, 14, 20, 22, 14, 14, 34};
    lxw_worksheet *ws = xb_sheet(b, "Violations");
    const struct cls_report *r = b->r;
    xb_header(b, ws, names, 8, 8);
    if (r->violation_count == 0)
        xb_put(b, ws, 1, 0, "No violations: nothing was detected above the label its owner "
                            "declared.", b->note);
    b->fit[0] = 0;
    for (size_t i = 0; i < r->violation_count; i++) {
        const struct cls_violation *v = &r->violations[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        const char *cells[] = {v->source, v->database, v->schema, v->table,
                               v->column[0] ? v->column : "(whole table)"};
        for (lxw_col_t k = 0; k < 5; k++)
            xb_put(b, ws, row, k, cells[k], b->wrap);
        xb_put(b, ws, row, 5, xb_label_name(b, v->declared), xb_label_format(b, v->declared));
        xb_put(b, ws, row, 6, xb_label_name(b, v->detected), xb_label_format(b, v->detected));
        xb_put(b, ws, row, 7, v->rule, b->wrap);
    }
    xb_fit(b, ws, 8, max, NULL);
}

void xb_sheet_policy(struct book *b)
{
    lxw_worksheet *ws = xb_sheet(b, "Policy");
    const struct cls_report *r = b->r;
    lxw_row_t row = 0;
    worksheet_set_column(ws, 0, 0, 22, NULL);
    worksheet_set_column(ws, 1, 1, 110, b->wrap);
    xb_put(b, ws, row, 0, "Policy", b->key);
    xb_put(b, ws, row++, 1, r->policy && r->policy[0] ? r->policy : "built-in", NULL);
    xb_put(b, ws, row, 0, "sha256", b->key);
    xb_put(b, ws, row++, 1, r->policy_sha256, NULL);
    xb_put(b, ws, row, 0, "Levels", b->key);
    for (size_t l = 0; l < b->levels; l++)
        xb_put(b, ws, row++, 1, xb_label_name(b, (enum cls_label)(b->levels - 1 - l)),
               b->label[b->levels - 1 - l]);
    row++;
    xb_put(b, ws, row++, 0, "Rules", b->key);
    if (r->policy_rule_count == 0)
        xb_put(b, ws, row++, 1, "(this report does not describe its policy)", b->note);
    for (size_t i = 0; i < r->policy_rule_count; i++) {
        size_t lines = xb_wrapped_lines(r->policy_rules[i], 110);
        if (lines > 1)
            worksheet_set_row(ws, row, 15.0 * (double)lines, NULL);
        xb_put(b, ws, row++, 1, r->policy_rules[i], b->wrap);
    }
    row++;
    xb_put(b, ws, row++, 0, "Excluded tables", b->key);
    if (r->exclusion_count == 0)
        xb_put(b, ws, row++, 1, "none", b->note);
    for (size_t i = 0; i < r->exclusion_count; i++)
        xb_putf(b, ws, row++, 1, NULL, "%s%s%s (by \"%s\"): never sampled",
                r->exclusions[i].schema, r->exclusions[i].schema[0] ? "." : "",
                r->exclusions[i].table, r->exclusions[i].rule);
}

void xb_sheet_errors(struct book *b)
{
    static const char *const names[] = {"Source", "Table", "What could not be read"};
    static const double max[] = {34, 24, 90};
    lxw_worksheet *ws = xb_sheet(b, "Errors");
    xb_header(b, ws, names, 3, 3);
    if (b->r->error_count == 0)
        xb_put(b, ws, 1, 0, "None: every table was read.", b->note);
    b->fit[0] = 0;
    for (size_t i = 0; i < b->r->error_count; i++) {
        const struct cls_report_error *e = &b->r->errors[i];
        xb_put(b, ws, (lxw_row_t)(i + 1), 0, e->source, b->wrap);
        xb_put(b, ws, (lxw_row_t)(i + 1), 1, e->table[0] ? e->table : "(whole target)", b->top);
        xb_put(b, ws, (lxw_row_t)(i + 1), 2, e->message, b->wrap);
    }
    xb_fit(b, ws, 3, max, NULL);
}
