/* The scan of one target: open the source, list its tables, and for each
 * table list columns, stream the sample through one accumulator per
 * column, decide each column and the table, and add it to the report.
 * A failing table becomes an entry in report->errors; the scan goes on. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "classify/scan.h"
#include "policy.h"
#include "util.h"

struct table_scan {
    size_t ncols;
    struct cls_column_acc **acc;    /* [ncols], NULL for skipped columns */
    struct cls_scanner *scanner;
};

static int on_row(void *user, const struct cls_row *row)
{
    struct table_scan *ts = user;
    for (size_t i = 0; i < ts->ncols && i < row->count; i++) {
        if (!ts->acc[i])
            continue;
        size_t len = row->lens[i] > CLS_VALUE_MAX ? CLS_VALUE_MAX : row->lens[i];
        cls_column_acc_add(ts->acc[i], ts->scanner, row->values[i], len);
    }
    return 0;
}

void cls_table_decide(struct cls_table_report *t)
{
    t->label = CLS_PUBLIC;
    for (size_t i = 0; i < t->column_count; i++)
        if (t->columns[i].label > t->label)
            t->label = t->columns[i].label;
}

static void free_accs(struct table_scan *ts)
{
    for (size_t i = 0; i < ts->ncols; i++)
        cls_column_acc_free(ts->acc[i]);
    free(ts->acc);
}

/* Fills the report's table from the accumulators. */
static int decide_table(struct cls_table_report *tr, const struct cls_column_list *cols,
                        struct table_scan *ts)
{
    tr->columns = calloc(cols->count ? cols->count : 1, sizeof *tr->columns);
    if (!tr->columns)
        return CLS_ENOMEM;
    for (size_t i = 0; i < cols->count; i++) {
        struct cls_column_report *c = &tr->columns[i];
        tr->column_count++;
        c->column = cls_strdup(cols->items[i].name);
        c->data_type = cls_strdup(cols->items[i].data_type);
        if (!ts->acc[i]) {
            c->skipped = true;
            cls_column_add_reason(c, "not sampled: %s",
                                  cols->items[i].skip_reason ? cols->items[i].skip_reason
                                                             : "skipped");
            continue;
        }
        if (cls_column_acc_decide(ts->acc[i], c) < 0)
            return CLS_ENOMEM;
    }
    cls_table_decide(tr);
    return 0;
}

static char *qualified_name(const struct cls_table_ref *t)
{
    if (t->schema && t->schema[0])
        return cls_asprintf("%s.%s", t->schema, t->name);
    return cls_strdup(t->name);
}

static int scan_table(struct cls_report *report, const struct cls_engine *engine,
                      const struct cls_source_ops *ops, struct cls_source *src,
                      const struct cls_table_ref *t, const struct cls_scan_options *opts,
                      struct cls_error *err)
{
    struct cls_column_list cols = {0};
    struct table_scan ts = {0};
    uint64_t rows = 0;
    int rc = ops->list_columns(src, t, &cols, err);
    if (rc < 0)
        goto done;
    ts.ncols = cols.count;
    ts.acc = calloc(cols.count ? cols.count : 1, sizeof *ts.acc);
    if (!ts.acc || cls_scanner_new(&ts.scanner, engine, err) < 0) {
        rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < cols.count; i++) {
        if (opts->exclude && !cols.items[i].skipped &&
            opts->exclude(opts->hook_user, t->schema, t->name, cols.items[i].name)) {
            cols.items[i].skipped = 1;
            free(cols.items[i].skip_reason);
            cols.items[i].skip_reason = cls_strdup("excluded by the policy");
        }
        struct cls_column_ctx ctx = {
            .table = t->name, .column = cols.items[i].name,
            .data_type = cols.items[i].data_type,
        };
        if (!cols.items[i].skipped && cls_column_acc_new(&ts.acc[i], engine, &ctx) < 0) {
            rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
            goto done;
        }
    }
    rc = ops->sample(src, t, &cols, on_row, &ts, &rows, err);
    if (rc < 0)
        goto done;
    struct cls_table_report *tr = cls_report_add_table(report);
    if (!tr) {
        rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
        goto done;
    }
    tr->source = cls_strdup(ops->display_uri(src));
    tr->database = cls_strdup(t->database);
    tr->schema = cls_strdup(t->schema);
    tr->table = cls_strdup(t->name);
    tr->rows_estimated = t->rows_estimated;
    tr->rows_sampled = rows;
    rc = decide_table(tr, &cols, &ts);
    if (rc == 0 && opts->after_table)
        opts->after_table(opts->hook_user, tr);
done:
    free_accs(&ts);
    cls_scanner_free(ts.scanner);
    cls_column_list_clear(&cols);
    return rc;
}

