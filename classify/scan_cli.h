/* The options and run logic that `scan` and `table` share: sampling
 * options, progress on stderr, writing the report, the exit code. */
#ifndef CLASSIFY_SCAN_CLI_H
#define CLASSIFY_SCAN_CLI_H

#include <stdbool.h>

#include "classify/report.h"
#include "classify/scan.h"

struct cls_scan_cli {
    struct cls_scan_options opts;
    bool quiet;
    bool summary;     /* print the terminal table even with -o */
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

#endif
