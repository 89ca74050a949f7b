/* Scanning: targets -> sources -> tables -> sampled rows -> column verdicts
 * -> report. The core never prints; progress goes through a callback. */
#ifndef CLASSIFY_SCAN_H
#define CLASSIFY_SCAN_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "classify/engine.h"
#include "classify/report.h"
#include "classify/source.h"

/* Where a target's scan stands, after each table (progress_ex). */
struct cls_scan_progress {
    const char *target;      /* display URI */
    const char *table;       /* the table just finished */
    size_t done, total;      /* tables of this target */
    uint64_t rows;           /* rows sampled so far in this target */
    double elapsed;          /* seconds since the target was opened */
};

struct cls_scan_options {
    uint64_t sample_rows;    /* default 1000 */
    uint64_t seed;
    bool seeded;
    bool sample_pages;       /* --sampling pages (cls_source_options.sample_pages) */
    /* Optional: only this table ("schema.table" or the CSV stem). */
    const char *only_table;
    /* Optional progress callback, called after each table. */
    void (*progress)(void *user, const char *target, const char *table,
                     size_t done, size_t total);
    void *progress_user;
    /* Optional policy hooks (policy/apply.c), all given hook_user:
     * exclude: true when a table (column == NULL) or a column is never
     *   sampled; it is reported as excluded.
     * after_table: adjusts a decided table (name rules, declared labels,
     *   combination rules) before it is final.
     * engine_ready: overrides detector parameters on the fresh engine. */
    bool (*exclude)(void *user, const char *schema, const char *table, const char *column);
    void (*after_table)(void *user, struct cls_table_report *table);
    void (*engine_ready)(void *user, struct cls_engine *engine);
    void *hook_user;
    /* The top level of the policy in force, for the warning about sensitive
     * tables on servers that accept plaintext; 0 / NULL: Secret. */
    int top_label;
    const char *top_label_name;
    /* Database sources (issue 4); zero values mean the defaults. */
    uint32_t statement_timeout_ms;  /* default 30000 */
    uint32_t lock_timeout_ms;       /* default 5000 */
    const char *ssl_ca;             /* verify server certificate and host */
    bool allow_plaintext;           /* allow non-loopback hosts without TLS */
    bool tls_no_verify;             /* allow unverified TLS to non-loopback hosts */
    bool include_views;
    /* The selection: only "schema.table" matching one of tables_globs
     * (all tables when there are none), never one matching one of
     * exclude_globs. Repeated options add up; the report's run.selection
     * records them. */
    const char *const *tables_globs;
    size_t tables_glob_count;
    const char *const *exclude_globs;
    size_t exclude_glob_count;
    unsigned jobs;                  /* parallel workers, default 1 */
    unsigned max_connections;       /* per target, default = jobs */
    /* Optional: called with each warning (least privilege, TLS) as it is
     * added to the report, e.g. to print it on stderr. */
    void (*warn)(void *user, const char *message);
    void *warn_user;
    bool iam_auth;                  /* RDS IAM authentication token */
    const char *region;             /* its AWS region */
    /* Optional, used instead of progress when set (progress_user). */
    void (*progress_ex)(void *user, const struct cls_scan_progress *p);
    /* A run across a fleet (core/shard.h). shard_count > 1: only the
     * (target, table) items of share shard_index are scanned. */
    unsigned shard_index, shard_count;
    /* Optional: when *stop becomes non-zero (a signal handler sets it), no
     * new table is started; the tables in flight finish, connections are
     * closed and the report is marked interrupted. */
    volatile sig_atomic_t *stop;
    /* Optional: the checkpoint file of a resumable run; with resume, the
     * tables it holds are taken from it instead of scanned. policy_sha256
     * goes into the checkpoint's identity. */
    const char *checkpoint;
    bool resume;
    const char *policy_sha256;
    /* Optional, parallel to cls_scan_run's targets: the inventory entry of
     * each (NULL for a plain target), whose settings win over these. */
    const struct cls_inventory_target *const *specs;
    /* Set by cls_scan_run while the checkpoint is open; NULL otherwise. */
    struct cls_checkpoint *checkpoint_open;
};

/* Scans one target into report. A failed table is recorded in
 * report->errors and the scan goes on; a target that cannot be opened is
 * recorded too. Returns 0, or negative on a fatal (out of memory) error. */
int cls_scan_target(struct cls_report *report, const struct cls_engine *engine,
                    const char *target, const struct cls_scan_options *opts,
                    struct cls_error *err);

/* Opens target and lists its tables that --tables/--exclude (opts) select,
 * for `classify table` to check a table name against (the policy's
 * exclusions and only_table are not applied). *out is freed with
 * cls_table_list_clear, *display (the target as it may be shown) with
 * free. Returns 0, or negative with err set when the target cannot be
 * opened or listed. */
int cls_scan_list_tables(struct cls_table_list *out, char **display, const char *target,
                         const struct cls_scan_options *opts, struct cls_error *err);

/* Labels a table from its columns (highest column label). */
void cls_table_decide(struct cls_table_report *table);



/* Runs a whole scan: builds the engine, scans each target in turn into a
 * new report (*out, caller frees with cls_report_free), and stamps the run
 * metadata. Returns 0, or negative on a fatal error (err set). */
int cls_scan_run(struct cls_report **out, const char *const *targets, size_t count,
                 const struct cls_scan_options *opts, struct cls_error *err);
#endif
