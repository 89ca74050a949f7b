/* The compliance workbook: a report as an .xlsx file for someone who never
 * saw the tool. Sheets: Summary (run facts, counts of tables and columns
 * per label per database, a chart, change and violation counts, an
 * incomplete-run warning), Columns (one row per column of the report, in
 * report order, with empty review columns to fill in), Changes,
 * Violations, Policy (in plain words) and Errors.
 *
 * Every text cell is written with worksheet_write_string, so text from a
 * database that starts with = + - @ is a string cell and never a formula
 * (formula injection); nothing here writes a formula. The model holds only
 * masked evidence, so no raw value can reach the workbook. The file is made
 * 0600 by mkstemp under a temp name and renamed into place when complete. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "report/diff.h"
#include "report/xlsx.h"
#include "util/util.h"

#define CELL_TEXT_MAX 32000   /* Excel's limit is 32767 characters a cell */
#define LEVELS_MAX 16

struct book {
    lxw_workbook *wb;
    const struct cls_report *r;
    size_t levels;            /* number of levels, ranks 0 .. levels-1 */
    lxw_format *title, *head, *review_head, *key, *wrap, *warn, *banner, *date, *note, *top;
    lxw_format *label[LEVELS_MAX];
};

/* ---- small helpers ------------------------------------------------------------ */

/* Writes text as a string cell (never a formula), cut at a UTF-8 boundary
 * below Excel's cell limit. */
static void put(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text,
                lxw_format *fmt)
{
    char cut[CELL_TEXT_MAX + 1];
    text = text ? text : "";
    size_t len = strlen(text);
    if (len > CELL_TEXT_MAX) {
        len = CELL_TEXT_MAX;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
        memcpy(cut, text, len);
        cut[len] = '\0';
        text = cut;
    }
    if (*text)
        worksheet_write_string(ws, row, col, text, fmt);
    else if (fmt)
        worksheet_write_blank(ws, row, col, fmt);
}

static void putf(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, lxw_format *fmt,
                 const char *f, ...) __attribute__((format(printf, 5, 6)));

static void putf(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, lxw_format *fmt,
                 const char *f, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, f);
    vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    put(ws, row, col, buf, fmt);
}

/* Printed (or exported to PDF) landscape, one page wide. */
static void page_setup(lxw_worksheet *ws)
{
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
}

/* A header row that stays in view and is repeated on every printed page. */
static void header(struct book *b, lxw_worksheet *ws, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put(ws, 0, (lxw_col_t)i, names[i], b->head);
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 0);
    page_setup(ws);
}

static void widths(lxw_worksheet *ws, const double *w, size_t n, lxw_format *fmt)
{
    for (size_t i = 0; i < n; i++)
        worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, w[i], fmt);
}

static const char *label_name(const struct book *b, enum cls_label l)
{
    return cls_report_label_name(b->r, l);
}

static lxw_format *label_format(const struct book *b, enum cls_label l)
{
    return (size_t)l < b->levels ? b->label[l] : NULL;
}

/* A growable text buffer for joined cells. */
struct text {
    char buf[CELL_TEXT_MAX + 1];
    size_t len;
};

static void text_add(struct text *t, const char *sep, const char *f, ...)
    __attribute__((format(printf, 3, 4)));

static void text_add(struct text *t, const char *sep, const char *f, ...)
{
    va_list ap;
    if (t->len && t->len < sizeof t->buf)
        t->len += (size_t)snprintf(t->buf + t->len, sizeof t->buf - t->len, "%s", sep);
    if (t->len >= sizeof t->buf)
        return;
    va_start(ap, f);
    t->len += (size_t)vsnprintf(t->buf + t->len, sizeof t->buf - t->len, f, ap);
    va_end(ap);
}

/* Lines a wrapped cell of this width needs: spreadsheets do not grow a
 * row for wrapped text written by a program, so the writer sets it. */
static size_t wrapped_lines(const char *text, double width)
{
    size_t lines = 0, per_line = width > 2 ? (size_t)width - 1 : 1;
    while (*text) {
        size_t len = strcspn(text, "\n");
        lines += len ? (len + per_line - 1) / per_line : 1;
        text += len + (text[len] == '\n');
    }
    return lines;
}

/* ---- formats ---------------------------------------------------------------------- */

