/* `classify diff OLD.json NEW.json`: what changed between two reports —
 * tables and columns added or removed, labels raised or lowered, detectors
 * appeared or gone, prevalence changes beyond the confidence interval, new
 * violations — as text or, with --json, as the report's `changes` object.
 * --fail-on raise exits 3 on the gate of cli/gate.h. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/gate.h"
#include "report/diff.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: classify diff [OPTIONS] OLD.json NEW.json\n"
            "Print what changed between two reports. A column is the same column\n"
            "when host, port, database, schema, table and column are the same;\n"
            "targets only one report covered are not compared (a note says so).\n"
            "Label changes under a changed policy (another policy_sha256) with the\n"
            "same evidence are listed apart as \"raised/lowered by policy\".\n\n"
            "Options:\n"
            "      --json          print the changes as JSON (the report's \"changes\")\n"
            CLS_FAIL_ON_HELP
            "  -h, --help          show this help\n\n"
            "Exit status: 0 done, 1 usage or unreadable report, 3 the gate tripped.\n");
}

static int print_json(const struct cls_report *r)
{
    char *text = cls_report_changes_to_json(r);
    if (!text) {
        cls_cli_error("out of memory");
        return -1;
    }
    printf("%s\n", text);
    free(text);
    return 0;
}

static int run(const char *old_path, const char *new_path, bool json, bool gate,
               bool policy)
{
    struct cls_report *old = NULL, *new = NULL;
    struct cls_error err = {0};
    int rc = CLS_EXIT_FATAL;
    if (cls_report_read_json(&old, old_path, &err) < 0 ||
        cls_report_read_json(&new, new_path, &err) < 0 ||
        cls_diff_reports(old, new, &err) < 0) {
        cls_cli_error("%s", err.message);
        goto done;
    }
    if (json ? print_json(new) < 0 : (cls_diff_print_text(new, stdout), 0))
        goto done;
    struct cls_gate g;
    cls_diff_gate(new, policy, &g);
    rc = CLS_EXIT_OK;
    if (gate && g.tripped) {
        cls_cli_gate_message(new, &g, policy);
        rc = CLS_EXIT_GATE;
    }
done:
    cls_report_free(old);
    cls_report_free(new);
    return rc;
}

int cls_cmd_diff(int argc, char **argv)
{
    enum { OPT_JSON = 0x600, OPT_FAIL_ON };
    static const struct option longopts[] = {
        {"json", no_argument, NULL, OPT_JSON},
        {"fail-on", required_argument, NULL, OPT_FAIL_ON},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool json = false, gate = false, policy = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_JSON:
            json = true;
            break;
        case OPT_FAIL_ON:
            if (cls_cli_parse_fail_on(optarg, &gate, &policy) < 0)
                return cls_cli_usage_error("diff", "invalid --fail-on");
            break;
        case 'h':
            usage(stdout);
            return CLS_EXIT_OK;
        default:
            return cls_cli_usage_hint("diff");
        }
    }
    if (argc - optind != 2)
        return cls_cli_usage_error("diff", "diff: expected OLD.json NEW.json");
    return run(argv[optind], argv[optind + 1], json, gate, policy);
}
