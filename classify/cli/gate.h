/* The --fail-on gate of `scan` and `diff`: its values, its help text and
 * the line that says why it tripped. What it counts is cls_diff_gate
 * (report/diff.h). */
#ifndef CLASSIFY_CLI_GATE_H
#define CLASSIFY_CLI_GATE_H

#include <stdbool.h>

#include "classify/report.h"
#include "report/diff.h"

#define CLS_FAIL_ON_HELP                                                          \
    "      --fail-on raise     exit 3 when, since the prior run of the same\n"   \
    "                          target, a label was raised or a table or column\n" \
    "                          above the lowest level appeared, or when any\n"    \
    "                          declared-label violation stands; a label changed\n" \
    "                          only by a new policy (another policy_sha256, the\n" \
    "                          same evidence) is listed apart and not counted\n"  \
    "      --fail-on policy-change  count those too (implies raise); values may\n" \
    "                          be repeated or joined by commas\n"

/* Parses one --fail-on value ("raise", "policy-change", or a comma list of
 * them) into the two flags. Returns 0, or -1 after printing an error. */
int cls_cli_parse_fail_on(const char *arg, bool *raise, bool *policy);

/* Prints the one line that says why the gate tripped (counts by kind and
 * the prior run's time). */
void cls_cli_gate_message(const struct cls_report *report, const struct cls_gate *gate,
                          bool policy);

#endif