/* Fill colours from the least to the most sensitive level: green, yellow,
 * orange, red; a policy with other level counts is spread over them. */
static const lxw_color_t palette[] = {0xC6EFCE, 0xFFEB9C, 0xF8CBAD, 0xFF9999};

static lxw_color_t level_color(size_t rank, size_t levels)
{
    size_t top = sizeof palette / sizeof palette[0] - 1;
    size_t i = levels > 1 ? (rank * top + (levels - 1) / 2) / (levels - 1) : 0;
    return palette[i > top ? top : i];
}

static void make_formats(struct book *b)
{
    lxw_workbook *wb = b->wb;
    b->title = workbook_add_format(wb);
    format_set_bold(b->title);
    format_set_font_size(b->title, 16);
    b->head = workbook_add_format(wb);
    format_set_bold(b->head);
    format_set_bg_color(b->head, 0xD9E1F2);
    format_set_border(b->head, LXW_BORDER_THIN);
    format_set_text_wrap(b->head);
    format_set_align(b->head, LXW_ALIGN_VERTICAL_TOP);
    b->review_head = workbook_add_format(wb);
    format_set_bold(b->review_head);
    format_set_bg_color(b->review_head, 0xFFF2CC);
    format_set_border(b->review_head, LXW_BORDER_THIN);
    b->key = workbook_add_format(wb);
    format_set_bold(b->key);
    format_set_align(b->key, LXW_ALIGN_VERTICAL_TOP);
    b->wrap = workbook_add_format(wb);
    format_set_text_wrap(b->wrap);
    format_set_align(b->wrap, LXW_ALIGN_VERTICAL_TOP);
    b->warn = workbook_add_format(wb);
    format_set_bold(b->warn);
    format_set_font_color(b->warn, 0x9C0006);
    format_set_bg_color(b->warn, 0xFFC7CE);
    b->banner = workbook_add_format(wb);
    format_set_bold(b->banner);
    format_set_font_color(b->banner, 0x9C0006);
    format_set_bg_color(b->banner, 0xFFC7CE);
    format_set_text_wrap(b->banner);
    format_set_align(b->banner, LXW_ALIGN_VERTICAL_CENTER);
    b->date = workbook_add_format(wb);
    format_set_num_format(b->date, "yyyy-mm-dd");
    format_set_align(b->date, LXW_ALIGN_VERTICAL_TOP);
    b->top = workbook_add_format(wb);
    format_set_align(b->top, LXW_ALIGN_VERTICAL_TOP);
    b->note = workbook_add_format(wb);
    format_set_italic(b->note);
    format_set_font_color(b->note, 0x595959);
    for (size_t i = 0; i < b->levels; i++) {
        b->label[i] = workbook_add_format(wb);
        format_set_bg_color(b->label[i], level_color(i, b->levels));
        format_set_bold(b->label[i]);
        format_set_align(b->label[i], LXW_ALIGN_VERTICAL_TOP);
    }
}

/* ---- Summary -------------------------------------------------------------------- */

/* Where a table lives, for counting per database: the database name, or the
 * source (a CSV file has no database). */
static const char *database_of(const struct cls_table_report *t)
{
    return t->database && t->database[0] ? t->database : t->source;
}

static size_t list_databases(const struct cls_report *r, const char **names)
{
    size_t n = 0;
    for (size_t i = 0; i < r->table_count; i++) {
        const char *d = database_of(&r->tables[i]);
        size_t j = 0;
        while (j < n && strcmp(names[j], d) != 0)
            j++;
        if (j == n)
            names[n++] = d;
    }
    return n;
}

static size_t column_count(const struct cls_report *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->table_count; i++)
        n += r->tables[i].column_count;
    return n;
}

/* The Summary's last column: the count blocks' Total, and at least five
 * columns so that a sha256 or a path fits even with two levels. */
static lxw_col_t summary_last_col(const struct book *b)
{
    return (lxw_col_t)(b->levels + 1 > 5 ? b->levels + 1 : 5);
}

/* One "key: value" line of the Summary; the value spans the columns of the
 * count blocks below so that long values stay readable. */
