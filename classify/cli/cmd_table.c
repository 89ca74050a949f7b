/* `classify table TARGET [schema.table]`: the engineer's spot-check of one
 * table, printed as a terminal table. For a CSV file the table is the file
 * itself and the second argument may be left out. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify/scan.h"
#include "cli/cli.h"
#include "cli/policy_options.h"
#include "cli/scan_options.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: classify table [OPTIONS] TARGET [SCHEMA.TABLE]\n"
            "Spot-check one table: sample it, and print each column's label, the\n"
            "detectors that fired with their prevalence, and one masked example.\n"
            "For a CSV file TARGET, SCHEMA.TABLE may be left out.\n\n"
            "Options:\n"
            "  -o, --output FILE   also write the JSON report to FILE\n"
            "  -n, --sample N      rows sampled (default 1000)\n"
            "  -s, --seed N        seed of the random sample\n"
            "  -q, --quiet         no progress line\n"
            "  -h, --help          show this help\n"
            CLS_SCAN_DB_HELP "\n"
            CLS_POLICY_HELP "\n"
            "Colours are used when standard output is a terminal and NO_COLOR is unset.\n");
}

int cls_cmd_table(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"sample", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        CLS_SCAN_DB_LONGOPTS,
        CLS_POLICY_LONGOPT,
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
            return cls_cli_usage_error("table", "invalid option");
        }
    }
    int left = argc - optind;
    if (left < 1 || left > 2)
        return cls_cli_usage_error("table", "table: expected TARGET [SCHEMA.TABLE]");
    const char *target = argv[optind];
    cli.opts.only_table = left == 2 ? argv[optind + 1] : NULL;
    cli.summary = true;
    return cls_scan_cli_run(&cli, &target, 1, output, NULL);
}
