/* The scan of one target: open the source, record what it says about the
 * connection, list its tables and their columns, then hand the tables to
 * --jobs workers (each with its own connection and scanner; the engine is
 * shared read-only) that stream each sample through one accumulator per
 * column, decide the table, and add it to the report under a mutex. Small
 * tables go in pipelined batches where the back-end has them (db_batch.h),
 * so a wide database does not cost one round trip per table. A failing
 * table becomes an entry in report->errors, its message masked by the
 * detectors (mask.c); the scan goes on. A worker whose connection is lost
 * reconnects (bounded, with backoff) and the tables it lost are retried
 * once; a worker that cannot reconnect stops taking tables and the others
 * go on. A target listed twice is scanned once. */
#include "config.h"

#include <fnmatch.h>
#include <stddef.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "classify/scan.h"
#include "core/shard.h"
#include "report/pool.h"
#include "report/targets.h"
#include "sources/db_batch.h"
#include "sources/db_util.h"
#include "util/util.h"

/* Accumulators a worker keeps from one table to the next
 * (cls_column_acc_reuse): a fresh one per column per table, allocated and
 * cleared (~9 kB each), cost a twentieth of a scan of many small tables.
 * At most SPARES_MAX are kept; a wider table frees the rest. */
#define SPARES_MAX 256
struct acc_spares {
    struct cls_column_acc *acc[SPARES_MAX];
    size_t n;
};

struct table_scan {
    size_t ncols;
    struct cls_column_acc **acc;    /* [ncols], NULL for skipped columns */
    int nomem;                      /* a drawn row could not be noted */
    /* From here on, the worker's: kept from table to table. */
    struct cls_scanner *scanner;
    int *lost;                      /* set when the worker must reconnect */
    struct acc_spares *spares;      /* NULL: accumulators are freed */
};

/* A row of the sample is counted; a row drawn into a client-side
 * reservoir is run through the detectors now, while the stream goes on,
 * and counted from its notes when the draw hands it over as kept (in slot
 * order: the same verdict as counting the kept rows, column.c). */
static int on_row(void *user, const struct cls_row *row)
{
    struct table_scan *ts = user;
    if (ts->nomem)
        return 1;
    size_t n = ts->ncols < row->count ? ts->ncols : row->count;
    if (row->kind == CLS_ROW_SAMPLE) {
        /* The common row, on its own loop: this runs for every value. */
        for (size_t i = 0; i < n; i++)
            if (ts->acc[i])
                cls_column_acc_add(ts->acc[i], ts->scanner, row->values[i],
                                   row->lens[i] > CLS_VALUE_MAX ? CLS_VALUE_MAX : row->lens[i]);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (!ts->acc[i])
            continue;
        size_t len = row->lens[i] > CLS_VALUE_MAX ? CLS_VALUE_MAX : row->lens[i];
        if (row->kind == CLS_ROW_DRAWN &&
            cls_column_acc_draw(ts->acc[i], ts->scanner, row->slot, row->slots, row->values[i],
                                len) < 0)
            ts->nomem = 1;
        else if (row->kind == CLS_ROW_KEPT)
            cls_column_acc_add_drawn(ts->acc[i], ts->scanner, row->slot, row->values[i], len);
    }
    return ts->nomem;
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
    for (size_t i = 0; i < ts->ncols; i++) {
        if (ts->acc[i] && ts->spares && ts->spares->n < SPARES_MAX)
            ts->spares->acc[ts->spares->n++] = ts->acc[i];
        else
            cls_column_acc_free(ts->acc[i]);
    }
    free(ts->acc);
}