static void fact(struct book *b, lxw_worksheet *ws, lxw_row_t row, const char *key,
                 lxw_format *fmt, const char *value)
{
    put(ws, row, 0, key, b->key);
    worksheet_merge_range(ws, row, 1, row, summary_last_col(b), "", fmt);
    put(ws, row, 1, value, fmt);
}

static lxw_row_t summary_facts(struct book *b, lxw_worksheet *ws, lxw_row_t row)
{
    const struct cls_report *r = b->r;
    char buf[512];
    fact(b, ws, row++, "Run started (UTC)", NULL, r->started_at);
    fact(b, ws, row++, "Run finished (UTC)", NULL, r->finished_at);
    snprintf(buf, sizeof buf, "classify %s", r->tool_version);
    fact(b, ws, row++, "Tool", NULL, buf);
    fact(b, ws, row++, "Policy", NULL, r->policy && r->policy[0] ? r->policy : "built-in");
    fact(b, ws, row++, "Policy sha256", NULL, r->policy_sha256);
    snprintf(buf, sizeof buf, "up to %llu", (unsigned long long)r->sample_rows);
    fact(b, ws, row++, "Rows sampled per table", NULL, buf);
    fact(b, ws, row++, "Run complete", r->complete ? NULL : b->warn,
         r->complete ? "Yes" : "No: see the Errors sheet");
    snprintf(buf, sizeof buf, "%zu tables, %zu columns; %zu tables excluded by the policy",
             r->table_count, column_count(r), r->exclusion_count);
    fact(b, ws, row++, "Tables and columns", NULL, buf);
    snprintf(buf, sizeof buf, "%zu (see the Violations sheet)", r->violation_count);
    fact(b, ws, row++, "Violations", r->violation_count ? b->warn : NULL, buf);
    if (r->has_changes)
        snprintf(buf, sizeof buf, "%zu since the run of %s (see the Changes sheet)",
                 r->change_count, r->changes_prior);
    fact(b, ws, row++, "Changes since the prior run", r->has_changes ? NULL : b->note,
         r->has_changes ? buf : "no prior report to compare with");
    for (size_t i = 0; i < r->warning_count; i++)
        fact(b, ws, row++, "Warning", NULL, r->warnings[i]);
    return row + 1;
}

/* A block "what per label per database": one row per database, one column
 * per level (most sensitive first), a total row. Returns the next free row;
 * *total_row is the row of the totals (for the chart). */
static lxw_row_t summary_counts(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                                const char *what, bool columns, lxw_row_t *total_row)
{
    const struct cls_report *r = b->r;
    const char **dbs = calloc(r->table_count ? r->table_count : 1, sizeof *dbs);
    size_t ndb = dbs ? list_databases(r, dbs) : 0;
    putf(ws, row++, 0, b->key, "%s per label and database", what);
    put(ws, row, 0, "Database (or file)", b->head);
    for (size_t l = 0; l < b->levels; l++)
        put(ws, row, (lxw_col_t)(l + 1), label_name(b, (enum cls_label)(b->levels - 1 - l)),
            b->label[b->levels - 1 - l]);
    put(ws, row++, (lxw_col_t)(b->levels + 1), "Total", b->head);
    double totals[LEVELS_MAX + 1] = {0};
    for (size_t d = 0; d <= ndb; d++, row++) {
        double counts[LEVELS_MAX + 1] = {0};
        for (size_t i = 0; d < ndb && i < r->table_count; i++) {
            const struct cls_table_report *t = &r->tables[i];
            if (strcmp(database_of(t), dbs[d]) != 0)
                continue;
            if (!columns && (size_t)t->label < b->levels)
                counts[t->label]++;
            for (size_t c = 0; columns && c < t->column_count; c++)
                if ((size_t)t->columns[c].label < b->levels)
                    counts[t->columns[c].label]++;
        }
        double *shown = d < ndb ? counts : totals;
        put(ws, row, 0, d < ndb ? dbs[d] : "All", d < ndb ? NULL : b->key);
        double sum = 0;
        for (size_t l = 0; l < b->levels; l++) {
            size_t rank = b->levels - 1 - l;
            totals[rank] += d < ndb ? counts[rank] : 0;
            worksheet_write_number(ws, row, (lxw_col_t)(l + 1), shown[rank], NULL);
            sum += shown[rank];
        }
        worksheet_write_number(ws, row, (lxw_col_t)(b->levels + 1), sum, b->key);
    }
    free(dbs);
    *total_row = row - 1;
    return row + 1;
}

