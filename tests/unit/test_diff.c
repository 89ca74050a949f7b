/* The diff of two reports: added, removed, raised, lowered, detectors,
 * prevalence beyond the intervals, new violations; independent of table
 * order; and the gate of --fail-on raise. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/diff.h"
#include "util/util.h"

static struct cls_table_report *add_table(struct cls_report *r, const char *name,
                                          enum cls_label label)
{
    struct cls_table_report *t = cls_report_add_table(r);
    t->source = strdup("postgresql://alice@db.example.com:5432/shop");
    t->database = strdup("shop");
    t->schema = strdup("public");
    t->table = strdup(name);
    t->label = label;
    t->columns = calloc(4, sizeof *t->columns);
    return t;
}

static void add_column(struct cls_table_report *t, const char *name, enum cls_label label,
                       const char *detector, double ratio, double lo, double hi)
{
    struct cls_column_report *c = &t->columns[t->column_count++];
    c->column = strdup(name);
    c->data_type = strdup("text");
    c->label = label;
    if (!detector)
        return;
    c->findings = calloc(1, sizeof *c->findings);
    c->finding_count = 1;
    c->findings[0].detector = strdup(detector);
    c->findings[0].basis = strdup("values");
    c->findings[0].fired = true;
    c->findings[0].ratio = ratio;
    c->findings[0].ratio_low = lo;
    c->findings[0].ratio_high = hi;
}

static struct cls_report *old_report(bool reversed)
{
    struct cls_report *r;
    assert_int_equal(cls_report_new(&r), 0);
    r->started_at = strdup("2026-11-01T00:00:00Z");
    for (int k = 0; k < 3; k++) {
        int i = reversed ? 2 - k : k;
        if (i == 0) {
            struct cls_table_report *t = add_table(r, "orders", CLS_CONFIDENTIAL);
            add_column(t, "ref", CLS_PUBLIC, NULL, 0, 0, 0);
            add_column(t, "mail", CLS_CONFIDENTIAL, "email", 0.10, 0.07, 0.14);
            add_column(t, "old", CLS_PUBLIC, NULL, 0, 0, 0);
        } else if (i == 1) {
            struct cls_table_report *t = add_table(r, "people", CLS_PROTECTED);
            add_column(t, "ssn", CLS_PROTECTED, "us_ssn", 0.9, 0.85, 0.94);
        } else {
            add_table(r, "gone", CLS_PUBLIC);
        }
    }
    return r;
}

static struct cls_report *new_report(void)
{
    struct cls_report *r;
    assert_int_equal(cls_report_new(&r), 0);
    r->started_at = strdup("2026-11-02T00:00:00Z");
    struct cls_table_report *t = add_table(r, "people", CLS_CONFIDENTIAL);
    add_column(t, "ssn", CLS_CONFIDENTIAL, "email", 0.5, 0.4, 0.6);
    t = add_table(r, "orders", CLS_SECRET);
    /* The source's user may differ: identity is host and port. */
    free(t->source);
    t->source = strdup("postgresql://bob@db.example.com:5432/shop?sslmode=require");
    add_column(t, "ref", CLS_SECRET, "credit_card", 1.0, 0.99, 1.0);
    add_column(t, "mail", CLS_CONFIDENTIAL, "email", 0.60, 0.55, 0.65);
    add_column(t, "added", CLS_PUBLIC, NULL, 0, 0, 0);
    add_table(r, "fresh", CLS_PUBLIC);
    t = &r->tables[1];   /* the array may have moved */
    struct cls_violation *v = cls_report_add_violation(r);
    v->source = strdup(t->source);
    v->database = strdup("shop");
    v->schema = strdup("public");
    v->table = strdup("orders");
    v->column = strdup("ref");
    v->rule = strdup("orders.ref");
    v->declared = CLS_PUBLIC;
    v->detected = CLS_SECRET;
    return r;
}

static const struct cls_change *find(const struct cls_report *r, enum cls_change_kind k,
                                     const char *table, const char *column)
{
    for (size_t i = 0; i < r->change_count; i++)
        if (r->changes[i].kind == k && strcmp(r->changes[i].table, table) == 0 &&
            strcmp(r->changes[i].column, column) == 0)
            return &r->changes[i];
    return NULL;
}