/* A spare accumulator made the column ctx names, or a new one. */
static int take_acc(struct table_scan *ts, struct cls_column_acc **out,
                    const struct cls_engine *engine, const struct cls_column_ctx *ctx)
{
    if (!ts->spares || ts->spares->n == 0)
        return cls_column_acc_new(out, engine, ctx);
    struct cls_column_acc *a = ts->spares->acc[--ts->spares->n];
    if (cls_column_acc_reuse(a, ctx) < 0) {
        cls_column_acc_free(a);
        return CLS_ENOMEM;
    }
    *out = a;
    return 0;
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
        if (!c->column || (cols->items[i].data_type && !c->data_type))
            return CLS_ENOMEM;
        if (!ts->acc[i]) {
            c->skipped = true;
            if (cls_column_add_reason(c, "not sampled: %s",
                                      cols->items[i].skip_reason ? cols->items[i].skip_reason
                                                                 : "skipped") < 0)
                return CLS_ENOMEM;
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

/* One table handed to a worker: its reference, and its columns while it
 * is sampled. The columns are listed from the catalog only when the table
 * is taken, and freed when it is recorded: a plan of 100,000 tables holds
 * no copy of their columns (README "Scale of the catalog"). */
struct job {
    const struct cls_table_ref *t;
    struct cls_column_list cols;    /* empty until taken */
    int retried;                    /* put back once after a lost connection */
};

/* The shared state of one target's workers. Every report append, hook and
 * progress call happens under `lock`; sampling runs outside it. */
struct target_run {
    struct cls_report *report;
    const struct cls_engine *engine;
    const struct cls_source_ops *ops;
    const char *target;
    const char *display;
    const struct cls_scan_options *opts;
    struct cls_source_options so;
    /* The connection whose catalog the plan was made from. Workers of a
     * back-end that samples without a catalog (PostgreSQL) list their
     * columns from it; it is never closed before the target is done, even
     * when its worker reconnects. */
    struct cls_source *catalog;
    struct job *jobs;
    size_t njobs, next, done;
    struct job **retry;             /* lost with a connection, to sample again */
    size_t nretry;
    int stopped;                    /* CLS_EUNSAFE: take no more tables */
    unsigned workers;               /* connections the queue is shared by */
    uint64_t rows;                  /* sampled so far, for progress */
    struct timespec started;
    pthread_mutex_t lock;
    int fatal;                      /* CLS_ENOMEM seen */
};

/* Adds an error to the report with its message masked: a server quotes the
 * value it failed on. Returns 0 or CLS_ENOMEM. */
static int add_error(struct cls_report *report, const struct cls_engine *engine,
                     const char *source, const char *table, const char *message)
{
    char *m = NULL;
    if (cls_mask_message(&m, engine, message) < 0)
        return CLS_ENOMEM;
    int rc = cls_report_add_error(report, source, table, m) < 0 ? CLS_ENOMEM : 0;
    free(m);
    return rc;
}

/* Adds a warning, masked as errors are, and hands it to opts->warn.
 * Called with run->lock held, or before the workers start. */
static int add_warning(struct target_run *run, const char *message)
{
    char *m = NULL;
    if (cls_mask_message(&m, run->engine, message) < 0)
        return CLS_ENOMEM;
    int rc = cls_report_add_warning(run->report, m) < 0 ? CLS_ENOMEM : 0;
    if (rc == 0 && run->opts->warn)
        run->opts->warn(run->opts->warn_user, m);
    free(m);
    return rc;
}

/* Builds one accumulator per sampled column; policy exclusions become
 * skipped columns. */
static int make_accs(struct table_scan *ts, const struct cls_engine *engine,
                     const struct job *j, const struct cls_scan_options *opts,
                     struct cls_error *err)
{
    const struct cls_table_ref *t = j->t;
    size_t n = j->cols.count;
    ts->ncols = n;
    ts->acc = calloc(n ? n : 1, sizeof *ts->acc);
    /* Every column's name, for the columns that judge by their neighbours. */
    const char **names = calloc(n ? n : 1, sizeof *names);
    int rc = ts->acc && names ? 0 : CLS_ENOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++)
        names[i] = j->cols.items[i].name;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct cls_column_ref *c = &j->cols.items[i];
        if (opts->exclude && !c->skipped &&
            opts->exclude(opts->hook_user, t->schema, t->name, c->name)) {
            c->skipped = 1;
            free(c->skip_reason);
            c->skip_reason = cls_strdup("excluded by the policy");
            if (!c->skip_reason)
                rc = CLS_ENOMEM;
        }
        struct cls_column_ctx ctx = {
            .table = t->name, .column = c->name, .data_type = c->data_type,
            .neighbours = names, .neighbour_count = n,
        };
        if (rc == 0 && !c->skipped && take_acc(ts, &ts->acc[i], engine, &ctx) < 0)
            rc = CLS_ENOMEM;
    }
    free(names);
    return rc < 0 ? cls_error_set(err, CLS_ENOMEM, "out of memory") : 0;
}

/* Decides the table into *tr, outside the lock: deciding every column is
 * the costly part of recording a table, and --jobs workers must not take
 * turns at it. */
static int decide_job(struct target_run *run, const struct job *j, struct table_scan *ts,
                      uint64_t rows, struct cls_table_report *tr)
{
    const struct cls_table_ref *t = j->t;
    memset(tr, 0, sizeof *tr);
    tr->source = cls_strdup(run->display);
    tr->database = cls_strdup(t->database);
    tr->schema = cls_strdup(t->schema);
    tr->table = cls_strdup(t->name);
    tr->rows_estimated = t->rows_estimated;
    tr->rows_sampled = rows;
    /* A NULL here would reach the report writers' strcmp and fputs. */
    if (!tr->source || !tr->database || !tr->schema || !tr->table)
        return CLS_ENOMEM;
    return decide_table(tr, &j->cols, ts);
}

/* Adds the decided table to the report; called with run->lock held. Once
 * the policy's hook has had its say, the table's strings move into the
 * report's pool (report/pool.h): what repeats from table to table is kept
 * once, so the report held until the run ends stays small. */