static void summary_chart(struct book *b, lxw_worksheet *ws, lxw_row_t head_row,
                          lxw_row_t total_row, lxw_row_t at, lxw_col_t at_col)
{
    lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_COLUMN);
    lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(s, "Summary", head_row, 1, head_row, (lxw_col_t)b->levels);
    chart_series_set_values(s, "Summary", total_row, 1, total_row, (lxw_col_t)b->levels);
    chart_series_set_name(s, "Columns");
    lxw_chart_fill fills[LEVELS_MAX];
    lxw_chart_point points[LEVELS_MAX], *ptrs[LEVELS_MAX + 1];
    for (size_t l = 0; l < b->levels; l++) {
        fills[l] = (lxw_chart_fill){.color = level_color(b->levels - 1 - l, b->levels)};
        points[l] = (lxw_chart_point){.fill = &fills[l]};
        ptrs[l] = &points[l];
    }
    ptrs[b->levels] = NULL;
    chart_series_set_points(s, ptrs);
    chart_series_set_labels(s);
    chart_title_set_name(chart, "Columns by label");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    worksheet_insert_chart(ws, at, at_col, chart);
}

static void summary_changes(struct book *b, lxw_worksheet *ws, lxw_row_t row)
{
    put(ws, row++, 0, "Changes since the prior run, by kind", b->key);
    if (!b->r->has_changes) {
        put(ws, row, 0, "No prior report was given (scan with --history DIR or --prior FILE).",
            b->note);
        return;
    }
    put(ws, row, 0, "Change", b->head);
    put(ws, row++, 1, "Count", b->head);
    for (int k = 0; k < CLS_CHANGE_KIND_COUNT; k++) {
        put(ws, row, 0, cls_diff_kind_words((enum cls_change_kind)k), NULL);
        worksheet_write_number(ws, row++, 1,
                               (double)cls_diff_count(b->r, (enum cls_change_kind)k), NULL);
    }
}

static void sheet_summary(struct book *b)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Summary");
    const struct cls_report *r = b->r;
    lxw_row_t row = 0, tables_total, columns_total;
    worksheet_set_column(ws, 0, 0, 34, NULL);
    worksheet_set_column(ws, 1, summary_last_col(b), 14, NULL);
    put(ws, row++, 0, "Data classification report", b->title);
    if (!r->complete) {
        worksheet_merge_range(ws, row, 0, row, summary_last_col(b), "", b->banner);
        putf(ws, row, 0, b->banner,
             "Incomplete run: %zu table(s) or target(s) could not be read (see Errors). "
             "The labels below cover only what was read.", r->error_count);
        worksheet_set_row(ws, row, 36, NULL);
        row++;
    }
    row = summary_facts(b, ws, row + 1);
    lxw_row_t tables_head = row + 1;
    row = summary_counts(b, ws, row, "Tables", false, &tables_total);
    lxw_row_t columns_head = row + 1;
    row = summary_counts(b, ws, row, "Columns", true, &columns_total);
    summary_changes(b, ws, row);
    summary_chart(b, ws, columns_head, columns_total, tables_head - 1,
                  (lxw_col_t)(summary_last_col(b) + 2));
    page_setup(ws);
    worksheet_activate(ws);
}

/* ---- Columns -------------------------------------------------------------------- */

enum {
    COL_SOURCE, COL_DATABASE, COL_SCHEMA, COL_TABLE, COL_COLUMN, COL_TYPE, COL_LABEL,
    COL_DETECTORS, COL_EVIDENCE, COL_PROTECTION, COL_REASONS, COL_OWNER, COL_REVIEWER,
    COL_REVIEW_DATE, COL_COMMENT, COL_COUNT
};

static void detectors_text(struct text *t, const struct cls_column_report *c)
{
    for (size_t i = 0; i < c->finding_count; i++) {
        const struct cls_finding *f = &c->findings[i];
        if (strcmp(f->basis ? f->basis : "values", "name") == 0)
            text_add(t, "\n", "%s (column name)", f->detector);
        else
            text_add(t, "\n", "%s %.1f%% [%.1f-%.1f%%]%s", f->detector, f->ratio * 100.0,
                     f->ratio_low * 100.0, f->ratio_high * 100.0,
                     f->fired ? "" : " (not counted)");
    }
}

