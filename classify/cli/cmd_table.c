/* `classify table TARGET [schema.table]`: the engineer's spot-check of one
 * table, printed as a terminal table. For a CSV file the table is the file
 * itself and the second argument may be left out; for a database it is
 * checked against the catalog first, so a typo gets "did you mean" and a
 * missing name gets the list of tables, each with exit 1, not a scan. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify/scan.h"
#include "classify/source.h"
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
            "  -o, --output FILE   also write the JSON report to FILE; '-' writes only\n"
            "                      the JSON to standard output (no terminal table)\n"
            "  -n, --sample N      rows sampled (default 1000)\n"
            "  -s, --seed N        seed of the random sample\n"
            "  -q, --quiet         no progress line\n"
            "  -h, --help          show this help\n"
            CLS_SCAN_DB_HELP "\n"
            CLS_POLICY_HELP "\n"
            "Without SCHEMA.TABLE, a database TARGET's tables are listed and the\n"
            "command exits 1. Exit status: 0 done, 1 usage error, a target that\n"
            "cannot be reached or read, a table that does not exist (with the name\n"
            "one edit away, if any) or a table that failed.\n"
            "Colours are used when standard output is a terminal and NO_COLOR is unset.\n");
}

/* True when a and b differ by one insertion, deletion, substitution or
 * swap of neighbours. */
static bool one_edit_away(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > lb)
        return one_edit_away(b, a);
    if (lb - la > 1)
        return false;
    size_t i = 0;
    while (i < la && a[i] == b[i])
        i++;
    if (la == lb)
        return i < la && (strcmp(a + i + 1, b + i + 1) == 0 ||
                          (i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
                           strcmp(a + i + 2, b + i + 2) == 0));
    return strcmp(a + i, b + i + 1) == 0;
}

/* "schema.table", or the name alone for a source without schemas. */
static void qualified(char *buf, size_t n, const struct cls_table_ref *t)
{
    if (t->schema && t->schema[0])
        snprintf(buf, n, "%s.%s", t->schema, t->name);
    else
        snprintf(buf, n, "%s", t->name);
}

/* The name, as `scan` matches it: "schema.table" or the bare table name. */
static bool names_table(const char *name, const struct cls_table_ref *t)
{
    char q[1024];
    qualified(q, sizeof q, t);
    return strcmp(name, q) == 0 || strcmp(name, t->name) == 0;
}

static const struct cls_table_ref *suggest(const char *name, const struct cls_table_list *l)
{
    char q[1024];
    for (size_t i = 0; i < l->count; i++) {
        qualified(q, sizeof q, &l->items[i]);
        if (one_edit_away(name, q) || one_edit_away(name, l->items[i].name))
            return &l->items[i];
    }
    return NULL;
}

/* Without a table name: the tables, one a line on stderr, and exit 1. */
static int list_and_ask(const char *display, const struct cls_table_list *l)
{
    char q[1024];
    cls_cli_error("table: name one table of %s (%zu selected):", display, l->count);
    for (size_t i = 0; i < l->count; i++) {
        qualified(q, sizeof q, &l->items[i]);
        fprintf(stderr, "  %s\n", q);
    }
    return CLS_EXIT_FATAL;
}

/* Checks the target and the table before anything is sampled: a target
 * that cannot be opened, a database without a table name, or a name the
 * catalog does not have ends here with exit 1. Returns 0 to go on. */
static int preflight(const char *target, const char *name, const struct cls_scan_options *o,
                     bool *is_file)
{
    struct cls_error err = {0};
    struct cls_table_list l = {0};
    char *display = NULL, q[1024];
    const struct cls_source_ops *ops = cls_source_for_target(target, &err);
    *is_file = ops && strcmp(ops->scheme, "csv") == 0;
    int rc = 0;
    if (!ops || cls_scan_list_tables(&l, &display, target, o, &err) < 0) {
        cls_cli_error("%s", err.message);
        rc = CLS_EXIT_FATAL;
    } else if (!name && !*is_file) {
        rc = list_and_ask(display, &l);
    } else if (name) {
        bool found = false;
        for (size_t i = 0; i < l.count && !found; i++)
            found = names_table(name, &l.items[i]);
        const struct cls_table_ref *near = found ? NULL : suggest(name, &l);
        if (near)
            qualified(q, sizeof q, near);
        if (!found)
            cls_cli_error("table: %s: no such table '%s'%s%s%s", display, name,
                          near ? "; did you mean '" : "", near ? q : "", near ? "'?" : "");
        rc = found ? 0 : CLS_EXIT_FATAL;
    }
    cls_table_list_clear(&l);
    free(display);
    return rc;
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
            return cls_cli_usage_hint("table");
        }
    }
    int left = argc - optind;
    if (left < 1 || left > 2)
        return cls_cli_usage_error("table", "table: expected TARGET [SCHEMA.TABLE]");
    const char *target = argv[optind];
    bool is_file = false;
    cli.opts.only_table = left == 2 ? argv[optind + 1] : NULL;
    int rc = preflight(target, cli.opts.only_table, &cli.opts, &is_file);
    if (rc != 0) {
        cls_scan_cli_clear(&cli);
        return rc;
    }
    cli.summary = true;
    cli.errors_fatal = true;
    return cls_scan_cli_run(&cli, &target, 1, output, NULL);
}
