/* The workbook's Summary sheet: the run's facts, each scanned target on its
 * own row (engine, host, database, TLS, the account's privilege warning),
 * counts of tables and columns per label per target, a chart, change
 * counts and an incomplete-run warning. Targets are told apart by their
 * full source (host, port, database), so PostgreSQL `holdout` and MySQL
 * `holdout` are two rows, never one. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/diff.h"
#include "report/xlsx_book.h"

static size_t list_targets(const struct cls_report *r, const char **names)
{
    size_t n = 0;
    for (size_t i = 0; i < r->table_count; i++) {
        const char *d = r->tables[i].source ? r->tables[i].source : "";
        size_t j = 0;
        while (j < n && strcmp(names[j], d) != 0)
            j++;
        if (j == n)
            names[n++] = d;
    }
    for (size_t i = 0; i < r->target_count; i++) {
        size_t j = 0;
        while (j < n && strcmp(names[j], r->targets[i].source) != 0)
            j++;
        if (j == n)
            names[n++] = r->targets[i].source;
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

/* The Summary's last column, so that long facts span the count blocks. */
static lxw_col_t last_col(const struct book *b)
{
    return (lxw_col_t)(b->levels + 2 > 6 ? b->levels + 2 : 6);
}

static void fact(struct book *b, lxw_worksheet *ws, lxw_row_t row, const char *key,
                 lxw_format *fmt, const char *value)
{
    xb_put(b, ws, row, 0, key, b->key);
    worksheet_merge_range(ws, row, 1, row, last_col(b), "", fmt);
    /* merged: its width must not widen column B */
    double keep = b->fit[1];
    xb_put(b, ws, row, 1, value, fmt);
    b->fit[1] = keep;
}

static lxw_row_t facts(struct book *b, lxw_worksheet *ws, lxw_row_t row)
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
    size_t applied = 0;
    for (size_t i = 0; i < r->table_count; i++) {
        applied += r->tables[i].override != NULL;
        for (size_t j = 0; j < r->tables[i].column_count; j++)
            applied += r->tables[i].columns[j].override != NULL;
    }
    if (applied || r->expired_count) {
        snprintf(buf, sizeof buf, "%zu applied, %zu expired because the data changed (see the "
                 "Reasons on Columns)", applied, r->expired_count);
        fact(b, ws, row++, "Reviewers' overrides", r->expired_count ? b->warn : NULL, buf);
    }
    for (size_t i = 0; i < r->warning_count; i++)
        fact(b, ws, row++, "Warning", NULL, r->warnings[i]);
    return row + 1;
}

/* ---- targets ---------------------------------------------------------------------- */

/* "host:port" of a URI (user dropped), into out: the diff's identity. */
static void host_of(const char *src, char *out, size_t size)
{
    char *id = strstr(src, "://") ? cls_diff_source_identity(src) : NULL;
    snprintf(out, size, "%s", id ? id : "(local file)");
    free(id);
}

static const struct cls_target_report *target_of(const struct cls_report *r, const char *src)
{
    for (size_t i = 0; i < r->target_count; i++)
        if (strcmp(r->targets[i].source, src) == 0)
            return &r->targets[i];
    return NULL;
}

static const char *database_of(const struct cls_report *r, const char *src)
{
    for (size_t i = 0; i < r->table_count; i++)
        if (strcmp(r->tables[i].source, src) == 0 && r->tables[i].database)
            return r->tables[i].database;
    return "";
}

/* The warnings the source gave about its account ("SRC: account ... has
 * more than read access"), joined. */
static void privilege_text(const struct cls_report *r, const char *src, struct text *t)
{
    size_t n = strlen(src);
    for (size_t i = 0; i < r->warning_count; i++) {
        const char *w = r->warnings[i];
        if (strncmp(w, src, n) == 0 && w[n] == ':' &&
            (strstr(w, "privilege") || strstr(w, "access")))
            xb_text_add(t, "\n", "%s", w + n + 2);
    }
}

