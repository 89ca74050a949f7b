/* False-alarm benchmark (issue 11): how often does a column of random
 * digits fire anything? For each digit shape (9, 10, 11 and 16 digits by
 * default) it makes COLUMNS columns (default 10,000) of 1,000 uniformly
 * random numbers of that many digits (first digit not 0), judges each as
 * one column named "c" with the real engine and column verdict, and prints
 * per shape how many columns fired any detector, which detectors, and how
 * many carry a review flag. The design bound is p <= 1e-6 per checksum
 * detector and column (README "How a column is judged"), so at 10,000
 * columns the expected count is 0.01 per detector: any firing is a finding.
 * Usage: bench_false_alarm [COLUMNS [VALUES [SHAPE...]]]. A figure, not a
 * test: it prints and exits 0; make bench runs it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "classify/engine.h"
#include "classify/report.h"

static uint64_t state = 0x11f41a17ULL;
static uint64_t rnd(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

struct tally {
    unsigned long fired, review;
    unsigned long by_detector[CLS_DETECTORS_MAX];
};

/* Judges one random column of n values of `digits` digits into t. */
static int one_column(const struct cls_engine *e, struct cls_scanner *sc, unsigned digits,
                      unsigned n, struct tally *t)
{
    struct cls_column_acc *acc;
    struct cls_column_ctx ctx = {.table = "t", .column = "c", .data_type = "text"};
    struct cls_column_report col;
    char v[32];
    if (cls_column_acc_new(&acc, e, &ctx) < 0)
        return -1;
    for (unsigned i = 0; i < n; i++) {
        for (unsigned k = 0; k < digits; k++)
            v[k] = (char)('0' + rnd() % 10);
        if (v[0] == '0')
            v[0] = (char)('1' + rnd() % 9);
        cls_column_acc_add(acc, sc, v, digits);
    }
    memset(&col, 0, sizeof col);
    int rc = cls_column_acc_decide(acc, &col);
    cls_column_acc_free(acc);
    bool fired = false, review = false;
    for (size_t i = 0; rc == 0 && i < col.finding_count; i++) {
        review |= col.findings[i].review;
        if (!col.findings[i].fired)
            continue;
        fired = true;
        for (size_t d = 0; d < cls_engine_detector_count(e); d++)
            if (strcmp(cls_engine_detector(e, d)->id, col.findings[i].detector) == 0)
                t->by_detector[d]++;
    }
    t->fired += fired;
    t->review += review;
    cls_column_report_clear(&col);
    return rc;
}

int main(int argc, char **argv)
{
    unsigned columns = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 10000;
    unsigned values = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 1000;
    static const unsigned default_shapes[] = {9, 10, 11, 16};
    struct cls_engine *e = NULL;
    struct cls_scanner *sc = NULL;
    struct cls_error err = {0};
    if (cls_engine_new(&e, &err) < 0 || cls_scanner_new(&sc, e, &err) < 0) {
        fprintf(stderr, "bench_false_alarm: %s\n", err.message);
        return 1;
    }
    printf("false alarms: %u random columns per shape, %u values each, column name \"c\"\n",
           columns, values);
    size_t nshapes = argc > 3 ? (size_t)(argc - 3) : 4;
    for (size_t s = 0; s < nshapes; s++) {
        unsigned digits = argc > 3 ? (unsigned)strtoul(argv[3 + s], NULL, 10)
                                   : default_shapes[s];
        if (digits == 0 || digits > 30)
            continue;
        struct tally t = {0};
        clock_t t0 = clock();
        for (unsigned c = 0; c < columns; c++)
            if (one_column(e, sc, digits, values, &t) < 0) {
                fprintf(stderr, "bench_false_alarm: out of memory\n");
                return 1;
            }
        printf("  %2u digits: %lu of %u columns fired (%.4f%%), %lu flagged for review "
               "(%.2f%%)  [%.1f s]\n", digits, t.fired, columns,
               100.0 * (double)t.fired / columns, t.review, 100.0 * (double)t.review / columns,
               (double)(clock() - t0) / CLOCKS_PER_SEC);
        for (size_t d = 0; d < cls_engine_detector_count(e); d++)
            if (t.by_detector[d])
                printf("      %s: %lu\n", cls_engine_detector(e, d)->id, t.by_detector[d]);
    }
    cls_scanner_free(sc);
    cls_engine_free(e);
    return 0;
}
