/* The policy, history, diff and workbook options of `scan` (and --policy
 * of `table`): --policy FILE, --history DIR, --prior FILE, --xlsx FILE,
 * --fail-on raise. scan_options.c calls the three steps around the scan:
 * begin (load the policy: a bad one stops the run before any source is
 * opened), after_scan (policy findings and the diff into the report, before
 * it is written) and end (history file, workbook, the --fail-on gate). */
#ifndef CLASSIFY_POLICY_CLI_H
#define CLASSIFY_POLICY_CLI_H

#include <getopt.h>

#include "classify/report.h"
#include "cli/gate.h"
#include "classify/scan.h"

struct cls_policy_cli;

enum {
    CLS_OPT_POLICY = 0x500, CLS_OPT_HISTORY, CLS_OPT_PRIOR, CLS_OPT_XLSX, CLS_OPT_FAIL_ON,
    CLS_OPT_REVIEWS,
};

#define CLS_POLICY_LONGOPT {"policy", required_argument, NULL, CLS_OPT_POLICY}
#define CLS_SCAN_POLICY_LONGOPTS                                                  \
    CLS_POLICY_LONGOPT,                                                           \
    {"history", required_argument, NULL, CLS_OPT_HISTORY},                        \
    {"prior", required_argument, NULL, CLS_OPT_PRIOR},                            \
    {"xlsx", required_argument, NULL, CLS_OPT_XLSX},                              \
    {"fail-on", required_argument, NULL, CLS_OPT_FAIL_ON},                        \
    {"reviews", required_argument, NULL, CLS_OPT_REVIEWS}

#define CLS_POLICY_HELP                                                           \
    "      --policy FILE       classify under the policy in FILE (YAML; see\n"    \
    "                          'classify policy show'); default: the built-in\n"
#define CLS_SCAN_POLICY_HELP                                                      \
    "Policy, history and the workbook:\n"                                         \
    CLS_POLICY_HELP                                                               \
    "      --history DIR       also write DIR/<UTC time>.json and compare each\n" \
    "                          target (database, CSV file) with its newest\n"   \
    "                          earlier run there; other targets' runs in DIR\n" \
    "                          are never reported as removed\n"                  \
    "      --prior FILE        compare with this earlier report\n"                \
    "      --xlsx FILE         also write the compliance workbook (mode 0600)\n"  \
    "      --reviews FILE      apply reviewers' overrides from FILE (written by\n" \
    "                          'classify review export'); one whose data changed\n" \
    "                          since it was reviewed expires and is reported\n"   \
    CLS_FAIL_ON_HELP

/* True when opt is one of the codes above. */
#define CLS_POLICY_CLI_OPT(opt) ((opt) >= CLS_OPT_POLICY && (opt) <= CLS_OPT_REVIEWS)

/* Records one option (allocating *pc on first use). Returns 0, or -1 after
 * printing a one-line error. */
int cls_policy_cli_option(struct cls_policy_cli **pc, int opt, const char *arg);
/* Loads the policy (the built-in one without --policy) and installs its
 * hooks into opts. Returns 0, or -1 after printing the policy's error. */
int cls_policy_cli_begin(struct cls_policy_cli **pc, struct cls_scan_options *opts);
/* Records the policy's findings in report and compares it with the prior
 * report (--prior, or the newest in --history). Returns 0, or -1 after
 * printing an error. */
int cls_policy_cli_after_scan(struct cls_policy_cli *pc, struct cls_report *report);
/* The sha256 of the policy in force once begun (NULL before). */
const char *cls_policy_cli_sha256(const struct cls_policy_cli *pc);
/* Writes the history file and the workbook, applies --fail-on, frees pc,
 * and returns the exit code (report NULL: only frees pc) (rc, the scan's own, unless something failed
 * (1) or the gate tripped (3)). */
int cls_policy_cli_end(struct cls_policy_cli *pc, const struct cls_report *report, int rc);

#endif