static void evidence_text(struct text *t, const struct cls_column_report *c)
{
    for (size_t i = 0; i < c->finding_count; i++)
        for (size_t j = 0; c->findings[i].fired && j < c->findings[i].evidence_count; j++)
            text_add(t, "\n", "%s", c->findings[i].evidence[j]);
}

static void reasons_text(struct text *t, const struct cls_column_report *c)
{
    for (size_t i = 0; i < c->reason_count; i++)
        text_add(t, "\n", "%s", c->reasons[i]);
}

/* The column's protection state as the scan judged it (plaintext, masked,
 * hashed, encrypted, tokenized), or why it was not sampled. */
static void protection_text(struct text *t, const struct cls_column_report *c)
{
    if (c->skipped)
        text_add(t, "", "%s", c->reason_count ? c->reasons[0] : "not sampled");
    else if (c->protection && c->protection[0])
        text_add(t, "", "%s", c->protection);
}

static const double column_widths[COL_COUNT] = {24, 14, 12, 18, 20, 12, 13, 34, 24, 16, 60,
                                                18, 18, 13, 40};

static void column_row(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                       const struct cls_table_report *tb, const struct cls_column_report *c)
{
    void (*fill[])(struct text *, const struct cls_column_report *) = {
        detectors_text, evidence_text, protection_text, reasons_text};
    const lxw_col_t at[] = {COL_DETECTORS, COL_EVIDENCE, COL_PROTECTION, COL_REASONS};
    struct text *t = malloc(sizeof *t);
    size_t lines = 1;
    put(ws, row, COL_SOURCE, tb->source, b->top);
    put(ws, row, COL_DATABASE, tb->database, b->top);
    put(ws, row, COL_SCHEMA, tb->schema, b->top);
    put(ws, row, COL_TABLE, tb->table, b->top);
    put(ws, row, COL_COLUMN, c->column, b->top);
    put(ws, row, COL_TYPE, c->data_type, b->top);
    put(ws, row, COL_LABEL, label_name(b, c->label), label_format(b, c->label));
    for (size_t i = 0; t && i < 4; i++) {
        t->len = 0;
        t->buf[0] = '\0';
        fill[i](t, c);
        put(ws, row, at[i], t->buf, b->wrap);
        size_t n = wrapped_lines(t->buf, column_widths[at[i]]);
        lines = n > lines ? n : lines;
    }
    if (lines > 1)
        worksheet_set_row(ws, row, 15.0 * (double)(lines > 20 ? 20 : lines), NULL);
    free(t);
}

static void review_validation(struct book *b, lxw_worksheet *ws, lxw_row_t last)
{
    lxw_data_validation text = {
        .validate = LXW_VALIDATION_TYPE_LENGTH,
        .criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO,
        .value_number = 200,
        .input_title = "Review",
        .input_message = "Name or team; at most 200 characters.",
        .error_message = "At most 200 characters.",
    };
    worksheet_data_validation_range(ws, 1, COL_OWNER, last, COL_REVIEWER, &text);
    lxw_data_validation date = {
        .validate = LXW_VALIDATION_TYPE_DATE,
        .criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
        .minimum_datetime = {.year = 2000, .month = 1, .day = 1},
        .maximum_datetime = {.year = 2199, .month = 12, .day = 31},
        .input_title = "Review date",
        .input_message = "The date of the review, e.g. 2026-11-30.",
        .error_message = "Enter a date such as 2026-11-30.",
    };
    worksheet_data_validation_range(ws, 1, COL_REVIEW_DATE, last, COL_REVIEW_DATE, &date);
    lxw_data_validation note = text;
    note.value_number = 2000;
    note.input_title = "Comment";
    note.input_message = "Why the label is right or wrong; at most 2000 characters.";
    note.error_message = "At most 2000 characters.";
    worksheet_data_validation_range(ws, 1, COL_COMMENT, last, COL_COMMENT, &note);
    (void)b;
}

