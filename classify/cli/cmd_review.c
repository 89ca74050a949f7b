/* `classify review export REVIEWED.xlsx -o reviews.yaml`: the decisions a
 * reviewer wrote into a workbook, as overrides the next scan applies
 * (`scan --reviews FILE`, or pasted into the policy's `reviews:` section).
 * "Corrected label", "False positive" and "Accepted risk" become
 * overrides; "Agree" needs none. Each keeps its reviewer, date, comment and
 * the fingerprint of what was reviewed (label, detectors, protection). */
#include "config.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "report/xlsx.h"
#include "util/util.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: classify review export REVIEWED.xlsx -o reviews.yaml\n"
            "Turn the decisions of a reviewed workbook (Tables and Columns sheets)\n"
            "into overrides for the next scan: Corrected label sets the label,\n"
            "False positive sets the lowest level, Accepted risk keeps the label and\n"
            "records who accepted it. Apply them with 'classify scan --reviews FILE'\n"
            "or in the policy's reviews: section. An override expires when the data\n"
            "no longer matches what was reviewed (label, detectors, protection).\n\n"
            "Options:\n"
            "  -o, --output FILE   the YAML file to write (mode 0600, atomic; '-': stdout)\n"
            "  -h, --help          show this help\n");
}

/* A YAML double-quoted scalar: JSON's string escapes are YAML's too. */
static void quoted(FILE *f, const char *s)
{
    json_t *j = json_string(s ? s : "");
    char *text = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
    fputs(text ? text : "\"\"", f);
    free(text);
    json_decref(j);
}

static void field(FILE *f, const char *key, const char *value)
{
    fprintf(f, "    %s: ", key);
    quoted(f, value);
    fputc('\n', f);
}

/* reviewed: {label, detectors, protection} from "LABEL|a,b|prot". */
static void reviewed(FILE *f, const char *fp)
{
    char *copy = cls_strdup(fp);
    char *dets = copy ? strchr(copy, '|') : NULL;
    char *prot = dets ? strchr(dets + 1, '|') : NULL;
    if (!prot) {
        free(copy);
        return;
    }
    *dets++ = '\0';
    *prot++ = '\0';
    fputs("    reviewed:\n      label: ", f);
    quoted(f, copy);
    fputs("\n      detectors: [", f);
    for (char *d = dets, *end; *d; d = end + (*end != '\0')) {
        end = d + strcspn(d, ",");
        char save = *end;
        *end = '\0';
        if (d != dets)
            fputs(", ", f);
        quoted(f, d);
        *end = save;
    }
    fputs("]\n", f);
    if (*prot) {
        fputs("      protection: ", f);
        quoted(f, prot);
        fputc('\n', f);
    }
    free(copy);
}

static int write_reviews(FILE *f, const struct cls_xlsx_reviews *rv, const char *from,
                         size_t *written)
{
    fprintf(f, "# Reviewers' overrides exported by classify %s from %s.\n"
               "# Apply with: classify scan --reviews FILE ... (or paste the list under\n"
               "# the policy's reviews: key). Each holds while the data matches\n"
               "# 'reviewed'; when it does not, it expires and the report says so.\n"
               "version: 1\nreviews:%s\n",
            PACKAGE_VERSION, from, "");
    *written = 0;
    for (size_t i = 0; i < rv->count; i++) {
        const struct cls_xlsx_review *v = &rv->items[i];
        if (strcmp(v->decision, "Agree") == 0)
            continue;
        if (!strchr(v->fingerprint, '|')) {
            cls_cli_error("%s: %s row %zu has no review key (the hidden last column): "
                          "was the workbook written by classify?", from,
                          v->column[0] ? "Columns" : "Tables", v->row);
            return -1;
        }
        fputs("  - source: ", f);
        quoted(f, v->source);
        fputc('\n', f);
        field(f, "schema", v->schema);
        field(f, "table", v->table);
        field(f, "column", v->column);
        field(f, "decision", v->decision);
        if (strcmp(v->decision, "Corrected label") == 0)
            field(f, "label", v->corrected);
        field(f, "reviewer", v->reviewer);
        field(f, "date", v->date);
        field(f, "comment", v->comment);
        reviewed(f, v->fingerprint);
        (*written)++;
    }
    if (*written == 0)
        fputs("  []\n", f);
    return 0;
}

static int export(const char *path, const char *output)
{
    struct cls_xlsx_reviews rv = {0};
    struct cls_error err = {0};
    struct cls_atomic_file a;
    size_t n = 0;
    if (cls_xlsx_read_reviews(path, &rv, &err) < 0 || cls_atomic_open(&a, output, &err) < 0) {
        cls_cli_error("%s", err.message);
        cls_xlsx_reviews_free(&rv);
        return CLS_EXIT_FATAL;
    }
    bool ok = write_reviews(a.f, &rv, path, &n) == 0;
    if (cls_atomic_close(&a, ok, &err) < 0) {
        cls_cli_error("%s", err.message);
        ok = false;
    }
    if (ok && strcmp(output, "-") != 0)
        fprintf(stderr, "classify: %zu override(s) from %zu decision(s) written to %s\n", n,
                rv.count, output);
    cls_xlsx_reviews_free(&rv);
    return ok ? CLS_EXIT_OK : CLS_EXIT_FATAL;
}

int cls_cmd_review(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *output = NULL;
    int c;
    if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        usage(stdout);
        return CLS_EXIT_OK;
    }
    if (argc < 2 || strcmp(argv[1], "export") != 0)
        return cls_cli_usage_error("review", "review: expected 'export REVIEWED.xlsx -o FILE'");
    argc--;
    argv++;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            output = optarg;
            break;
        case 'h':
            usage(stdout);
            return CLS_EXIT_OK;
        default:
            return cls_cli_usage_hint("review");
        }
    }
    if (argc - optind != 1)
        return cls_cli_usage_error("review", "review export: expected one REVIEWED.xlsx");
    if (!output)
        return cls_cli_usage_error("review", "review export: missing -o FILE.yaml");
    return export(argv[optind], output);
}