static int add_table(struct target_run *run, const struct cls_table_report *decided)
{
    struct cls_table_report *tr = cls_report_add_table(run->report);
    if (!tr)
        return CLS_ENOMEM;
    *tr = *decided;
    if (run->opts->after_table)
        run->opts->after_table(run->opts->hook_user, tr);
    return cls_report_pool_table(run->report, tr);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Tells the caller where the target stands; called with run->lock held. */
static void report_progress(struct target_run *run, const char *table)
{
    const struct cls_scan_options *o = run->opts;
    if (o->progress_ex) {
        struct cls_scan_progress p = {
            .target = run->display, .table = table, .done = run->done,
            .total = run->njobs, .rows = run->rows, .elapsed = seconds_since(&run->started),
        };
        o->progress_ex(o->progress_user, &p);
    } else if (o->progress) {
        o->progress(o->progress_user, run->display, table, run->done, run->njobs);
    }
}

/* A table whose deciding ran out of memory goes into the report without
 * the after_table hook, only so that the report frees it: the run then
 * fails with CLS_ENOMEM and its report is discarded, never written.
 * Called with run->lock held. */
static void keep_to_free(struct target_run *run, const struct cls_table_report *partial)
{
    struct cls_table_report *tr = cls_report_add_table(run->report);
    if (tr)
        *tr = *partial;
}

/* Records a sampled table (rc 0) or its error, and the progress. */
static void finish_job(struct target_run *run, struct job *j, struct table_scan *ts, int rc,
                       uint64_t rows, const struct cls_error *err)
{
    struct cls_table_report tr;
    int decided = rc == 0;
    if (rc == 0)
        rc = decide_job(run, j, ts, rows, &tr);
    if ((rc == CLS_ECONN || rc == CLS_ETIMEOUT) && ts->lost)
        *ts->lost = 1;
    pthread_mutex_lock(&run->lock);
    /* Best effort: a table the checkpoint missed is scanned again on resume. */
    if (rc == 0 && run->opts->checkpoint_open)
        (void)cls_checkpoint_add(run->opts->checkpoint_open, &tr);
    if (rc == 0)
        rc = add_table(run, &tr);
    else if (decided)
        keep_to_free(run, &tr);
    if (rc == CLS_EUNSAFE)
        run->stopped = 1;
    if (rc == CLS_ECONN && !j->retried) {
        /* Lost with its connection, not by its own fault: once more. */
        j->retried = 1;
        run->retry[run->nretry++] = j;
        pthread_mutex_unlock(&run->lock);
        cls_column_list_clear(&j->cols);    /* listed again when retaken */
        free_accs(ts);
        memset(ts, 0, offsetof(struct table_scan, scanner));
        return;
    }
    if (rc == CLS_ENOMEM) {
        run->fatal = CLS_ENOMEM;
    } else if (rc < 0) {
        char *q = qualified_name(j->t);
        if (add_error(run->report, run->engine, run->display, q ? q : j->t->name,
                      err->message) < 0)
            run->fatal = CLS_ENOMEM;
        free(q);
    }
    run->done++;
    run->rows += rows;
    report_progress(run, j->t->name);
    pthread_mutex_unlock(&run->lock);
    cls_column_list_clear(&j->cols);
    free_accs(ts);
    memset(ts, 0, offsetof(struct table_scan, scanner));
}

/* Samples one table on this worker's connection and records the outcome. */
static void scan_job(struct target_run *run, struct cls_source *src, struct cls_scanner *sc,
                     struct acc_spares *spares, struct job *j, int *lost)
{
    struct cls_error err = {0};
    struct table_scan ts = {.scanner = sc, .lost = lost, .spares = spares};
    uint64_t rows = 0;
    int rc = make_accs(&ts, run->engine, j, run->opts, &err);
    if (rc == 0)
        rc = run->ops->sample(src, j->t, &j->cols, on_row, &ts, &rows, &err);
    if (rc == 0 && ts.nomem)
        rc = cls_error_set(&err, CLS_ENOMEM, "out of memory");
    finish_job(run, j, &ts, rc, rows, &err);
}

/* A batch of small tables sampled through the back-end's pipeline; table
 * i's job is jobs[i % CLS_BATCH_RING] (db_batch.h: no more are
 * outstanding at a time). */
struct batch_run {
    struct target_run *run;
    struct job *jobs[CLS_BATCH_RING];
    size_t total;                   /* jobs handed to the back-end */
    size_t limit;                   /* at most this many: the connection's room */
    struct cls_source *src;
    const struct cls_batch_ops *bops;
    struct table_scan ts;
    bool stopped;                   /* a stop came: the rest is not recorded */
};

static int batch_begin(void *user, size_t i, struct cls_error *err)
{
    struct batch_run *b = user;
    /* A stop leaves the batch's remaining tables undone, not failed: they
     * are neither in the report nor in the checkpoint, so a resume does them. */
    const volatile sig_atomic_t *stop = b->run->opts->stop;
    if (b->stopped || (stop && *stop)) {
        b->stopped = true;
        return cls_error_set(err, CLS_ERR, "stopped");
    }
    return make_accs(&b->ts, b->run->engine, b->jobs[i % CLS_BATCH_RING], b->run->opts, err);
}

static int batch_row(void *user, const struct cls_row *row)
{
    return on_row(&((struct batch_run *)user)->ts, row);
}

static void batch_end(void *user, size_t i, int rc, uint64_t rows, const struct cls_error *err)
{
    struct batch_run *b = user;
    if (!b->stopped)
        finish_job(b->run, b->jobs[i % CLS_BATCH_RING], &b->ts, rc, rows, err);
}

static size_t take_small(struct target_run *run, unsigned workers, struct job **out,
                         size_t max);
static int job_columns(struct target_run *run, struct cls_source *src, struct job *j,
                       const struct cls_batch_ops *bops);

/* More small tables for a running batch, from the queue. */
static size_t batch_more(void *user, struct cls_sample_req *out, size_t max)
{
    struct batch_run *b = user;
    struct job *got[CLS_BATCH_RING];
    if (b->stopped || b->total >= b->limit)
        return 0;
    /* A connection is recycled after recycle_tables tables (db_batch.h),
     * so a batch that extends itself stops there too. */
    if (max > b->limit - b->total)
        max = b->limit - b->total;
    pthread_mutex_lock(&b->run->lock);
    size_t n = take_small(b->run, b->run->workers, got,
                          max < CLS_BATCH_RING ? max : CLS_BATCH_RING);
    pthread_mutex_unlock(&b->run->lock);
    size_t handed = 0;
    for (size_t k = 0; k < n; k++) {
        if (job_columns(b->run, b->src, got[k], b->bops) < 0)
            continue;               /* recorded as the table's error */
        b->jobs[b->total++ % CLS_BATCH_RING] = got[k];
        out[handed++] = (struct cls_sample_req){.table = got[k]->t, .columns = &got[k]->cols};
    }
    return handed;
}

/* Tables up to CLS_BATCH_MAX_ROWS estimated rows (source.h) go into
 * pipelined batches; a bigger table is sampled on its own. */
#define BATCH_MAX CLS_BATCH_RING

static int batchable(const struct job *j)
{
    return j->t->rows_estimated >= 0 && j->t->rows_estimated <= CLS_BATCH_MAX_ROWS;
}

/* Takes the next jobs off the queue (run->lock held): one big table, or
 * up to BATCH_MAX small ones, fewer near the end so that every worker
 * keeps a share. Returns how many were put in out. */
static size_t take_jobs(struct target_run *run, int batching, unsigned workers,
                        struct job **out)
{
    size_t left = run->next < run->njobs ? run->njobs - run->next : 0;
    if (run->fatal || run->stopped || (run->opts->stop && *run->opts->stop))
        return 0;
    if (run->nretry) {
        out[0] = run->retry[--run->nretry];
        return 1;
    }
    if (left == 0)
        return 0;
    size_t max = batching ? left / (2 * (size_t)workers) : 1;
    max = max < 1 ? 1 : max > BATCH_MAX ? BATCH_MAX : max;
    size_t n = 0;
    while (n < max && run->next < run->njobs &&
           (n == 0 || batchable(&run->jobs[run->next])) &&
           !(n == 1 && !batchable(out[0])))
        out[n++] = &run->jobs[run->next++];
    return n;
}

/* Takes up to max of the next jobs for a running batch (run->lock held):
 * only small tables, none once the queue reaches a big one or a retry
 * waits, and a share of what is left as take_jobs gives. */
static size_t take_small(struct target_run *run, unsigned workers, struct job **out,
                         size_t max)
{
    size_t left = run->next < run->njobs ? run->njobs - run->next : 0;
    if (run->fatal || run->stopped || (run->opts->stop && *run->opts->stop) || run->nretry)
        return 0;
    size_t share = left / (2 * (size_t)workers);
    if (share >= 1 && share < max)
        max = share;
    size_t n = 0;
    while (n < max && run->next < run->njobs && batchable(&run->jobs[run->next]))
        out[n++] = &run->jobs[run->next++];
    return n;
}

/* Lists a taken job's columns: from the worker's own catalog when its
 * back-end keeps one per connection, else from the plan's. 0, or a failure
 * already recorded as the table's error (finish_job). */
static int job_columns(struct target_run *run, struct cls_source *src, struct job *j,
                       const struct cls_batch_ops *bops)
{
    struct cls_source *from = bops && !bops->needs_catalog ? run->catalog : src;
    struct cls_error err = {0};
    int rc = from ? run->ops->list_columns(from, j->t, &j->cols, &err)
                  : cls_error_set(&err, CLS_ESOURCE, "no catalog");
    if (rc == 0)
        return 0;
    struct table_scan ts = {0};
    finish_job(run, j, &ts, err.code == CLS_ENOMEM ? CLS_ENOMEM : rc, 0, &err);
    return rc;
}

/* Samples the taken jobs: pipelined when there are several, a batch
 * taking more from the queue up to room tables on this connection.
 * Returns how many tables were sampled on src. */
static size_t scan_jobs(struct target_run *run, struct cls_source *src, struct cls_scanner *sc,
                       struct acc_spares *spares, struct job **jobs, size_t n,
                       const struct cls_batch_ops *bops, size_t room, int *lost)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (job_columns(run, src, jobs[i], bops) == 0)
            jobs[kept++] = jobs[i];
    n = kept;
    if (n == 1 || !bops) {
        for (size_t i = 0; i < n; i++)
            scan_job(run, src, sc, spares, jobs[i], lost);
        return n;
    }
    struct cls_sample_req reqs[BATCH_MAX];
    struct batch_run b = {.run = run, .total = n, .src = src, .bops = bops,
                          .limit = room,
                          .ts = {.scanner = sc, .lost = lost, .spares = spares}};
    for (size_t i = 0; i < n; i++) {
        reqs[i] = (struct cls_sample_req){.table = jobs[i]->t, .columns = &jobs[i]->cols};
        b.jobs[i] = jobs[i];
    }
    struct cls_batch_hooks h = {
        .begin = batch_begin, .row = batch_row, .end = batch_end, .more = batch_more,
        .user = &b,
    };
    if (bops->sample_batch(src, reqs, n, &h) == CLS_ENOMEM) {
        pthread_mutex_lock(&run->lock);
        run->fatal = CLS_ENOMEM;
        pthread_mutex_unlock(&run->lock);
    }
    return b.total;
}

