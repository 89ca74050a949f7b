/* The column decision: random 16-digit order ids are not card numbers, a
 * notes column where 2% of rows mention a card is, and the Wilson interval
 * behaves at its edges. Data is generated here from a fixed seed. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "classify/engine.h"

static struct cls_engine *engine;
static struct cls_scanner *scanner;

static int setup(void **state)
{
    (void)state;
    struct cls_error err = {0};
    return cls_engine_new(&engine, &err) || cls_scanner_new(&scanner, engine, &err);
}

static int teardown(void **state)
{
    (void)state;
    cls_scanner_free(scanner);
    cls_engine_free(engine);
    return 0;
}

static uint64_t rng = 42;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static struct cls_finding *finding(struct cls_column_report *c, const char *id)
{
    for (size_t i = 0; i < c->finding_count; i++)
        if (strcmp(c->findings[i].detector, id) == 0)
            return &c->findings[i];
    return NULL;
}

static void free_column(struct cls_column_report *c)
{
    for (size_t i = 0; i < c->finding_count; i++) {
        free(c->findings[i].detector);
        free(c->findings[i].basis);
        for (size_t k = 0; k < c->findings[i].evidence_count; k++)
            free(c->findings[i].evidence[k]);
    }
    free(c->findings);
    for (size_t i = 0; i < c->reason_count; i++)
        free(c->reasons[i]);
    free(c->reasons);
}

static void decide(const char *const *values, size_t n, struct cls_column_report *col)
{
    struct cls_column_acc *acc;
    struct cls_column_ctx ctx = {.table = "t", .column = "c", .data_type = "text"};
    assert_int_equal(cls_column_acc_new(&acc, engine, &ctx), 0);
    for (size_t i = 0; i < n; i++)
        cls_column_acc_add(acc, scanner, values[i], values[i] ? strlen(values[i]) : 0);
    memset(col, 0, sizeof *col);
    assert_int_equal(cls_column_acc_decide(acc, col), 0);
    cls_column_acc_free(acc);
}

static void test_random_order_ids_are_public(void **state)
{
    (void)state;
    enum { N = 1000 };
    static char buf[N][20];
    const char *vals[N];
    for (int i = 0; i < N; i++) {
        /* Leading 4 or 5: inside Visa and Mastercard ranges, the worst case. */
        snprintf(buf[i], sizeof buf[i], "%d%015llu", 4 + (int)(next() % 2),
                 (unsigned long long)(next() % 1000000000000000ULL));
        vals[i] = buf[i];
    }
    struct cls_column_report col;
    decide(vals, N, &col);
    struct cls_finding *f = finding(&col, "credit_card");
    assert_non_null(f);                 /* some pass Luhn by chance ... */
    assert_true(f->matches > 20);
    assert_false(f->fired);             /* ... but the column is not cards */
    assert_int_equal(col.label, CLS_PUBLIC);
    free_column(&col);
}

static void test_notes_with_two_percent_cards_are_secret(void **state)
{
    (void)state;
    enum { N = 500 };
    static char buf[N][128];
    const char *vals[N];
    for (int i = 0; i < N; i++) {
        if (i % 50 == 3)
            snprintf(buf[i], sizeof buf[i], "customer read card 4242 4242 4242 4242 on call %d", i);
        else
            snprintf(buf[i], sizeof buf[i], "parcel %d delayed at depot, ref %llu", i,
                     (unsigned long long)(next() % 100000000ULL));
        vals[i] = buf[i];
    }
    struct cls_column_report col;
    decide(vals, N, &col);
    struct cls_finding *f = finding(&col, "credit_card");
    assert_non_null(f);
    assert_int_equal(f->matches, 10);
    assert_true(f->fired);
    assert_int_equal(col.label, CLS_SECRET);
    assert_string_equal(f->evidence[0], "4242 **** **** 4242");
    free_column(&col);
}

static void test_nulls_and_single_match(void **state)
{
    (void)state;
    const char *vals[] = {NULL, NULL, "jane@example.com", "hello", NULL};
    struct cls_column_report col;
    decide(vals, 5, &col);
    assert_int_equal(col.values_sampled, 5);
    assert_int_equal(col.values_non_null, 2);
    struct cls_finding *f = finding(&col, "email");
    assert_non_null(f);
    assert_false(f->fired);             /* one match is below min_count */
    assert_int_equal(col.label, CLS_PUBLIC);
    free_column(&col);
}

static void test_wilson(void **state)
{
    (void)state;
    double lo, hi;
    cls_wilson(0, 0, &lo, &hi);
    assert_true(lo == 0.0 && hi == 1.0);
    cls_wilson(0, 100, &lo, &hi);
    assert_true(lo < 1e-12 && hi > 0.03 && hi < 0.04);
    cls_wilson(50, 100, &lo, &hi);
    assert_true(lo > 0.40 && lo < 0.41 && hi > 0.59 && hi < 0.60);
    cls_wilson(100, 100, &lo, &hi);
    assert_true(hi == 1.0 && lo > 0.96);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_order_ids_are_public),
        cmocka_unit_test(test_notes_with_two_percent_cards_are_secret),
        cmocka_unit_test(test_nulls_and_single_match),
        cmocka_unit_test(test_wilson),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