static void target_row(struct book *b, lxw_worksheet *ws, lxw_row_t row, const char *src,
                       struct text *t)
{
    const struct cls_target_report *tg = target_of(b->r, src);
    char host[256];
    host_of(src, host, sizeof host);
    xb_put(b, ws, row, 0, src, b->wrap);
    xb_put(b, ws, row, 1, tg ? tg->engine : "CSV file", b->top);
    xb_put(b, ws, row, 2, host, b->top);
    xb_put(b, ws, row, 3, tg ? database_of(b->r, src) : "", b->top);
    if (tg)
        xb_putf(b, ws, row, 4, tg->tls ? b->top : b->warn, "%s%s%s", tg->tls ? "Yes" : "No",
                tg->tls && tg->tls_version[0] ? ", " : "", tg->tls ? tg->tls_version : "");
    else
        xb_put(b, ws, row, 4, "n/a (file)", b->note);
    xb_put(b, ws, row, 5,
           !tg ? "n/a" : tg->server_requires_tls > 0 ? "Yes"
                       : tg->server_requires_tls == 0 ? "No" : "Unknown",
           tg && tg->server_requires_tls == 0 ? b->warn : b->top);
    xb_text_reset(t);
    privilege_text(b->r, src, t);
    xb_put(b, ws, row, 6, t->len ? t->buf : tg ? "none" : "n/a", t->len ? b->warn : b->top);
    size_t lines = xb_wrapped_lines(t->buf, 40);
    if (lines > 1)
        worksheet_set_row(ws, row, 15.0 * (double)(lines > 8 ? 8 : lines), NULL);
}

static lxw_row_t targets(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                         const char **names, size_t n)
{
    static const char *const heads[] = {"Target", "Engine", "Host", "Database",
                                        "TLS in use", "Server requires TLS",
                                        "Privilege warning"};
    struct text *t = malloc(sizeof *t);
    xb_put(b, ws, row++, 0, "Targets scanned", b->key);
    for (lxw_col_t c = 0; c < 7; c++)
        xb_put(b, ws, row, c, heads[c], b->head);
    worksheet_set_row(ws, row, 32, NULL);
    row++;
    for (size_t i = 0; t && i < n; i++)
        target_row(b, ws, row++, names[i], t);
    free(t);
    return row + 1;
}

/* ---- counts ----------------------------------------------------------------------- */

/* A block "what per label per target": one row per target, one column per
 * level (most sensitive first), Not assessed, Total, and a total row.
 * *total_row is the row of the totals (for the chart). */
static lxw_row_t counts(struct book *b, lxw_worksheet *ws, lxw_row_t row, const char *what,
                        bool columns, const char **names, size_t n, lxw_row_t *total_row)
{
    const struct cls_report *r = b->r;
    const size_t na = LEVELS_MAX;   /* the Not assessed slot */
    xb_putf(b, ws, row++, 0, b->key, "%s per label and target", what);
    xb_put(b, ws, row, 0, "Target", b->head);
    for (size_t l = 0; l < b->levels; l++)
        xb_put(b, ws, row, (lxw_col_t)(l + 1),
               xb_label_name(b, (enum cls_label)(b->levels - 1 - l)), b->label[b->levels - 1 - l]);
    xb_put(b, ws, row, (lxw_col_t)(b->levels + 1), "Not assessed", b->grey);
    xb_put(b, ws, row++, (lxw_col_t)(b->levels + 2), "Total", b->head);
    double totals[LEVELS_MAX + 1] = {0};
    for (size_t d = 0; d <= n; d++, row++) {
        double cnt[LEVELS_MAX + 1] = {0};
        for (size_t i = 0; d < n && i < r->table_count; i++) {
            const struct cls_table_report *t = &r->tables[i];
            if (strcmp(t->source, names[d]) != 0)
                continue;
            if (!columns && (size_t)t->label < b->levels)
                cnt[t->label]++;
            for (size_t c = 0; columns && c < t->column_count; c++)
                if (t->columns[c].skipped)
                    cnt[na]++;
                else if ((size_t)t->columns[c].label < b->levels)
                    cnt[t->columns[c].label]++;
        }
        double *shown = d < n ? cnt : totals;
        xb_put(b, ws, row, 0, d < n ? names[d] : "All", d < n ? b->wrap : b->key);
        double sum = 0;
        for (size_t l = 0; l <= b->levels; l++) {
            size_t rank = l < b->levels ? b->levels - 1 - l : na;
            totals[rank] += d < n ? cnt[rank] : 0;
            xb_num(b, ws, row, (lxw_col_t)(l + 1), shown[rank], NULL);
            sum += shown[rank];
        }
        xb_num(b, ws, row, (lxw_col_t)(b->levels + 2), sum, b->key);
    }
    *total_row = row - 1;
    return row + 1;
}