/* The pipelined batch operations of the run's back-end, or NULL. */
static const struct cls_batch_ops *batch_for(const struct cls_source_ops *ops)
{
    if (ops == &cls_source_pg)
        return &cls_batch_pg;
    return ops == &cls_source_mysql ? &cls_batch_mysql : NULL;
}

/* Lets go of a worker's connection: closed, unless its catalog is the
 * plan's, which the other workers still list columns from (then only its
 * connection ends, where the back-end can; scan_target closes it). */
static void release(struct target_run *run, struct cls_source *src)
{
    const struct cls_batch_ops *bops = batch_for(run->ops);
    if (src != run->catalog)
        run->ops->close(src);
    else if (bops && bops->disconnect)
        bops->disconnect(src);
}

/* Opens a worker's next connection, with its catalog when the back-end
 * samples from one. 0, or -1 with err set and *out NULL. */
static int open_worker(struct target_run *run, struct cls_source **out, struct cls_error *err)
{
    const struct cls_batch_ops *bops = batch_for(run->ops);
    struct cls_table_list tables = {0};
    /* The plan's connection recorded the TLS facts and the account's rights. */
    struct cls_source_options so = run->so;
    so.extra_connection = 1;
    if (run->ops->open(out, run->target, &so, err) < 0)
        return -1;
    int ok = (bops && !bops->needs_catalog) || run->ops->list_tables(*out, &tables, err) == 0;
    cls_table_list_clear(&tables);
    if (ok)
        return 0;
    run->ops->close(*out);
    *out = NULL;
    return -1;
}

