/* Shared by `scan` and `table`: option values, a progress line on stderr
 * when it is a terminal, the report written or printed, the exit code. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/db_options.h"
#include "cli/policy_options.h"
#include "cli/scan_options.h"
#include "cli/output_paths.h"
#include "sources/inventory.h"

/* Parses a millisecond value between 1 and one day. */
static int parse_ms(const char *opt, const char *arg, uint32_t *out)
{
    unsigned long long v;
    if (cls_cli_parse_u64(opt, arg, &v) < 0)
        return -1;
    if (v == 0 || v > 86400000) {
        cls_cli_error("%s: must be between 1 and 86400000 ms, got %llu", opt, v);
        return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

/* Appends a repeated option's value. */
static int list_add(struct cls_cli_list *l, const char *arg)
{
    const char **p = realloc(l->items, (l->count + 1) * sizeof *p);
    if (!p) {
        cls_cli_error("out of memory");
        return -1;
    }
    p[l->count++] = arg;
    l->items = p;
    return 0;
}

void cls_scan_cli_clear(struct cls_scan_cli *cli)
{
    free(cli->targets_files.items);
    free(cli->tables.items);
    free(cli->exclude.items);
    memset(&cli->targets_files, 0, sizeof cli->targets_files);
    memset(&cli->tables, 0, sizeof cli->tables);
    memset(&cli->exclude, 0, sizeof cli->exclude);
}

/* The database options (CLS_SCAN_DB_LONGOPTS). */
static int cls_scan_cli_db_option(struct cls_scan_cli *cli, int opt, const char *arg)
{
    unsigned long long v;
    switch (opt) {
    case CLS_OPT_SSL_CA:
        cli->opts.ssl_ca = arg;
        return 0;
    case CLS_OPT_ALLOW_PLAINTEXT:
        cli->opts.allow_plaintext = true;
        return 0;
    case CLS_OPT_TLS_NO_VERIFY:
        cli->opts.tls_no_verify = true;
        return 0;
    case CLS_OPT_INCLUDE_VIEWS:
        cli->opts.include_views = true;
        return 0;
    case CLS_OPT_STATEMENT_TIMEOUT:
        return parse_ms("--statement-timeout", arg, &cli->opts.statement_timeout_ms);
    case CLS_OPT_LOCK_TIMEOUT:
        return parse_ms("--lock-timeout", arg, &cli->opts.lock_timeout_ms);
    /* Repeated, they add up: a second --tables widens the selection
     * instead of silently replacing the first. */
    case CLS_OPT_TABLES:
        if (list_add(&cli->tables, arg) < 0)
            return -1;
        cli->opts.tables_globs = cli->tables.items;
        cli->opts.tables_glob_count = cli->tables.count;
        return 0;
    case CLS_OPT_EXCLUDE:
        if (list_add(&cli->exclude, arg) < 0)
            return -1;
        cli->opts.exclude_globs = cli->exclude.items;
        cli->opts.exclude_glob_count = cli->exclude.count;
        return 0;
    case CLS_OPT_TARGETS:
        return list_add(&cli->targets_files, arg);
    case CLS_OPT_IAM_AUTH:
        cli->opts.iam_auth = true;
        return 0;
    case CLS_OPT_REGION:
        cli->opts.region = arg;
        return 0;
    case CLS_OPT_SAMPLING:
        if (strcmp(arg, "rows") != 0 && strcmp(arg, "pages") != 0) {
            cls_cli_error("--sampling: must be rows or pages, got '%s'", arg);
            return -1;
        }
        cli->opts.sample_pages = strcmp(arg, "pages") == 0;
        return 0;
    case CLS_OPT_JOBS:
        if (cls_cli_parse_u64("--jobs", arg, &v) < 0)
            return -1;
        if (v == 0 || v > 64) {
            cls_cli_error("--jobs: must be between 1 and 64, got %llu", v);
            return -1;
        }
        cli->opts.jobs = (unsigned)v;
        return 0;
    default:
        return -1;
    }
}

void cls_scan_cli_init(struct cls_scan_cli *cli)
{
    memset(cli, 0, sizeof *cli);
    cli->opts.sample_rows = 1000;
}

int cls_scan_cli_option(struct cls_scan_cli *cli, int opt, const char *arg)
{
    unsigned long long v;
    switch (opt) {
    case 'n':
        if (cls_cli_parse_u64("--sample", arg, &v) < 0)
            return -1;
        if (v == 0 || v > 10000000) {
            cls_cli_error("--sample: must be between 1 and 10000000, got %llu", v);
            return -1;
        }
        cli->opts.sample_rows = v;
        return 0;
    case 's':
        if (cls_cli_parse_u64("--seed", arg, &v) < 0)
            return -1;
        /* The report keeps the seed as a JSON integer, which is signed. */
        if (v > (unsigned long long)INT64_MAX) {
            cls_cli_error("--seed: must be between 0 and %lld, got %llu", (long long)INT64_MAX, v);
            return -1;
        }
        cli->opts.seed = v;
        cli->opts.seeded = true;
        return 0;
    case 'q':
        cli->quiet = true;
        return 0;
    default:
        if (CLS_POLICY_CLI_OPT(opt))
            return cls_policy_cli_option(&cli->policy_cli, opt, arg);
        if (CLS_FLEET_CLI_OPT(opt))
            return cls_fleet_cli_option(&cli->fleet, opt, arg);
        return cls_scan_cli_db_option(cli, opt, arg);
    }
}

static void print_errors(const struct cls_report *r)
{
    for (size_t i = 0; i < r->error_count; i++) {
        const struct cls_report_error *e = &r->errors[i];
        /* Messages about a file already start with its name. */
        if (strncmp(e->message, e->source, strlen(e->source)) == 0)
            cls_cli_error("%s", e->message);
        else
            cls_cli_error("%s%s%s: %s", e->source, e->table[0] ? " " : "", e->table,
                          e->message);
    }
}

/* The YAML inventory among the --targets files (*out, NULL: none). An
 * inventory sets per-target options, so it must be the only --targets
 * file; a plain list of targets may be repeated. Returns 0, or -1 after
 * printing a one-line error. */
static int inventory_file(const struct cls_scan_cli *cli, const char **out)
{
    *out = NULL;
    for (size_t i = 0; i < cli->targets_files.count; i++) {
        if (!cls_inventory_is_yaml(cli->targets_files.items[i]))
            continue;
        if (cli->targets_files.count > 1) {
            cls_cli_error("--targets %s: a YAML inventory must be the only --targets file",
                          cli->targets_files.items[i]);
            return -1;
        }
        *out = cli->targets_files.items[i];
    }
    return 0;
}

static int run_scan(struct cls_scan_cli *cli, const char *const *targets, size_t count,
                    const char *output, struct cls_report **keep)
{
    struct cls_report *report = NULL;
    struct cls_error err = {0};
    const char **all = NULL;
    char *targets_buf = NULL;
    size_t all_count = 0;
    const char *inventory = NULL;
    /* A bad policy, an unwritable output or a bad --targets list stops the
     * run before any source is opened. */
    if (cls_cli_check_output_file("-o", output) < 0 ||
        inventory_file(cli, &inventory) < 0)
        return cls_policy_cli_end(cli->policy_cli, NULL, CLS_EXIT_FATAL);
    if (cls_policy_cli_begin(&cli->policy_cli, &cli->opts) < 0 ||
        cls_fleet_cli_begin(&cli->fleet, &cli->opts, output) < 0)
        return cls_policy_cli_end(cli->policy_cli, NULL, CLS_EXIT_FATAL);
    cli->opts.policy_sha256 = cls_policy_cli_sha256(cli->policy_cli);
    if (inventory
            ? cls_fleet_cli_targets(&cli->fleet, &cli->opts, inventory, targets, count,
                                    (const char ***)&all, &all_count) < 0
            : cls_db_cli_targets(cli->targets_files.items, cli->targets_files.count, targets,
                                 count, &all, &all_count, &targets_buf) < 0) {
        cls_fleet_cli_free(&cli->fleet);
        return cls_policy_cli_end(cli->policy_cli, NULL, CLS_EXIT_FATAL);
    }
    cls_db_cli_warn_passwords(targets, count);
    cli->opts.warn = cls_db_cli_print_warning;
    if (!cli->quiet && isatty(STDERR_FILENO))
        cli->opts.progress_ex = cls_db_cli_progress;
    int src = cls_scan_run(&report, all, all_count, &cli->opts, &err);
    free(all);
    free(targets_buf);
    if (src < 0) {
        cls_cli_error("%s", err.message);
        cls_fleet_cli_free(&cli->fleet);
        return cls_policy_cli_end(cli->policy_cli, NULL, CLS_EXIT_FATAL);
    }
    print_errors(report);
    if (cli->errors_fatal && report->error_count) {
        /* The spot-check's one table failed: its error line is the answer. */
        cls_report_free(report);
        return cls_policy_cli_end(cli->policy_cli, NULL, CLS_EXIT_FATAL);
    }
    int rc = report->complete ? CLS_EXIT_OK : CLS_EXIT_INCOMPLETE;
    if (cls_policy_cli_after_scan(cli->policy_cli, report) < 0)
        rc = CLS_EXIT_FATAL;
    bool written = output && cls_report_write_json(report, output, &err) == 0;
    if (output && !written) {
        cls_cli_error("%s", err.message);
        rc = CLS_EXIT_FATAL;
    }
    cls_fleet_cli_end(&cli->fleet, report, written);
    /* `table` prints its answer unless the JSON went to standard output
     * (a JSON reader must get JSON alone); `scan` prints the summary when
     * no report file is written, unless --quiet. */
    bool json_on_stdout = output && strcmp(output, "-") == 0;
    if ((cli->summary && !json_on_stdout) || (!output && !cli->quiet)) {
        struct cls_text_style style = {.color = cls_cli_color(stdout)};
        cls_report_print_text(report, stdout, &style);
    }
    rc = cls_policy_cli_end(cli->policy_cli, report, rc);
    cli->policy_cli = NULL;
    if (keep)
        *keep = report;
    else
        cls_report_free(report);
    return rc;
}

int cls_scan_cli_run(struct cls_scan_cli *cli, const char *const *targets, size_t count,
                     const char *output, struct cls_report **keep)
{
    int rc = run_scan(cli, targets, count, output, keep);
    cls_scan_cli_clear(cli);
    return rc;
}
