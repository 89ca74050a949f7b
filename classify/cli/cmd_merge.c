/* `classify merge SHARD.json... -o FULL.json [--history DIR] [--xlsx FILE]`:
 * the shard reports of one sharded run (scan --shard K/N) joined into the
 * report a single process would have written (report/merge.c), then, like
 * a scan's report, compared with the newest report in --history and put
 * there, and written as the workbook. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify/report.h"
#include "cli/cli.h"
#include "report/diff.h"
#include "report/fleet.h"
#include "report/xlsx.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: classify merge [OPTIONS] SHARD.json... -o FULL.json\n"
            "Join the shard reports of one sharded run (classify scan --shard K/N)\n"
            "into one report, equal to a single process's run with the same seed\n"
            "(timings aside). Shards of different policies, seeds, sample sizes or\n"
            "target sets, the same shard twice, and shards that share a table are\n"
            "refused. A missing shard is named and makes the run incomplete.\n\n"
            "Options:\n"
            "  -o, --output FILE   write the merged report to FILE (mode 0600, atomic)\n"
            "      --history DIR   also write DIR/<UTC time>.json and compare with the\n"
            "                      newest earlier report there\n"
            "      --xlsx FILE     also write the compliance workbook (mode 0600)\n"
            "  -q, --quiet         no summary of missing shards on stderr\n"
            "  -h, --help          show this help\n\n"
            "Exit status: 0 merged and complete, 1 usage error or shards that do not\n"
            "belong together, 2 merged but incomplete (a missing, failed or\n"
            "interrupted shard).\n");
}

enum { OPT_HISTORY = 0x700, OPT_XLSX };

/* Reads the shard reports; -1 after printing the file's error. */
static int read_shards(struct cls_report **shards, char *const *paths, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct cls_error err = {0};
        if (cls_report_read_json(&shards[i], paths[i], &err) < 0) {
            cls_cli_error("%s", err.message);
            return -1;
        }
    }
    return 0;
}

/* Diffs with each target's newest earlier run in dir (cls_history_prior),
 * as a scan with --history does. */
static int into_history(struct cls_report *r, const char *dir, struct cls_error *err)
{
    struct cls_report *prior = NULL;
    int rc = cls_history_prior(&prior, dir, r, err);
    if (rc == 0 && prior)
        rc = cls_diff_reports(prior, r, err);
    cls_report_free(prior);
    return rc;
}

static int write_outputs(struct cls_report *r, const char *output, const char *history,
                         const char *xlsx)
{
    struct cls_error err = {0};
    int rc = history ? into_history(r, history, &err) : 0;
    if (rc == 0)
        rc = cls_report_write_json(r, output, &err);
    if (rc == 0 && history)
        rc = cls_history_write(r, history, NULL, &err);
    if (rc == 0 && xlsx)
        rc = cls_report_write_xlsx(r, xlsx, &err);
    if (rc < 0)
        cls_cli_error("%s", err.message);
    return rc;
}

int cls_cmd_merge(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"history", required_argument, NULL, OPT_HISTORY},
        {"xlsx", required_argument, NULL, OPT_XLSX},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *output = NULL, *history = NULL, *xlsx = NULL;
    bool quiet = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case OPT_HISTORY: history = optarg; break;
        case OPT_XLSX: xlsx = optarg; break;
        case 'q': quiet = true; break;
        case 'h': usage(stdout); return CLS_EXIT_OK;
        default: return cls_cli_usage_hint("merge");
        }
    }
    if (!output)
        return cls_cli_usage_error("merge", "merge: missing -o FULL.json");
    if (optind >= argc)
        return cls_cli_usage_error("merge", "merge: missing SHARD.json");
    size_t n = (size_t)(argc - optind);
    struct cls_report **shards = calloc(n, sizeof *shards);
    struct cls_report *merged = NULL;
    struct cls_error err = {0};
    int rc = CLS_EXIT_FATAL;
    if (!shards) {
        cls_cli_error("out of memory");
        return CLS_EXIT_FATAL;
    }
    if (read_shards(shards, argv + optind, n) < 0)
        goto done;
    if (cls_report_merge(&merged, shards, (const char *const *)argv + optind, n, &err) < 0) {
        cls_cli_error("merge: %s", err.message);
        goto done;
    }
    for (size_t i = 0; !quiet && i < merged->error_count; i++)
        if (!merged->errors[i].source[0])   /* the whole run's: a missing shard */
            cls_cli_error("%s", merged->errors[i].message);
    if (write_outputs(merged, output, history, xlsx) < 0)
        goto done;
    rc = merged->complete ? CLS_EXIT_OK : CLS_EXIT_INCOMPLETE;
done:
    for (size_t i = 0; i < n; i++)
        cls_report_free(shards[i]);
    free(shards);
    cls_report_free(merged);
    return rc;
}