/* Pauses between reconnection attempts: about 3.6 s in all, so a server
 * that restarts is waited for, and one that is gone costs little. */
static const unsigned reconnect_ms[] = {100, 500, 1000, 2000};

/* Replaces a lost connection: closes *src and opens a new one (with its
 * catalog when the back-end samples from one). Returns 0, or -1 with err
 * set and *src NULL after the last attempt. */
static int reconnect(struct target_run *run, struct cls_source **src, struct cls_error *err)
{
    release(run, *src);
    *src = NULL;
    for (size_t i = 0; i < sizeof reconnect_ms / sizeof *reconnect_ms; i++) {
        usleep(reconnect_ms[i] * 1000u);
        if (open_worker(run, src, err) == 0)
            return 0;
    }
    return -1;
}

/* After recycle_tables tables on one connection, the worker goes on with
 * a fresh one (db_batch.h); if it cannot open one, with the old. */
static void recycle(struct target_run *run, struct cls_source **src, size_t *sampled)
{
    const struct cls_batch_ops *bops = batch_for(run->ops);
    if (!bops || !bops->recycle_tables || *sampled < bops->recycle_tables)
        return;
    struct cls_source *fresh = NULL;
    struct cls_error err = {0};
    *sampled = 0;
    if (open_worker(run, &fresh, &err) < 0)
        return;
    release(run, *src);
    *src = fresh;
}

/* A worker that lost its connection and could not make a new one: it
 * takes no more tables, the others go on; the report says so. */
static void worker_gave_up(struct target_run *run, const struct cls_error *err)
{
    char *m = cls_asprintf("%s: a --jobs worker lost its connection and could not reconnect "
                           "(%s); the other workers went on",
                           run->display, err->message);
    pthread_mutex_lock(&run->lock);
    if (!m || add_warning(run, m) < 0)
        run->fatal = CLS_ENOMEM;
    pthread_mutex_unlock(&run->lock);
    free(m);
}

/* Takes jobs from the queue until it is empty (or memory ran out, or the
 * target was stopped, or the connection was lost for good). *src may be
 * replaced by a new connection, or be NULL on return. */
static void work(struct target_run *run, struct cls_source **src)
{
    struct cls_error err;
    struct cls_scanner *sc = NULL;
    if (cls_scanner_new(&sc, run->engine, &err) < 0) {
        pthread_mutex_lock(&run->lock);
        run->fatal = CLS_ENOMEM;
        pthread_mutex_unlock(&run->lock);
        return;
    }
    const struct cls_batch_ops *bops = batch_for(run->ops);
    struct job *jobs[BATCH_MAX];
    struct acc_spares *spares = calloc(1, sizeof *spares);   /* NULL: none kept */
    size_t sampled = 0;                 /* on this connection */
    for (;;) {
        pthread_mutex_lock(&run->lock);
        size_t n = take_jobs(run, bops != NULL, run->workers, jobs);
        pthread_mutex_unlock(&run->lock);
        if (!n)
            break;
        int lost = 0;
        /* A connection is recycled after recycle_tables tables (db_batch.h). */
        size_t room = bops && bops->recycle_tables
                          ? (sampled < bops->recycle_tables ? bops->recycle_tables - sampled : 0)
                          : SIZE_MAX;
        n = scan_jobs(run, *src, sc, spares, jobs, n, bops, room, &lost);
        struct cls_error rerr = {0};
        if (lost && reconnect(run, src, &rerr) < 0) {
            worker_gave_up(run, &rerr);
            break;
        }
        sampled = lost ? 0 : sampled + n;
        recycle(run, src, &sampled);
    }
    for (size_t i = 0; spares && i < spares->n; i++)
        cls_column_acc_free(spares->acc[i]);
    free(spares);
    cls_scanner_free(sc);
}

/* A worker that could not connect (e.g. the server's connection limit):
 * the others take its share, and the report says so. */
