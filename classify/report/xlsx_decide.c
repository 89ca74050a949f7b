/* The decision cells of the Columns and Tables sheets: Decision (a list),
 * Corrected label (the policy's levels), Reviewed by, Review date (a date),
 * Comment, then Prior review and a hidden review key. They are the only
 * unlocked cells of their protected sheet, each with an input prompt.
 *
 * Carry-over: a decision read from last quarter's workbook goes back into
 * the row of the same source, schema, table and column when the row's
 * fingerprint (label, detectors, protection) is what was reviewed; when it
 * changed, the decision cells stay blank and Prior review shows the old
 * decision as stale, beside what changed. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/xlsx_book.h"

const char *const xb_decision_names[XB_DECISION_COLS] = {
    "Decision", "Corrected label", "Reviewed by", "Review date", "Comment",
    "Prior review", "Review key (do not edit)"};

const double xb_decision_widths[XB_DECISION_COLS] = {16, 14, 16, 12, 36, 40, 4};

enum { D_DECISION, D_CORRECTED, D_REVIEWER, D_DATE, D_COMMENT, D_PRIOR, D_KEY };

static bool parse_date(const char *s, lxw_datetime *out)
{
    int y, m, d;
    char extra;
    if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || m < 1 || m > 12 ||
        d < 1 || d > 31)
        return false;
    *out = (lxw_datetime){.year = y, .month = m, .day = d};
    return true;
}

/* "LABEL|a,b|prot" as words: "Secret [credit_card, email], plaintext". */
static void fingerprint_words(char *out, size_t size, const char *fp)
{
    const char *bar = strchr(fp, '|');
    const char *bar2 = bar ? strchr(bar + 1, '|') : NULL;
    if (!bar || !bar2) {
        snprintf(out, size, "%s", fp[0] ? fp : "(not recorded)");
        return;
    }
    int n = snprintf(out, size, "%.*s [%.*s]", (int)(bar - fp), fp, (int)(bar2 - bar - 1),
                     bar + 1);
    if (bar2[1] && n > 0 && (size_t)n < size)
        snprintf(out + n, size - (size_t)n, ", %s", bar2 + 1);
}

static void carried(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                    const struct cls_xlsx_review *v)
{
    lxw_datetime dt;
    xb_put(b, ws, row, col + D_DECISION, v->decision, b->input);
    xb_put(b, ws, row, col + D_CORRECTED, v->corrected, b->input);
    xb_put(b, ws, row, col + D_REVIEWER, v->reviewer, b->input);
    if (parse_date(v->date, &dt)) {
        worksheet_write_datetime(ws, row, col + D_DATE, &dt, b->input_date);
    } else {
        xb_put(b, ws, row, col + D_DATE, "", b->input_date);
    }
    xb_put(b, ws, row, col + D_COMMENT, v->comment, b->input);
    xb_put(b, ws, row, col + D_PRIOR, "carried over: unchanged since reviewed", b->note);
}

static void stale(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                  const struct cls_xlsx_review *v, const char *fp)
{
    char was[600], now[600];
    fingerprint_words(was, sizeof was, v->fingerprint);
    fingerprint_words(now, sizeof now, fp);
    xb_putf(b, ws, row, col + D_PRIOR, b->stale,
            "STALE: \"%s%s%s\" by %s on %s%s%.200s%s. Reviewed: %s; now: %s",
            v->decision, v->corrected[0] ? ": " : "", v->corrected,
            v->reviewer[0] ? v->reviewer : "(no name)", v->date[0] ? v->date : "(no date)",
            v->comment[0] ? " (\"" : "", v->comment, v->comment[0] ? "\")" : "", was, now);
}

void xb_decision_row(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                     const struct cls_table_report *t, const char *column,
                     const char *fingerprint)
{
    const char *fp = fingerprint ? fingerprint : "";
    const struct cls_xlsx_review *v =
        b->prior ? cls_xlsx_reviews_find(b->prior, t->source, t->schema, t->table, column)
                 : NULL;
    if (v && strcmp(v->fingerprint, fp) == 0) {
        carried(b, ws, row, col, v);
    } else {
        for (lxw_col_t k = D_DECISION; k <= D_COMMENT; k++)
            xb_put(b, ws, row, col + k, "", k == D_DATE ? b->input_date : b->input);
        if (v)
            stale(b, ws, row, col, v, fp);
    }
    /* Room to write in, whatever the scan's cells hold (Owner too). */
    if (col > 0 && b->fit[col - 1] < 14)
        b->fit[col - 1] = 14;
    for (lxw_col_t k = D_DECISION; k <= D_PRIOR; k++)
        if (col + k < SHEET_COLS_MAX && b->fit[col + k] < xb_decision_widths[k] - 2)
            b->fit[col + k] = xb_decision_widths[k] - 2;
    double keep = b->fit[col + D_KEY];
    xb_put(b, ws, row, col + D_KEY, fp, NULL);
    b->fit[col + D_KEY] = keep;
}

