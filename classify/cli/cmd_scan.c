/* `classify scan TARGET...`: sample every table of each target and write
 * the JSON report (-o FILE, mode 0600, atomic) and/or a terminal summary. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classify/scan.h"
#include "cli/cli.h"
#include "cli/fleet_options.h"
#include "cli/policy_options.h"
#include "cli/scan_options.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: classify scan [OPTIONS] TARGET...\n"
            "Sample every table of each TARGET, run the detectors, and label each\n"
            "column and table. A TARGET is a CSV file (one table, named after the\n"
            "file), a postgresql:// URI or a mysql:// URI.\n\n"
            "Options:\n"
            "  -o, --output FILE   write the JSON report to FILE (mode 0600, atomic);\n"
            "                      '-' writes it to standard output\n"
            "  -n, --sample N      rows sampled per table (default 1000)\n"
            "  -s, --seed N        seed of the random sample, for a repeatable run\n"
            "  -q, --quiet         no progress or summary on the terminal\n"
            "  -h, --help          show this help\n"
            CLS_SCAN_DB_HELP "\n"
            CLS_SCAN_POLICY_HELP "\n"
            CLS_FLEET_HELP "\n"
            "Without -o, a summary table is printed. Exit status: 0 done, 1 usage\n"
            "or fatal error, 2 finished but some table or target failed, 3 a\n"
            "--fail-on gate tripped (it outranks 2).\n");
}

int cls_cmd_scan(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"sample", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        CLS_SCAN_DB_LONGOPTS,
        CLS_SCAN_POLICY_LONGOPTS,
        CLS_FLEET_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    struct cls_scan_cli cli;
    cls_scan_cli_init(&cli);
    const char *output = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:n:s:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            output = optarg;
            break;
        case 'h':
            usage(stdout);
            return CLS_EXIT_OK;
        default:
            if (cls_scan_cli_option(&cli, c, optarg) == 0)
                break;
            return cls_cli_usage_hint("scan");
        }
    }
    if (optind >= argc && !cli.targets_files.count)
        return cls_cli_usage_error("scan", "scan: missing TARGET");
    return cls_scan_cli_run(&cli, (const char *const *)argv + optind,
                            (size_t)(argc - optind), output, NULL);
}
