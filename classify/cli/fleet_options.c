/* --shard, --resume and the clean stop on SIGINT/SIGTERM (fleet_options.h).
 * The job engines number their workers in their own variables: a
 * Kubernetes Indexed Job sets JOB_COMPLETION_INDEX, an AWS Batch array job
 * AWS_BATCH_JOB_ARRAY_INDEX, a Slurm job array SLURM_ARRAY_TASK_ID (with
 * SLURM_ARRAY_TASK_COUNT tasks). K is the task id itself, never relative
 * to the lowest one: a shard re-run alone (sbatch --array=3) is still
 * shard 3, so Slurm arrays are numbered 0..N-1. The signal
 * handler only sets a flag: the scan starts no new table, the tables in
 * flight finish, and the report is written as interrupted. A second signal
 * kills the process as usual. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/fleet_options.h"
#include "sources/inventory.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    stop_requested = 1;
    /* The next one of the same kind is not caught: a stuck run can still be
     * stopped at once. */
    signal(sig, SIG_DFL);
}

int cls_fleet_cli_option(struct cls_fleet_cli *fc, int opt, const char *arg)
{
    if (opt == CLS_OPT_RESUME) {
        fc->resume = true;
        return 0;
    }
    fc->shard = arg;
    return 0;
}

/* A non-negative integer from text, or -1. */
static long parse_count(const char *text)
{
    char *end = NULL;
    if (!text || *text < '0' || *text > '9')
        return -1;
    errno = 0;
    long v = strtol(text, &end, 10);
    return *end || errno || v > 1000000 ? -1 : v;
}

/* K from the engine's variable; -1 (message printed) when none is set. */
static long engine_index(void)
{
    static const char *const vars[] = {"JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) {
            long k = parse_count(v);
            if (k < 0)
                cls_cli_error("--shard auto: %s is not a non-negative integer: '%s'", vars[i], v);
            return k;
        }
    }
    const char *v = getenv("SLURM_ARRAY_TASK_ID");
    if (v && *v) {
        long k = parse_count(v);
        if (k < 0)
            cls_cli_error("--shard auto: SLURM_ARRAY_TASK_ID is not a non-negative integer: "
                          "'%s'", v);
        return k;
    }
    cls_cli_error("--shard auto: none of JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX, "
                  "SLURM_ARRAY_TASK_ID is set");
    return -1;
}

/* Parses "K/N", "auto/N" or "auto" into opts. */
static int parse_shard(const char *arg, struct cls_scan_options *opts)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", arg);
    char *slash = strchr(buf, '/');
    if (slash)
        *slash = '\0';
    bool automatic = strcmp(buf, "auto") == 0;
    long n = slash ? parse_count(slash + 1) : -1;
    if (!slash && automatic)
        n = parse_count(getenv("SLURM_ARRAY_TASK_COUNT"));
    if (n < 1) {
        cls_cli_error("--shard: expected K/N, auto/N or auto with SLURM_ARRAY_TASK_COUNT "
                      "set, got '%s'", arg);
        return -1;
    }
    long k = automatic ? engine_index() : parse_count(buf);
    if (k < 0 && !automatic)
        cls_cli_error("--shard: expected K/N with K a non-negative integer, got '%s'", arg);
    if (k < 0)
        return -1;
    if (k >= n) {
        cls_cli_error("--shard: K must be below N (shards are numbered 0..N-1), got %ld/%ld",
                      k, n);
        return -1;
    }
    opts->shard_index = (unsigned)k;
    opts->shard_count = (unsigned)n;
    return 0;
}

int cls_fleet_cli_begin(struct cls_fleet_cli *fc, struct cls_scan_options *opts,
                        const char *output)
{
    if (fc->shard && parse_shard(fc->shard, opts) < 0)
        return -1;
    bool file = output && strcmp(output, "-") != 0;
    if (fc->resume && !file) {
        cls_cli_error("--resume: needs -o FILE (the checkpoint is FILE.checkpoint)");
        return -1;
    }
    if (file) {
        size_t n = strlen(output) + sizeof ".checkpoint";
        if (!(fc->checkpoint = malloc(n))) {
            cls_cli_error("out of memory");
            return -1;
        }
        snprintf(fc->checkpoint, n, "%s.checkpoint", output);
        opts->checkpoint = fc->checkpoint;
        opts->resume = fc->resume;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    opts->stop = &stop_requested;
    return 0;
}

int cls_fleet_cli_targets(struct cls_fleet_cli *fc, struct cls_scan_options *opts,
                          const char *file, const char *const *args, size_t count,
                          const char ***out, size_t *n)
{
    struct cls_error err = {0};
    if (cls_inventory_load(&fc->inventory, file, &err) < 0) {
        cls_cli_error("--targets: %s", err.message);
        return -1;
    }
    size_t total = count + fc->inventory->count;
    *out = calloc(total, sizeof **out);
    fc->specs = calloc(total, sizeof *fc->specs);
    if (!*out || !fc->specs) {
        free(*out);
        cls_cli_error("out of memory");
        return -1;
    }
    for (size_t i = 0; i < count; i++)
        (*out)[i] = args[i];
    for (size_t i = 0; i < fc->inventory->count; i++) {
        (*out)[count + i] = fc->inventory->targets[i].uri;
        fc->specs[count + i] = &fc->inventory->targets[i];
    }
    *n = total;
    opts->specs = fc->specs;
    return 0;
}

void cls_fleet_cli_free(struct cls_fleet_cli *fc)
{
    cls_inventory_free(fc->inventory);
    fc->inventory = NULL;
    free(fc->specs);
    fc->specs = NULL;
    free(fc->checkpoint);
    fc->checkpoint = NULL;
}

void cls_fleet_cli_end(struct cls_fleet_cli *fc, const struct cls_report *report,
                       bool written)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    if (report && report->interrupted) {
        cls_cli_error("interrupted: %zu table(s) done%s%s; run the same command with "
                      "--resume to scan the rest", report->table_count,
                      written ? ", partial report written; checkpoint " : "",
                      written && fc->checkpoint ? fc->checkpoint : "");
    } else if (fc->checkpoint && written) {
        unlink(fc->checkpoint);
    }
    cls_fleet_cli_free(fc);
}
