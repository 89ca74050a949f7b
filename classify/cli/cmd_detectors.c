/* `classify detectors`: lists every registered detector with its id,
 * category, default label, rule and an example; with --self-test, runs
 * each detector through the real engine over its built-in published
 * vectors (its example and positives must match, its negatives must not)
 * and prints a pass/fail table, so a user can check the tool on their own
 * machine. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "classify/detector.h"
#include "classify/engine.h"
#include "cli/cli.h"
#include "common.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: classify detectors [OPTIONS]\n"
            "List the built-in detectors: id, category, label in the default policy,\n"
            "the rule each validates, and an example value.\n\n"
            "Options:\n"
            "  -t, --self-test run every detector over its built-in published positive\n"
            "                  and negative vectors; print a pass/fail table; exit 1 if\n"
            "                  any vector disagrees or a detector has none\n"
            "  -v, --verbose   with --self-test, also list each vector that passed\n"
            "  -h, --help      show this help\n");
}

static void list_detectors(void)
{
    printf("%-22s %-12s %-13s %s\n", "DETECTOR", "CATEGORY", "LABEL", "EXAMPLE");
    for (size_t i = 0; i < cls_detector_count; i++) {
        const struct cls_detector *d = cls_detectors[i];
        printf("%-22s %-12s %-13s %s\n", d->id, d->category, cls_label_name(d->label),
               d->example);
        printf("    rule: %s\n", d->rule);
    }
}

/* Runs one vector through the real engine (prefilter included); true when
 * the detector agrees with the vector. */
static bool vector_ok(struct cls_scanner *sc, size_t di, const char *v, bool want)
{
    const struct cls_value_result *r = cls_scan_value(sc, v, strlen(v));
    return (r->hit[di] == CLS_HIT_MATCH) == want;
}

/* Runs a NULL-terminated list; counts agreements into *ok and vectors into
 * *total. With `print`, lists the vectors that disagree (all of them when
 * verbose), masked the way evidence is: a test vector is shown no more
 * than a finding would be. */
static void run_list(struct cls_scanner *sc, size_t di, const char *const *list, bool want,
                     int print, unsigned *ok, unsigned *total)
{
    for (size_t k = 0; list && list[k]; k++) {
        bool good = vector_ok(sc, di, list[k], want);
        *ok += good;
        (*total)++;
        if (print > 1 || (print && !good)) {
            size_t len = strlen(list[k]);
            char masked[80];
            cls_mask_keep(list[k], len < 64 ? len : 64, 3, 3, masked, sizeof masked);
            printf("    %s %s %s%s\n", good ? "ok  " : "FAIL",
                   want ? "must match:    " : "must not match:", masked, len > 64 ? "..." : "");
        }
    }
}

/* Tests detector di over its example, positives and negatives; prints its
 * row (and, with print, the vectors that disagree) and returns true when
 * it passed. A detector without both kinds of vectors fails. */
static bool self_test_one(struct cls_scanner *sc, size_t di, int print)
{
    const struct cls_detector *d = cls_detectors[di];
    const char *const example[] = {d->example, NULL};
    unsigned pos_ok = 0, pos_total = 0, neg_ok = 0, neg_total = 0;
    for (int pass = 0; pass < 2; pass++) {
        int p = pass ? print : 0;
        pos_ok = pos_total = neg_ok = neg_total = 0;
        run_list(sc, di, d->example ? example : NULL, true, p, &pos_ok, &pos_total);
        run_list(sc, di, d->positives, true, p, &pos_ok, &pos_total);
        run_list(sc, di, d->negatives, false, p, &neg_ok, &neg_total);
        if (pass == 0) {
            bool have = d->positives && d->positives[0] && d->negatives && d->negatives[0];
            bool good = have && pos_ok == pos_total && neg_ok == neg_total;
            printf("%-22s %5u/%-5u %5u/%-5u %s\n", d->id, pos_ok, pos_total, neg_ok, neg_total,
                   good ? "pass" : have ? "FAIL" : "FAIL (no built-in vectors)");
            if (good && print < 2)
                return true;
            if (!good && !print)
                return false;
        }
    }
    return d->positives && d->positives[0] && d->negatives && d->negatives[0] &&
           pos_ok == pos_total && neg_ok == neg_total;
}

/* The self-test: every registered detector, default parameters. */
static int self_test(bool verbose)
{
    struct cls_engine *engine = NULL;
    struct cls_scanner *scanner = NULL;
    struct cls_error err = {0};
    if (cls_engine_new(&engine, &err) < 0 || cls_scanner_new(&scanner, engine, &err) < 0) {
        cls_cli_error("detectors --self-test: %s", err.message);
        cls_engine_free(engine);
        return CLS_EXIT_FATAL;
    }
    size_t failed = 0;
    printf("%-22s %-11s %-11s %s\n", "DETECTOR", "POSITIVES", "NEGATIVES", "RESULT");
    for (size_t i = 0; i < cls_detector_count; i++)
        failed += !self_test_one(scanner, i, verbose ? 2 : 1);
    printf("self-test: %zu detectors, %zu failed\n", cls_detector_count, failed);
    cls_scanner_free(scanner);
    cls_engine_free(engine);
    return failed ? CLS_EXIT_FATAL : CLS_EXIT_OK;
}

int cls_cmd_detectors(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"self-test", no_argument, NULL, 't'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool test = false, verbose = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "tvh", longopts, NULL)) != -1) {
        switch (c) {
        case 't':
            test = true;
            break;
        case 'v':
            verbose = true;
            break;
        case 'h':
            usage(stdout);
            return CLS_EXIT_OK;
        default:
            return cls_cli_usage_hint("detectors");
        }
    }
    if (optind < argc)
        return cls_cli_usage_error("detectors", "detectors: unexpected argument '%s'",
                                   argv[optind]);
    if (test)
        return self_test(verbose);
    list_detectors();
    return CLS_EXIT_OK;
}