static void worker_failed(struct target_run *run, const struct cls_error *err)
{
    char *m = cls_asprintf("%s: a --jobs worker could not connect (%s); the scan went on "
                           "with fewer connections",
                           run->display, err->message);
    pthread_mutex_lock(&run->lock);
    if (!m || add_warning(run, m) < 0)
        run->fatal = CLS_ENOMEM;
    pthread_mutex_unlock(&run->lock);
    free(m);
}

/* An extra worker: its own connection (and catalog, unless the back-end
 * samples without one), then the queue. A worker that cannot connect
 * leaves its share to the others. */
static void *worker_main(void *arg)
{
    struct target_run *run = arg;
    struct cls_source *src = NULL;
    struct cls_error err = {0};
    if (open_worker(run, &src, &err) == 0)
        work(run, &src);
    else
        worker_failed(run, &err);
    if (src)
        run->ops->close(src);
    return NULL;
}

static int glob_match(const char *glob, const struct cls_table_ref *t)
{
    char *q = qualified_name(t);
    int ok = q && fnmatch(glob, q, 0) == 0;
    free(q);
    return ok;
}

/* True when t matches one of the n globs. */
static int any_glob(const char *const *globs, size_t n, const struct cls_table_ref *t)
{
    for (size_t i = 0; i < n; i++)
        if (glob_match(globs[i], t))
            return 1;
    return 0;
}

/* --tables and --exclude. */
static int table_selected_by_globs(const struct cls_table_ref *t,
                                   const struct cls_scan_options *o)
{
    if (o->tables_glob_count && !any_glob(o->tables_globs, o->tables_glob_count, t))
        return 0;
    return !any_glob(o->exclude_globs, o->exclude_glob_count, t);
}

/* The globs, then the one table of `classify table`. */
static int table_selected(const struct cls_table_ref *t, const struct cls_scan_options *o)
{
    if (!table_selected_by_globs(t, o))
        return 0;
    if (!o->only_table)
        return 1;
    char *q = qualified_name(t);
    int ok = q && (strcmp(q, o->only_table) == 0 || strcmp(t->name, o->only_table) == 0);
    free(q);
    return ok;
}

/* A table the checkpoint of an interrupted run holds goes into the report
 * as it was decided, through the policy's hooks, instead of being scanned
 * again. Returns 1 taken, 0 not held, or CLS_ENOMEM. */
static int take_resumed(struct target_run *run, const struct cls_table_ref *t)
{
    struct cls_table_report tr;
    if (!run->opts->checkpoint_open ||
        !cls_checkpoint_take(run->opts->checkpoint_open, run->display, t, &tr))
        return 0;
    return add_table(run, &tr) < 0 ? CLS_ENOMEM : 1;
}

/* Queues the selected tables; their columns are listed when taken. */
static int plan_jobs(struct target_run *run, const struct cls_table_list *tables)
{
    const struct cls_scan_options *o = run->opts;
    run->jobs = calloc(tables->count ? tables->count : 1, sizeof *run->jobs);
    run->retry = calloc(tables->count ? tables->count : 1, sizeof *run->retry);
    if (!run->jobs || !run->retry)
        return CLS_ENOMEM;
    for (size_t i = 0; i < tables->count; i++) {
        const struct cls_table_ref *t = &tables->items[i];
        /* Excluded tables are never sampled; the policy's after-run pass
         * lists them in the report. */
        if (!table_selected(t, o) ||
            !cls_shard_mine(o->shard_index, o->shard_count, run->display, t) ||
            (o->exclude && o->exclude(o->hook_user, t->schema, t->name, NULL)))
            continue;
        int taken = take_resumed(run, t);
        if (taken < 0)
            return taken;
        if (taken)
            continue;

        run->jobs[run->njobs++].t = t;
    }
    return 0;
}

/* The tables no worker took (every connection lost, or the target
 * stopped) become errors: nothing is silently left out. */
static int record_left(struct target_run *run)
{
    const char *why = run->stopped ? "not scanned: the scan of this target was stopped"
                                   : "not scanned: no connection to the server was left";
    int rc = 0;
    while (rc == 0 && !run->fatal && (run->nretry || run->next < run->njobs)) {
        struct job *j = run->nretry ? run->retry[--run->nretry] : &run->jobs[run->next++];
        char *q = qualified_name(j->t);
        rc = add_error(run->report, run->engine, run->display, q ? q : j->t->name, why);
        free(q);
    }
    return rc;
}

/* Runs the queue with up to opts->jobs connections: this thread works on
 * the first connection (*src, which may be replaced or become NULL), the
 * others open their own. */