static void list_rule(lxw_worksheet *ws, lxw_row_t last, lxw_col_t col, const char **values,
                      const char *title, const char *message)
{
    lxw_data_validation v = {
        .validate = LXW_VALIDATION_TYPE_LIST,
        .value_list = (char **)values,
        .input_title = (char *)title,
        .input_message = (char *)message,
        .error_title = (char *)title,
        .error_message = "Pick a value from the list.",
    };
    worksheet_data_validation_range(ws, 1, col, last, col, &v);
}

static void length_rule(lxw_worksheet *ws, lxw_row_t last, lxw_col_t col, double max,
                        const char *title, const char *message)
{
    lxw_data_validation v = {
        .validate = LXW_VALIDATION_TYPE_LENGTH,
        .criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO,
        .value_number = max,
        .input_title = (char *)title,
        .input_message = (char *)message,
        .error_title = (char *)title,
        .error_message = max > 500 ? "At most 2000 characters." : "At most 200 characters.",
    };
    worksheet_data_validation_range(ws, 1, col, last, col, &v);
}

void xb_decision_finish(struct book *b, lxw_worksheet *ws, lxw_col_t col, lxw_row_t last)
{
    static const char *decisions[] = {"Agree", "Corrected label", "False positive",
                                      "Accepted risk", NULL};
    length_rule(ws, last, col - 1, 200, "Owner", "Who owns this data: a name or team.");
    list_rule(ws, last, col + D_DECISION, decisions, "Decision",
              "Agree, Corrected label (pick the label too), False positive (nothing "
              "sensitive here) or Accepted risk (sensitive, left as it is).");
    list_rule(ws, last, col + D_CORRECTED, b->level_names, "Corrected label",
              "Only with Decision = Corrected label: the label it should have.");
    length_rule(ws, last, col + D_REVIEWER, 200, "Reviewed by", "Your name.");
    lxw_data_validation date = {
        .validate = LXW_VALIDATION_TYPE_DATE,
        .criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
        .minimum_datetime = {.year = 2000, .month = 1, .day = 1},
        .maximum_datetime = {.year = 2199, .month = 12, .day = 31},
        .input_title = "Review date",
        .input_message = "The date of the review, e.g. 2026-11-30.",
        .error_title = "Review date",
        .error_message = "Enter a date such as 2026-11-30.",
    };
    worksheet_data_validation_range(ws, 1, col + D_DATE, last, col + D_DATE, &date);
    length_rule(ws, last, col + D_COMMENT, 2000, "Comment",
                "Why the label is right or wrong; at most 2000 characters.");
    lxw_row_col_options hide = {.hidden = 1};
    worksheet_set_column_opt(ws, col + D_KEY, col + D_KEY, 4, NULL, &hide);
    /* Protected so the scan's cells (and the hidden key) stay as written;
     * filtering, sorting and resizing stay allowed. No password: this
     * guards against slips, not against the reviewer. */
    lxw_protection prot = {.autofilter = 1, .sort = 1, .format_columns = 1,
                           .format_rows = 1};
    worksheet_protect(ws, NULL, &prot);
}

static bool decided(const struct book *b, const struct cls_table_report *t,
                    const struct cls_column_report *c)
{
    const struct cls_xlsx_review *v =
        b->prior ? cls_xlsx_reviews_find(b->prior, t->source, t->schema, t->table,
                                         c ? c->column : "")
                 : NULL;
    if (!v)
        return false;
    char *fp = cls_xlsx_fingerprint(b->r, t, c);
    bool same = fp && strcmp(fp, v->fingerprint) == 0;
    free(fp);
    return same;
}

size_t xb_open_decisions(const struct book *b)
{
    size_t open = 0;
    for (size_t i = 0; i < b->r->table_count; i++) {
        const struct cls_table_report *t = &b->r->tables[i];
        open += !decided(b, t, NULL);
        for (size_t j = 0; j < t->column_count; j++)
            open += !decided(b, t, &t->columns[j]);
    }
    return open;
}