static void sheet_columns(struct book *b)
{
    static const char *const names[COL_COUNT] = {
        "Source", "Database", "Schema", "Table", "Column", "Type", "Label",
        "Detectors (prevalence, 95% interval)", "Evidence (masked)", "Protection", "Reasons",
        "Owner", "Reviewed by", "Review date", "Comment"};
    const double *w = column_widths;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Columns");
    widths(ws, w, COL_COUNT, NULL);
    worksheet_set_column(ws, COL_REVIEW_DATE, COL_REVIEW_DATE, w[COL_REVIEW_DATE], b->date);
    header(b, ws, names, COL_COUNT);
    worksheet_set_paper(ws, 8);   /* A3: fifteen columns stay legible on one page's width */
    for (lxw_col_t c = COL_OWNER; c <= COL_COMMENT; c++)
        put(ws, 0, c, names[c], b->review_head);
    lxw_row_t row = 1;
    for (size_t i = 0; i < b->r->table_count; i++)
        for (size_t j = 0; j < b->r->tables[i].column_count; j++)
            column_row(b, ws, row++, &b->r->tables[i], &b->r->tables[i].columns[j]);
    lxw_row_t last = row > 1 ? row - 1 : 1;
    worksheet_autofilter(ws, 0, 0, last, COL_COUNT - 1);
    review_validation(b, ws, last);
}

/* ---- Changes, Violations, Policy, Errors ---------------------------------------- */

static void sheet_changes(struct book *b)
{
    static const char *const names[] = {"Change", "Source", "Database", "Schema", "Table",
                                        "Column", "Detector", "Before", "After"};
    static const double w[] = {20, 24, 14, 12, 18, 20, 18, 26, 26};
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Changes");
    const struct cls_report *r = b->r;
    widths(ws, w, 9, NULL);
    header(b, ws, names, 9);
    if (!r->has_changes)
        put(ws, 1, 0, "No prior report was given, so there is nothing to compare with "
                      "(scan with --history DIR or --prior FILE).", b->note);
    else if (r->change_count == 0)
        putf(ws, 1, 0, b->note, "Nothing changed since the run of %s.", r->changes_prior);
    for (size_t i = 0; i < r->change_count; i++) {
        const struct cls_change *c = &r->changes[i];
        const char *cells[] = {cls_diff_kind_words(c->kind), c->source, c->database, c->schema,
                               c->table, c->column, c->detector, c->before, c->after};
        for (lxw_col_t k = 0; k < 9; k++)
            put(ws, (lxw_row_t)(i + 1), k, cells[k],
                k == 0 && (c->kind == CLS_CHANGE_LABEL_RAISED ||
                           c->kind == CLS_CHANGE_VIOLATION_NEW) ? b->warn : NULL);
    }
    if (r->change_count)
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)r->change_count, 8);
}

static void sheet_violations(struct book *b)
{
    static const char *const names[] = {"Source", "Database", "Schema", "Table", "Column",
                                        "Declared", "Detected", "Declared by (policy)"};
    static const double w[] = {24, 14, 12, 18, 20, 14, 14, 30};
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Violations");
    const struct cls_report *r = b->r;
    widths(ws, w, 8, NULL);
    header(b, ws, names, 8);
    if (r->violation_count == 0)
        put(ws, 1, 0, "No violations: nothing was detected above the label its owner declared.",
            b->note);
    for (size_t i = 0; i < r->violation_count; i++) {
        const struct cls_violation *v = &r->violations[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        const char *cells[] = {v->source, v->database, v->schema, v->table,
                               v->column[0] ? v->column : "(whole table)"};
        for (lxw_col_t k = 0; k < 5; k++)
            put(ws, row, k, cells[k], NULL);
        put(ws, row, 5, label_name(b, v->declared), label_format(b, v->declared));
        put(ws, row, 6, label_name(b, v->detected), label_format(b, v->detected));
        put(ws, row, 7, v->rule, NULL);
    }
}

static void sheet_policy(struct book *b)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Policy");
    const struct cls_report *r = b->r;
    lxw_row_t row = 0;
    worksheet_set_column(ws, 0, 0, 22, NULL);
    worksheet_set_column(ws, 1, 1, 110, b->wrap);
    page_setup(ws);
    put(ws, row, 0, "Policy", b->key);
    put(ws, row++, 1, r->policy && r->policy[0] ? r->policy : "built-in", NULL);
    put(ws, row, 0, "sha256", b->key);
    put(ws, row++, 1, r->policy_sha256, NULL);
    put(ws, row, 0, "Levels", b->key);
    for (size_t l = 0; l < b->levels; l++)
        put(ws, row++, 1, label_name(b, (enum cls_label)(b->levels - 1 - l)),
            b->label[b->levels - 1 - l]);
    row++;
    put(ws, row++, 0, "Rules", b->key);
    if (r->policy_rule_count == 0)
        put(ws, row++, 1, "(this report does not describe its policy)", b->note);
    for (size_t i = 0; i < r->policy_rule_count; i++) {
        size_t lines = wrapped_lines(r->policy_rules[i], 110);
        if (lines > 1)
            worksheet_set_row(ws, row, 15.0 * (double)lines, NULL);
        put(ws, row++, 1, r->policy_rules[i], b->wrap);
    }
    row++;
    put(ws, row++, 0, "Excluded tables", b->key);
    if (r->exclusion_count == 0)
        put(ws, row++, 1, "none", b->note);
    for (size_t i = 0; i < r->exclusion_count; i++)
        putf(ws, row++, 1, NULL, "%s%s%s (by \"%s\"): never sampled", r->exclusions[i].schema,
             r->exclusions[i].schema[0] ? "." : "", r->exclusions[i].table,
             r->exclusions[i].rule);
}