static void test_every_kind_of_change(void **state)
{
    (void)state;
    struct cls_report *o = old_report(false), *n = new_report();
    struct cls_error err;
    assert_int_equal(cls_diff_reports(o, n, &err), 0);
    assert_true(n->has_changes);
    assert_string_equal(n->changes_prior, "2026-11-01T00:00:00Z");
    const struct cls_change *c = find(n, CLS_CHANGE_LABEL_RAISED, "orders", "ref");
    assert_non_null(c);
    assert_string_equal(c->before, "Public");
    assert_string_equal(c->after, "Secret");
    assert_non_null(find(n, CLS_CHANGE_LABEL_RAISED, "orders", ""));
    assert_non_null(find(n, CLS_CHANGE_LABEL_LOWERED, "people", "ssn"));
    assert_non_null(find(n, CLS_CHANGE_LABEL_LOWERED, "people", ""));
    assert_non_null(find(n, CLS_CHANGE_COLUMN_ADDED, "orders", "added"));
    assert_non_null(find(n, CLS_CHANGE_COLUMN_REMOVED, "orders", "old"));
    assert_non_null(find(n, CLS_CHANGE_TABLE_ADDED, "fresh", ""));
    assert_non_null(find(n, CLS_CHANGE_TABLE_REMOVED, "gone", ""));
    assert_non_null(find(n, CLS_CHANGE_DETECTOR_APPEARED, "orders", "ref"));
    assert_non_null(find(n, CLS_CHANGE_DETECTOR_APPEARED, "people", "ssn"));
    assert_non_null(find(n, CLS_CHANGE_DETECTOR_GONE, "people", "ssn"));
    c = find(n, CLS_CHANGE_PREVALENCE, "orders", "mail");
    assert_non_null(c);
    assert_string_equal(c->detector, "email");
    assert_non_null(find(n, CLS_CHANGE_VIOLATION_NEW, "orders", "ref"));
    assert_int_equal(n->change_count, 13);
    assert_true(cls_diff_gate_raise(n));
    cls_report_free(o);
    cls_report_free(n);
}

static void test_order_and_noise_do_not_matter(void **state)
{
    (void)state;
    struct cls_report *a = old_report(false), *b = old_report(true);
    struct cls_error err;
    /* Same content, tables in another order, prevalence moved within the
     * interval: no change at all. */
    for (size_t i = 0; i < b->table_count; i++)
        if (strcmp(b->tables[i].table, "orders") == 0)
            b->tables[i].columns[1].findings[0].ratio = 0.12;
    assert_int_equal(cls_diff_reports(a, b, &err), 0);
    assert_int_equal(b->change_count, 0);
    assert_false(cls_diff_gate_raise(b));
    /* A lowered label alone does not trip the gate. */
    for (size_t i = 0; i < b->table_count; i++)
        if (strcmp(b->tables[i].table, "people") == 0)
            b->tables[i].label = CLS_PUBLIC;
    assert_int_equal(cls_diff_reports(a, b, &err), 0);
    assert_int_equal(b->change_count, 1);
    assert_int_equal(b->changes[0].kind, CLS_CHANGE_LABEL_LOWERED);
    assert_false(cls_diff_gate_raise(b));
    cls_report_free(a);
    cls_report_free(b);
}

static void test_changes_survive_json(void **state)
{
    (void)state;
    struct cls_report *o = old_report(false), *n = new_report(), *back = NULL;
    struct cls_error err;
    char path[] = "/tmp/test_diff_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(cls_diff_reports(o, n, &err), 0);
    assert_int_equal(cls_report_write_json(n, path, &err), 0);
    assert_int_equal(cls_report_read_json(&back, path, &err), 0);
    assert_true(back->has_changes);
    assert_int_equal(back->change_count, n->change_count);
    for (size_t i = 0; i < n->change_count; i++) {
        assert_int_equal(back->changes[i].kind, n->changes[i].kind);
        assert_string_equal(back->changes[i].after, n->changes[i].after);
    }
    assert_int_equal(back->violation_count, 1);
    assert_int_equal(back->violations[0].detected, CLS_SECRET);
    unlink(path);
    close(fd);
    cls_report_free(back);
    cls_report_free(o);
    cls_report_free(n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_kind_of_change),
        cmocka_unit_test(test_order_and_noise_do_not_matter),
        cmocka_unit_test(test_changes_survive_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