static void chart(struct book *b, lxw_worksheet *ws, lxw_row_t head_row, lxw_row_t total_row,
                  lxw_row_t at, lxw_col_t at_col)
{
    lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_COLUMN);
    lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
    chart_series_set_categories(s, "Summary", head_row, 1, head_row, (lxw_col_t)b->levels);
    chart_series_set_values(s, "Summary", total_row, 1, total_row, (lxw_col_t)b->levels);
    chart_series_set_name(s, "Columns");
    lxw_chart_fill fills[LEVELS_MAX];
    lxw_chart_point points[LEVELS_MAX], *ptrs[LEVELS_MAX + 1];
    for (size_t l = 0; l < b->levels; l++) {
        fills[l] = (lxw_chart_fill){.color = xb_level_color(b->levels - 1 - l, b->levels)};
        points[l] = (lxw_chart_point){.fill = &fills[l]};
        ptrs[l] = &points[l];
    }
    ptrs[b->levels] = NULL;
    chart_series_set_points(s, ptrs);
    chart_series_set_labels(s);
    chart_title_set_name(ch, "Columns by label");
    chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
    lxw_chart_options opt = {.x_scale = 0.8, .y_scale = 0.9};
    worksheet_insert_chart_opt(ws, at, at_col, ch, &opt);
}

static void changes(struct book *b, lxw_worksheet *ws, lxw_row_t row)
{
    xb_put(b, ws, row++, 0, "Changes since the prior run, by kind", b->key);
    if (!b->r->has_changes) {
        double keep = b->fit[0];
        xb_put(b, ws, row, 0, "No prior report was given (scan with --history DIR or --prior "
                              "FILE).", b->note);
        b->fit[0] = keep;
        return;
    }
    xb_put(b, ws, row, 0, "Change", b->head);
    xb_put(b, ws, row++, 1, "Count", b->head);
    for (int k = 0; k < CLS_CHANGE_KIND_COUNT; k++) {
        xb_put(b, ws, row, 0, cls_diff_kind_words((enum cls_change_kind)k), NULL);
        xb_num(b, ws, row++, 1, (double)cls_diff_count(b->r, (enum cls_change_kind)k), NULL);
    }
}

void xb_sheet_summary(struct book *b)
{
    lxw_worksheet *ws = xb_sheet(b, "Summary");
    const struct cls_report *r = b->r;
    const char **names = calloc(r->table_count + r->target_count + 1, sizeof *names);
    size_t n = names ? list_targets(r, names) : 0;
    lxw_row_t row = 0, tables_total, columns_total;
    xb_put(b, ws, row++, 0, "Data classification report", b->title);
    b->fit[0] = 0;
    if (!r->complete) {
        worksheet_merge_range(ws, row, 0, row, last_col(b), "", b->banner);
        xb_putf(b, ws, row, 0, b->banner,
                "Incomplete run: %zu table(s) or target(s) could not be read (see Errors). "
                "The labels below cover only what was read.", r->error_count);
        b->fit[0] = 0;
        worksheet_set_row(ws, row, 36, NULL);
        row++;
    }
    row = facts(b, ws, row + 1);
    row = targets(b, ws, row, names, n);
    lxw_row_t tables_head = row + 1;
    row = counts(b, ws, row, "Tables", false, names, n, &tables_total);
    lxw_row_t columns_head = row + 1;
    row = counts(b, ws, row, "Columns", true, names, n, &columns_total);
    changes(b, ws, row);
    free(names);
    static const double max[] = {46, 14, 22, 16, 16, 14, 44, 14, 14, 14, 14, 14, 14, 14};
    size_t cols = (size_t)last_col(b) + 1;
    xb_fit(b, ws, cols < 14 ? cols : 14, max, NULL);
    chart(b, ws, columns_head, columns_total, tables_head - 1, (lxw_col_t)(last_col(b) + 2));
    worksheet_activate(ws);
}
