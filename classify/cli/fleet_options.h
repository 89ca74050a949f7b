/* The fleet options of `scan`: --shard K/N (or auto/N, K from the job
 * engine's variable), --resume (the checkpoint beside -o FILE), and the
 * SIGINT/SIGTERM handler that stops a run cleanly with a partial report. */
#ifndef CLASSIFY_FLEET_CLI_H
#define CLASSIFY_FLEET_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "classify/report.h"
#include "classify/scan.h"

enum { CLS_OPT_SHARD = 0x600, CLS_OPT_RESUME };

#define CLS_FLEET_LONGOPTS                                                        \
    {"shard", required_argument, NULL, CLS_OPT_SHARD},                            \
    {"resume", no_argument, NULL, CLS_OPT_RESUME}

#define CLS_FLEET_HELP                                                            \
    "A run across a fleet (see 'classify merge --help'):\n"                       \
    "      --shard K/N         scan only share K (0..N-1) of the (target, table)\n" \
    "                          work; N runs with K = 0..N-1 cover every table once\n" \
    "      --shard auto[/N]    K from JOB_COMPLETION_INDEX (Kubernetes),\n"       \
    "                          AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch) or\n"        \
    "                          SLURM_ARRAY_TASK_ID (Slurm); N from\n"             \
    "                          SLURM_ARRAY_TASK_COUNT when not given\n"           \
    "      --targets FILE.yaml an inventory: per target a name, uri, ca_file,\n"  \
    "                          iam, tables, exclude, sample, jobs; defaults\n"   \
    "      --resume            with -o FILE: take the tables FILE.checkpoint\n"   \
    "                          holds from an interrupted run, scan the rest\n"    \
    "SIGINT or SIGTERM stops the run cleanly: no new table is started, and a\n"  \
    "partial report (run.interrupted) is written; FILE.checkpoint is kept.\n"

#define CLS_FLEET_CLI_OPT(opt) ((opt) == CLS_OPT_SHARD || (opt) == CLS_OPT_RESUME)

struct cls_inventory;

struct cls_fleet_cli {
    const char *shard;   /* the --shard argument */
    struct cls_inventory *inventory;   /* --targets FILE.yaml */
    const struct cls_inventory_target **specs;
    bool resume;
    char *checkpoint;    /* OUTPUT.checkpoint, when -o names a file */
};

/* Records one option. Returns 0, or -1 after printing an error. */
int cls_fleet_cli_option(struct cls_fleet_cli *fc, int opt, const char *arg);
/* Resolves the shard (the engine's variables for auto), names the
 * checkpoint beside output, and installs the signal handlers; fills opts.
 * Returns 0, or -1 after printing a one-line error. */
int cls_fleet_cli_begin(struct cls_fleet_cli *fc, struct cls_scan_options *opts,
                        const char *output);
/* --targets FILE.yaml: the command-line targets, then the inventory's
 * (opts->specs says which entry each is). *out is the caller's to free.
 * Returns 0, or -1 after printing the inventory's error (file:line:col). */
int cls_fleet_cli_targets(struct cls_fleet_cli *fc, struct cls_scan_options *opts,
                          const char *file, const char *const *args, size_t count,
                          const char ***out, size_t *n);
/* Frees what cls_fleet_cli_targets kept (also on a fatal path). */
void cls_fleet_cli_free(struct cls_fleet_cli *fc);
/* After the report is written (written true): removes the checkpoint of a
 * run that was not interrupted, or says how to resume one that was; puts
 * the default signal handlers back. */
void cls_fleet_cli_end(struct cls_fleet_cli *fc, const struct cls_report *report,
                       bool written);

#endif