static int run_jobs(struct target_run *run, struct cls_source **src)
{
    unsigned n = run->opts->jobs ? run->opts->jobs : 1;
    if (run->opts->max_connections && n > run->opts->max_connections)
        n = run->opts->max_connections;
    if (n > run->njobs)
        n = run->njobs ? (unsigned)run->njobs : 1;
    run->workers = n;
    pthread_t *th = n > 1 ? calloc(n - 1, sizeof *th) : NULL;
    unsigned started = 0;
    for (unsigned i = 0; th && i + 1 < n; i++)
        if (pthread_create(&th[i], NULL, worker_main, run) == 0)
            started++;
    work(run, src);
    for (unsigned i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    free(th);
    if (!run->fatal && record_left(run) < 0)
        run->fatal = CLS_ENOMEM;
    return run->fatal;
}

/* The connection facts: a `targets` entry and the warnings. */
static int record_info(struct target_run *run, struct cls_source *src)
{
    const struct cls_source_info *in = run->ops->info ? run->ops->info(src) : NULL;
    if (!in)
        return 0;
    for (size_t i = 0; i < in->warning_count; i++)
        if (add_warning(run, in->warnings[i]) < 0)
            return CLS_ENOMEM;
    return cls_scan_record_target(run->report, run->display, in);
}

/* A Secret table on a server that still accepts plaintext is a risk worth
 * saying, as a cloud DLP's data-risk score would count it. */
static int warn_plaintext(struct target_run *run, struct cls_source *src, size_t first)
{
    const struct cls_source_info *in = src && run->ops->info ? run->ops->info(src) : NULL;
    if (!in || in->server_requires_tls != 0)
        return 0;
    int top = run->opts->top_label > 0 ? run->opts->top_label : CLS_SECRET;
    const char *top_name = run->opts->top_label_name ? run->opts->top_label_name : "Secret";
    size_t secret = 0;
    for (size_t i = first; i < run->report->table_count; i++)
        secret += (int)run->report->tables[i].label >= top;
    if (!secret)
        return 0;
    char *m = cls_asprintf("%s: %zu %s table(s) on a server that accepts plaintext "
                           "connections; require TLS on the server",
                           run->display, secret, top_name);
    int rc = m ? add_warning(run, m) : CLS_ENOMEM;
    free(m);
    return rc;
}

static void run_clear(struct target_run *run)
{
    for (size_t i = 0; i < run->njobs; i++)
        cls_column_list_clear(&run->jobs[i].cols);
    free(run->jobs);
    free(run->retry);
    pthread_mutex_destroy(&run->lock);
}

/* Copies n strings into *out; redact: through cls_db_redact_target, as a
 * target may carry a password. */
static int copy_strings(char ***out, size_t *count, const char *const *in, size_t n,
                        bool redact)
{
    *out = n ? calloc(n, sizeof **out) : NULL;
    if (n && !*out)
        return CLS_ENOMEM;
    for (*count = 0; *count < n; (*count)++) {
        (*out)[*count] = redact ? cls_db_redact_target(in[*count]) : cls_strdup(in[*count]);
        if (!(*out)[*count])
            return CLS_ENOMEM;
    }
    return 0;
}

/* run.selection and the sampling settings, so a filtered run cannot pass
 * for a full one. */
static int stamp_selection(struct cls_report *r, const char *const *targets, size_t count,
                           const struct cls_scan_options *o)
{
    struct cls_run_selection *s = &r->selection;
    s->recorded = true;
    s->seeded = o->seeded;
    s->seed = o->seed;
    s->jobs = o->jobs ? o->jobs : 1;
    if (o->only_table && !(s->only_table = cls_strdup(o->only_table)))
        return CLS_ENOMEM;
    if (copy_strings(&s->tables, &s->table_count, o->tables_globs, o->tables_glob_count,
                     false) < 0 ||
        copy_strings(&s->exclude, &s->exclude_count, o->exclude_globs, o->exclude_glob_count,
                     false) < 0 ||
        copy_strings(&s->targets, &s->target_count, targets, count, true) < 0)
        return CLS_ENOMEM;
    return 0;
}

/* Records a target that could not be opened or listed; the run goes on. */
static int target_failed(struct cls_report *report, const struct cls_engine *engine,
                         const char *display, const struct cls_error *e)
{
    return add_error(report, engine, display, "", e->message);
}

/* True when the target opened as src was scanned before in this run (the
 * same display name: host, port and database, or file); else remembers
 * it. A CSV file is known by its real path. */
static int seen_before(struct cls_strlist *seen, const char *display)
{
    char *real = realpath(display, NULL);
    const char *key = real ? real : display;
    int found = 0;
    for (size_t i = 0; !found && i < seen->count; i++)
        found = strcmp(seen->items[i], key) == 0;
    if (!found && cls_strlist_add(seen, "%s", key) < 0)
        found = CLS_ENOMEM;
    free(real);
    return found;
}

/* What a source needs of the scan's options: the same for sampling a
 * target and for listing its tables, so the two always connect alike
 * (the same TLS rules above all). */
static struct cls_source_options source_options(const struct cls_scan_options *opts)
{
    return (struct cls_source_options){
        .sample_rows = opts->sample_rows, .seed = opts->seed, .seeded = opts->seeded,
        .statement_timeout_ms = opts->statement_timeout_ms,
        .lock_timeout_ms = opts->lock_timeout_ms, .ssl_ca = opts->ssl_ca,
        .allow_plaintext = opts->allow_plaintext, .tls_no_verify = opts->tls_no_verify,
        .include_views = opts->include_views, .sample_pages = opts->sample_pages,
        .iam_auth = opts->iam_auth,
        .region = opts->region};
}

/* Scans one target; seen (may be NULL) holds the targets scanned before
 * in this run, and a target already there is skipped with a warning. */
static int scan_target(struct cls_report *report, const struct cls_engine *engine,
                       const char *target, const struct cls_scan_options *opts,
                       struct cls_strlist *seen, struct cls_error *err)
{
    struct cls_error local = {0};
    struct cls_source *src = NULL;
    struct cls_table_list tables = {0};
    struct target_run run = {
        .report = report, .engine = engine, .target = target, .opts = opts,
        .so = source_options(opts),
    };
    /* Never the raw target: it may carry a password. */
    char *shown = cls_db_redact_target(target), *display = NULL;
    if (!shown)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    pthread_mutex_init(&run.lock, NULL);
    clock_gettime(CLOCK_MONOTONIC, &run.started);
    run.ops = cls_source_for_target(target, &local);
    int rc = 0;
    if (!run.ops || run.ops->open(&src, target, &run.so, &local) < 0) {
        rc = target_failed(report, engine, shown, &local);
        goto done;
    }
    /* A copy: the first connection may be replaced by a reconnection. */
    display = cls_strdup(run.ops->display_uri(src));
    run.display = display;
    rc = display ? 0 : CLS_ENOMEM;
    int dup = rc == 0 && seen ? seen_before(seen, display) : 0;
    if (dup != 0) {
        char *m = dup < 0 ? NULL
                          : cls_asprintf("%s: listed more than once; scanned once", display);
        rc = m ? add_warning(&run, m) : CLS_ENOMEM;
        free(m);
        goto done;
    }
    if (rc == 0)
        rc = record_info(&run, src);
    if (rc == 0 && run.ops->list_tables(src, &tables, &local) < 0) {
        rc = target_failed(report, engine, run.display, &local);
        goto done;
    }
    size_t first = report->table_count;
    run.catalog = src;
    if (rc == 0)
        rc = plan_jobs(&run, &tables);
    if (rc == 0)
        rc = run_jobs(&run, &src);
    if (rc == 0 && opts->only_table && run.njobs == 0)
        rc = cls_report_add_error(report, run.display, opts->only_table, "no such table");
    if (rc == 0)
        rc = warn_plaintext(&run, src, first);
done:
    run_clear(&run);
    cls_table_list_clear(&tables);
    if (src)
        run.ops->close(src);
    if (run.catalog && run.catalog != src)
        run.ops->close(run.catalog);
    free(shown);
    free(display);
    return rc < 0 ? cls_error_set(err, CLS_ENOMEM, "out of memory") : 0;
}

int cls_scan_list_tables(struct cls_table_list *out, char **display, const char *target,
                         const struct cls_scan_options *opts, struct cls_error *err)
{
    struct cls_source *src = NULL;
    struct cls_table_list all = {0};
    const struct cls_source_options so = source_options(opts);
    memset(out, 0, sizeof *out);
    *display = NULL;
    const struct cls_source_ops *ops = cls_source_for_target(target, err);
    int rc = ops ? ops->open(&src, target, &so, err) : CLS_ESOURCE;
    if (rc == 0)
        rc = ops->list_tables(src, &all, err);
    if (rc == 0 && !(*display = cls_strdup(ops->display_uri(src))))
        rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
    if (rc == 0 && all.count && !(out->items = calloc(all.count, sizeof *out->items)))
        rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
    /* The selected tables move to out; the others are freed with all. */
    for (size_t i = 0; rc == 0 && i < all.count; i++) {
        if (!table_selected_by_globs(&all.items[i], opts))
            continue;
        out->items[out->count++] = all.items[i];
        memset(&all.items[i], 0, sizeof all.items[i]);
    }
    cls_table_list_clear(&all);
    if (src)
        ops->close(src);
    if (rc < 0) {
        cls_table_list_clear(out);
        free(*display);
        *display = NULL;
    }
    return rc;
}

int cls_scan_target(struct cls_report *report, const struct cls_engine *engine,
                    const char *target, const struct cls_scan_options *opts,
                    struct cls_error *err)
{
    return scan_target(report, engine, target, opts, NULL, err);
}

int cls_scan_target_once(struct cls_report *report, const struct cls_engine *engine,
                         const char *target, const struct cls_scan_options *opts,
                         struct cls_strlist *seen, struct cls_error *err)
{
    return scan_target(report, engine, target, opts, seen, err);
}

int cls_scan_run(struct cls_report **out, const char *const *targets, size_t count,
                 const struct cls_scan_options *opts, struct cls_error *err)
{
    struct cls_engine *engine = NULL;
    struct cls_report *report = NULL;
    int rc = cls_engine_new(&engine, err);
    if (rc < 0)
        return rc;
    if (cls_report_new(&report) < 0) {
        cls_engine_free(engine);
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    cls_report_stamp(&report->started_at);
    report->sample_rows = opts->sample_rows;
    report->sample_pages = opts->sample_pages;
    rc = stamp_selection(report, targets, count, opts);
    if (rc < 0) {
        cls_report_free(report);
        cls_engine_free(engine);
        return cls_error_set(err, rc, "out of memory");
    }
    /* The policy's sha256 is recorded by the policy's own hooks
     * (policy/apply.c) when the run finishes: the scan knows no policy. */
    if (opts->engine_ready)
        opts->engine_ready(opts->hook_user, engine);
    struct cls_scan_options o = *opts;
    struct cls_strlist seen = {0};
    rc = cls_scan_fleet_begin(report, &o, targets, count, err);
    for (size_t i = 0; i < count && rc == 0 && !(o.stop && *o.stop); i++)
        rc = cls_scan_fleet_target(report, engine, targets[i], i, &o, &seen, err);
    cls_scan_fleet_end(report, &o);
    cls_strlist_clear(&seen);
    cls_report_stamp(&report->finished_at);
    cls_engine_free(engine);
    if (rc < 0) {
        cls_report_free(report);
        return rc;
    }
    *out = report;
    return 0;
}
