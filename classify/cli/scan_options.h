/* The options and run logic that `scan` and `table` share: sampling
 * options, progress on stderr, writing the report, the exit code. */
#ifndef CLASSIFY_SCAN_CLI_H
#define CLASSIFY_SCAN_CLI_H

#include <stdbool.h>

#include "classify/report.h"
#include "classify/scan.h"
#include "cli/fleet_options.h"

/* Long options for database targets, shared by `scan` and `table`:
 * add CLS_SCAN_DB_LONGOPTS to a getopt_long table and pass the codes to
 * cls_scan_cli_option. */
enum {
    CLS_OPT_SSL_CA = 0x300, CLS_OPT_ALLOW_PLAINTEXT, CLS_OPT_INCLUDE_VIEWS,
    CLS_OPT_STATEMENT_TIMEOUT, CLS_OPT_LOCK_TIMEOUT, CLS_OPT_TABLES, CLS_OPT_EXCLUDE,
    CLS_OPT_TARGETS, CLS_OPT_JOBS, CLS_OPT_IAM_AUTH, CLS_OPT_REGION, CLS_OPT_TLS_NO_VERIFY,
    CLS_OPT_SAMPLING,
};
#define CLS_SCAN_DB_LONGOPTS                                                      \
    {"ssl-ca", required_argument, NULL, CLS_OPT_SSL_CA},                          \
    {"allow-plaintext", no_argument, NULL, CLS_OPT_ALLOW_PLAINTEXT},              \
    {"tls-no-verify", no_argument, NULL, CLS_OPT_TLS_NO_VERIFY},                  \
    {"include-views", no_argument, NULL, CLS_OPT_INCLUDE_VIEWS},                  \
    {"statement-timeout", required_argument, NULL, CLS_OPT_STATEMENT_TIMEOUT},    \
    {"lock-timeout", required_argument, NULL, CLS_OPT_LOCK_TIMEOUT},              \
    {"tables", required_argument, NULL, CLS_OPT_TABLES},                          \
    {"exclude", required_argument, NULL, CLS_OPT_EXCLUDE},                        \
    {"targets", required_argument, NULL, CLS_OPT_TARGETS},                        \
    {"jobs", required_argument, NULL, CLS_OPT_JOBS},                              \
    {"iam-auth", no_argument, NULL, CLS_OPT_IAM_AUTH},                            \
    {"region", required_argument, NULL, CLS_OPT_REGION},                          \
    {"sampling", required_argument, NULL, CLS_OPT_SAMPLING}

/* Help text for those options. */
#define CLS_SCAN_DB_HELP                                                          \
    "Database targets (postgresql://..., mysql://...):\n"                         \
    "      --targets FILE      read more targets from FILE, one a line; '#' at the\n" \
    "                          start or after a space begins a comment\n"        \
    "      --tables GLOB       only tables whose schema.table matches GLOB\n"      \
    "      --exclude GLOB      skip tables whose schema.table matches GLOB\n"      \
    "                          (--targets, --tables and --exclude add up when\n" \
    "                          repeated; the report's run.selection lists them)\n" \
    "      --include-views     sample views too (PostgreSQL)\n"                    \
    "      --jobs N            N parallel workers, each with its own connection\n" \
    "      --sampling rows|pages  rows: every row sampled independently (default);\n" \
    "                          pages: a big PostgreSQL table is sampled by whole\n" \
    "                          random pages, reading far less of it, but rows\n" \
    "                          stored together come together (README)\n"          \
    "      --statement-timeout MS  per-query limit (default 30000)\n"              \
    "      --lock-timeout MS   give up waiting for a lock after MS (default 5000)\n" \
    "      --ssl-ca FILE       CA to verify servers with (default: the system bundle;\n" \
    "                          for RDS pass the RDS bundle)\n"                     \
    "      --tls-no-verify     allow TLS to a non-loopback host without verifying its\n" \
    "                          certificate (warned, recorded in the report)\n"      \
    "      --allow-plaintext   allow a non-loopback host without TLS\n"          \
    "      --iam-auth          RDS IAM token as the password (AWS_ACCESS_KEY_ID...)\n" \
    "      --region R          AWS region of the token (default AWS_REGION)\n"

/* A list of option values, for options that may be repeated. */
struct cls_cli_list {
    const char **items;
    size_t count;
};

struct cls_scan_cli {
    struct cls_scan_options opts;
    struct cls_cli_list targets_files;   /* --targets, repeatable */
    struct cls_cli_list tables, exclude; /* --tables, --exclude, repeatable */
    bool quiet;
    bool summary;     /* print the terminal table even with -o (not with -o -) */
    bool errors_fatal;  /* `table`: a failed table is exit 1, no answer printed */
    struct cls_policy_cli *policy_cli;  /* --policy, --history, ... (policy_options.h) */
    struct cls_fleet_cli fleet;  /* --shard, --resume (fleet_options.h) */
};

void cls_scan_cli_init(struct cls_scan_cli *cli);
/* Handles the shared short options n, s, q. Returns 0, or -1 (message
 * printed) for an unknown option or a bad value. */
int cls_scan_cli_option(struct cls_scan_cli *cli, int opt, const char *arg);
/* Runs the scan, writes the report to output (or prints a summary when
 * output is NULL) and returns the exit code. If keep is not NULL the report
 * is handed to the caller instead of freed. */
int cls_scan_cli_run(struct cls_scan_cli *cli, const char *const *targets, size_t count,
                     const char *output, struct cls_report **keep);
/* Frees the option lists (cls_scan_cli_run calls it). */
void cls_scan_cli_clear(struct cls_scan_cli *cli);

#endif