static int table_selected(const struct cls_table_ref *t, const struct cls_scan_options *o)
{
    if (!o->only_table)
        return 1;
    char *q = qualified_name(t);
    int ok = q && (strcmp(q, o->only_table) == 0 || strcmp(t->name, o->only_table) == 0);
    free(q);
    return ok;
}

int cls_scan_target(struct cls_report *report, const struct cls_engine *engine,
                    const char *target, const struct cls_scan_options *opts,
                    struct cls_error *err)
{
    struct cls_error local;
    struct cls_source *src = NULL;
    struct cls_table_list tables = {0};
    struct cls_source_options so = {
        .sample_rows = opts->sample_rows, .seed = opts->seed, .seeded = opts->seeded,
    };
    const struct cls_source_ops *ops = cls_source_for_target(target, &local);
    if (!ops || ops->open(&src, target, &so, &local) < 0 ||
        ops->list_tables(src, &tables, &local) < 0) {
        /* The target itself failed: record it and let the caller go on. */
        int rc = cls_report_add_error(report, src ? ops->display_uri(src) : target, "",
                                      local.message);
        cls_table_list_clear(&tables);
        if (src)
            ops->close(src);
        return rc < 0 ? cls_error_set(err, CLS_ENOMEM, "out of memory") : 0;
    }
    int rc = 0;
    size_t done = 0;
    for (size_t i = 0; i < tables.count && rc == 0; i++) {
        const struct cls_table_ref *t = &tables.items[i];
        if (!table_selected(t, opts))
            continue;
        /* Excluded tables are never sampled; the policy's after-run pass
         * lists them in the report. */
        if (opts->exclude && opts->exclude(opts->hook_user, t->schema, t->name, NULL))
            continue;
        cls_error_clear(&local);
        int trc = scan_table(report, engine, ops, src, t, opts, &local);
        if (trc == CLS_ENOMEM) {
            rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
        } else if (trc < 0) {
            char *q = qualified_name(t);
            rc = cls_report_add_error(report, ops->display_uri(src), q ? q : t->name,
                                      local.message);
            free(q);
        }
        done++;
        if (opts->progress)
            opts->progress(opts->progress_user, ops->display_uri(src), t->name, done,
                           tables.count);
    }
    if (opts->only_table && done == 0 && rc == 0)
        rc = cls_report_add_error(report, ops->display_uri(src), opts->only_table,
                                  "no such table");
    cls_table_list_clear(&tables);
    ops->close(src);
    return rc;
}

int cls_scan_run(struct cls_report **out, const char *const *targets, size_t count,
                 const struct cls_scan_options *opts, struct cls_error *err)
{
    struct cls_engine *engine = NULL;
    struct cls_report *report = NULL;
    char sha[65];
    int rc = cls_engine_new(&engine, err);
    if (rc < 0)
        return rc;
    if (cls_report_new(&report) < 0) {
        cls_engine_free(engine);
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    cls_report_stamp(&report->started_at);
    report->sample_rows = opts->sample_rows;
    cls_policy_default_sha256(sha);
    free(report->policy_sha256);
    report->policy_sha256 = strdup(sha);
    if (opts->engine_ready)
        opts->engine_ready(opts->hook_user, engine);
    for (size_t i = 0; i < count && rc == 0; i++)
        rc = cls_scan_target(report, engine, targets[i], opts, err);
    cls_report_stamp(&report->finished_at);
    cls_engine_free(engine);
    if (rc < 0) {
        cls_report_free(report);
        return rc;
    }
    *out = report;
    return 0;
}