static void sheet_errors(struct book *b)
{
    static const char *const names[] = {"Source", "Table", "What could not be read"};
    static const double w[] = {30, 24, 90};
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Errors");
    widths(ws, w, 3, NULL);
    header(b, ws, names, 3);
    if (b->r->error_count == 0)
        put(ws, 1, 0, "None: every table was read.", b->note);
    for (size_t i = 0; i < b->r->error_count; i++) {
        const struct cls_report_error *e = &b->r->errors[i];
        put(ws, (lxw_row_t)(i + 1), 0, e->source, NULL);
        put(ws, (lxw_row_t)(i + 1), 1, e->table[0] ? e->table : "(whole target)", NULL);
        put(ws, (lxw_row_t)(i + 1), 2, e->message, b->wrap);
    }
}

/* ---- the file --------------------------------------------------------------------- */

static int build(const struct cls_report *r, const char *tmp, struct cls_error *err)
{
    struct book b = {.r = r};
    b.levels = r->level_count ? r->level_count : CLS_LABEL_COUNT;
    if (b.levels > LEVELS_MAX)
        b.levels = LEVELS_MAX;
    b.wb = workbook_new(tmp);
    if (!b.wb)
        return cls_error_set(err, CLS_EIO, "%s: cannot create the workbook", tmp);
    lxw_doc_properties props = {.title = "Data classification report",
                                .comments = "Written by classify " PACKAGE_VERSION};
    workbook_set_properties(b.wb, &props);
    make_formats(&b);
    sheet_summary(&b);
    sheet_columns(&b);
    sheet_changes(&b);
    sheet_violations(&b);
    sheet_policy(&b);
    sheet_errors(&b);
    lxw_error rc = workbook_close(b.wb);
    if (rc != LXW_NO_ERROR)
        return cls_error_set(err, CLS_EIO, "cannot write the workbook: %s", lxw_strerror(rc));
    return 0;
}

int cls_report_write_xlsx(const struct cls_report *r, const char *path,
                          struct cls_error *err)
{
    char *tmp = cls_asprintf("%s.XXXXXX", path);
    if (!tmp)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    /* mkstemp makes the file 0600; libxlsxwriter then rewrites it in place,
     * so the workbook is never readable by others, even half-written. */
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return cls_error_set(err, CLS_EIO, "%s: cannot create: %s", path, strerror(e));
    }
    close(fd);
    int rc = build(r, tmp, err);
    if (rc == 0 && rename(tmp, path) < 0)
        rc = cls_error_set(err, CLS_EIO, "%s: cannot rename into place: %s", path,
                           strerror(errno));
    if (rc < 0) {
        unlink(tmp);
        if (strncmp(err->message, "cannot write", 12) == 0) {
            char msg[sizeof err->message];
            snprintf(msg, sizeof msg, "%s", err->message);
            cls_error_set(err, CLS_EIO, "%s: %s", path, msg);
        }
    }
    free(tmp);
    return rc;
}
