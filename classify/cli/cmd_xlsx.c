/* `classify xlsx REPORT.json [--prior OLD.json] [--reviewed LAST.xlsx] -o
 * FILE`: the compliance workbook from a report already written, optionally
 * with the changes since an earlier report and the decisions of last
 * quarter's reviewed workbook carried over. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "report/diff.h"
#include "report/xlsx.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: classify xlsx [OPTIONS] REPORT.json -o FILE.xlsx\n"
            "Write the compliance workbook of a report: Summary, Tables, Columns\n"
            "(both with decision cells to fill in), Review, Sign-off, Changes,\n"
            "Violations, Policy, Errors.\n\n"
            "Options:\n"
            "  -o, --output FILE     the workbook to write (mode 0600, atomic)\n"
            "      --prior FILE      show the changes since this earlier report\n"
            "      --reviewed FILE   carry over the decisions of this reviewed\n"
            "                        workbook: each goes back into the row of the\n"
            "                        same target, schema, table and column when its\n"
            "                        label and detectors are unchanged, else it is\n"
            "                        shown as stale beside what changed\n"
            "  -h, --help            show this help\n");
}

static int run(const char *path, const char *prior_path, const char *reviewed,
               const char *output)
{
    struct cls_report *r = NULL, *prior = NULL;
    struct cls_xlsx_reviews reviews = {0};
    struct cls_error err = {0};
    int rc = CLS_EXIT_FATAL;
    if (cls_report_read_json(&r, path, &err) < 0 ||
        (prior_path && cls_report_read_json(&prior, prior_path, &err) < 0) ||
        (prior && cls_diff_reports(prior, r, &err) < 0) ||
        (reviewed && cls_xlsx_read_reviews(reviewed, &reviews, &err) < 0) ||
        cls_report_write_xlsx_reviewed(r, reviewed ? &reviews : NULL, output, &err) < 0)
        cls_cli_error("%s", err.message);
    else
        rc = CLS_EXIT_OK;
    cls_xlsx_reviews_free(&reviews);
    cls_report_free(r);
    cls_report_free(prior);
    return rc;
}

int cls_cmd_xlsx(int argc, char **argv)
{
    enum { OPT_PRIOR = 0x600, OPT_REVIEWED };
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"prior", required_argument, NULL, OPT_PRIOR},
        {"reviewed", required_argument, NULL, OPT_REVIEWED},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *output = NULL, *prior = NULL, *reviewed = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            output = optarg;
            break;
        case OPT_PRIOR:
            prior = optarg;
            break;
        case OPT_REVIEWED:
            reviewed = optarg;
            break;
        case 'h':
            usage(stdout);
            return CLS_EXIT_OK;
        default:
            return cls_cli_usage_hint("xlsx");
        }
    }
    if (argc - optind != 1)
        return cls_cli_usage_error("xlsx", "xlsx: expected one REPORT.json");
    if (!output)
        return cls_cli_usage_error("xlsx", "xlsx: missing -o FILE.xlsx");
    return run(argv[optind], prior, reviewed, output);
}
