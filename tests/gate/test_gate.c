/* The gate's model (issue 11, item 6) and the run's selection (item 7):
 * a label change under a new policy with the same evidence is
 * policy_raised, with new evidence label_raised; tables of a target the
 * new run did not cover are not "removed"; the gate counts raises, new
 * tables and columns above Public and every violation, and policy raises
 * only when asked; run.selection survives JSON and a different selection
 * is noted. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "report/diff.h"
#include "util/util.h"

static struct cls_report *report(const char *sha)
{
    struct cls_report *r;
    assert_int_equal(cls_report_new(&r), 0);
    free(r->policy_sha256);
    r->policy_sha256 = strdup(sha);
    r->started_at = strdup("2026-11-01T00:00:00Z");
    return r;
}

static struct cls_table_report *table(struct cls_report *r, const char *db, const char *name,
                                      enum cls_label label)
{
    struct cls_table_report *t = cls_report_add_table(r);
    t->source = cls_asprintf("postgresql://u@db.example.com:5432/%s", db);
    t->database = strdup(db);
    t->schema = strdup("public");
    t->table = strdup(name);
    t->label = label;
    t->columns = calloc(2, sizeof *t->columns);
    return t;
}

/* One column whose detector matched `matches` of 100 values. */
static void column(struct cls_table_report *t, const char *name, enum cls_label label,
                   const char *detector, uint64_t matches)
{
    struct cls_column_report *c = &t->columns[t->column_count++];
    c->column = strdup(name);
    c->data_type = strdup("text");
    c->label = label;
    c->values_non_null = 100;
    if (!detector)
        return;
    c->findings = calloc(1, sizeof *c->findings);
    c->finding_count = 1;
    struct cls_finding *f = &c->findings[0];
    f->detector = strdup(detector);
    f->basis = strdup("values");
    f->matches = matches;
    f->ratio = matches / 100.0;
    f->ratio_low = f->ratio > 0.05 ? f->ratio - 0.05 : 0;
    f->ratio_high = f->ratio + 0.05 > 1 ? 1 : f->ratio + 0.05;
    f->fired = label > CLS_PUBLIC;
}

static size_t count(const struct cls_report *r, enum cls_change_kind k)
{
    return cls_diff_count(r, k);
}

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static void test_policy_only_raise_is_apart(void **state)
{
    (void)state;
    struct cls_report *o = report(SHA_A), *n = report(SHA_B);
    struct cls_error err;
    column(table(o, "shop", "customers", CLS_CONFIDENTIAL), "email", CLS_CONFIDENTIAL, "email",
           90);
    column(table(n, "shop", "customers", CLS_SECRET), "email", CLS_SECRET, "email", 88);
    assert_int_equal(cls_diff_reports(o, n, &err), 0);
    assert_int_equal(count(n, CLS_CHANGE_POLICY_RAISED), 2);   /* column and table */
    assert_int_equal(count(n, CLS_CHANGE_LABEL_RAISED), 0);
    assert_true(n->change_note_count >= 1);
    assert_non_null(strstr(n->change_notes[0], "policy changed"));
    struct cls_gate g;
    cls_diff_gate(n, false, &g);
    assert_false(g.tripped);
    assert_int_equal(g.policy, 2);
    cls_diff_gate(n, true, &g);
    assert_true(g.tripped);
    /* The same label change under the same policy is a raise. */
    free(o->policy_sha256);
    o->policy_sha256 = strdup(SHA_B);
    assert_int_equal(cls_diff_reports(o, n, &err), 0);
    assert_int_equal(count(n, CLS_CHANGE_LABEL_RAISED), 2);
    assert_true(cls_diff_gate_raise(n));
    cls_report_free(o);
    cls_report_free(n);
}

static void test_new_evidence_under_new_policy_is_a_raise(void **state)
{
    (void)state;
    struct cls_report *o = report(SHA_A), *n = report(SHA_B);
    struct cls_error err;
    column(table(o, "shop", "orders", CLS_PUBLIC), "ref", CLS_PUBLIC, NULL, 0);
    column(table(n, "shop", "orders", CLS_SECRET), "ref", CLS_SECRET, "credit_card", 60);
    assert_int_equal(cls_diff_reports(o, n, &err), 0);
    assert_int_equal(count(n, CLS_CHANGE_LABEL_RAISED), 2);
    assert_int_equal(count(n, CLS_CHANGE_POLICY_RAISED), 0);
    assert_true(cls_diff_gate_raise(n));
    cls_report_free(o);
    cls_report_free(n);
}

static void test_other_target_is_not_removed(void **state)
{
    (void)state;
    struct cls_report *o = report(SHA_A), *n = report(SHA_A);
    struct cls_error err;
    column(table(o, "shop", "orders", CLS_PUBLIC), "id", CLS_PUBLIC, NULL, 0);
    column(table(o, "staff", "people", CLS_CONFIDENTIAL), "email", CLS_CONFIDENTIAL, "email",
           90);
    column(table(n, "shop", "orders", CLS_PUBLIC), "id", CLS_PUBLIC, NULL, 0);
    assert_int_equal(cls_diff_reports(o, n, &err), 0);
    assert_int_equal(n->change_count, 0);
    assert_int_equal(n->change_note_count, 1);
    assert_non_null(strstr(n->change_notes[0], "/staff: in the prior run but not in this one"));
    /* The target key: host, port and database; no user, no query. */
    char *k = cls_diff_target_key("postgresql://bob@db.example.com:5432/shop?sslmode=require");
    assert_string_equal(k, "db.example.com:5432/shop");
    free(k);
    k = cls_diff_target_key("/data/exports/orders.csv");
    assert_string_equal(k, "orders.csv");
    free(k);
    cls_report_free(o);
    cls_report_free(n);
}

static void test_gate_counts(void **state)
{
    (void)state;
    struct cls_report *o = report(SHA_A), *n = report(SHA_A);
    struct cls_error err;
    struct cls_gate g;
    column(table(o, "shop", "orders", CLS_PUBLIC), "id", CLS_PUBLIC, NULL, 0);
    struct cls_table_report *t = table(n, "shop", "orders", CLS_PUBLIC);
    column(t, "id", CLS_PUBLIC, NULL, 0);
    column(t, "note", CLS_PUBLIC, NULL, 0);           /* a new Public column */
    column(table(n, "shop", "colours", CLS_PUBLIC), "name", CLS_PUBLIC, NULL, 0);
    assert_int_equal(cls_diff_reports(o, n, &err), 0);
    cls_diff_gate(n, false, &g);
    assert_int_equal(g.added, 0);
    assert_false(g.tripped);
    column(table(n, "shop", "payments", CLS_SECRET), "card", CLS_SECRET, "credit_card", 90);
    assert_int_equal(cls_diff_reports(o, n, &err), 0);
    cls_diff_gate(n, false, &g);
    assert_int_equal(g.added, 1);
    assert_true(g.tripped);
    cls_report_free(n);
    /* A standing violation trips the gate though it is not new. */
    n = report(SHA_A);
    column(table(n, "shop", "orders", CLS_PUBLIC), "id", CLS_PUBLIC, NULL, 0);
    struct cls_violation *v = cls_report_add_violation(n);
    v->source = strdup(n->tables[0].source);
    v->database = strdup("shop");
    v->schema = strdup("public");
    v->table = strdup("orders");
    v->column = strdup("");
    v->rule = strdup("orders");
    v->declared = CLS_PUBLIC;
    v->detected = CLS_CONFIDENTIAL;
    struct cls_violation *w = cls_report_add_violation(o);
    *w = (struct cls_violation){strdup(v->source), strdup("shop"), strdup("public"),
                                strdup("orders"), strdup(""), CLS_PUBLIC, CLS_CONFIDENTIAL,
                                strdup("orders")};
    assert_int_equal(cls_diff_reports(o, n, &err), 0);
    assert_int_equal(count(n, CLS_CHANGE_VIOLATION_NEW), 0);
    cls_diff_gate(n, false, &g);
    assert_int_equal(g.violations, 1);
    assert_true(g.tripped);
    cls_report_free(o);
    cls_report_free(n);
}

static void test_selection_survives_json(void **state)
{
    (void)state;
    struct cls_report *a = report(SHA_A), *b = NULL;
    struct cls_error err;
    char path[] = "/tmp/classify-gate-XXXXXX";
    struct cls_run_selection *s = &a->selection;
    s->recorded = true;
    s->tables = calloc(2, sizeof *s->tables);
    s->tables[0] = strdup("public.a*");
    s->tables[1] = strdup("public.b*");
    s->table_count = 2;
    s->targets = calloc(1, sizeof *s->targets);
    s->targets[0] = strdup("postgresql://db.example.com:5432/shop");
    s->target_count = 1;
    s->seeded = true;
    s->seed = 42;
    s->jobs = 3;
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(cls_report_write_json(a, path, &err), 0);
    int rc = cls_report_read_json(&b, path, &err);
    if (rc != 0)
        print_message("read back: %s\n", err.message);
    assert_int_equal(rc, 0);
    unlink(path);
    assert_true(b->selection.recorded);
    assert_int_equal(b->selection.table_count, 2);
    assert_string_equal(b->selection.tables[1], "public.b*");
    assert_int_equal(b->selection.exclude_count, 0);
    assert_null(b->selection.only_table);
    assert_int_equal(b->selection.target_count, 1);
    assert_true(b->selection.seeded);
    assert_int_equal(b->selection.seed, 42);
    assert_int_equal(b->selection.jobs, 3);
    /* A narrower selection is noted in the diff. */
    free(b->selection.tables[1]);
    b->selection.table_count = 1;
    assert_int_equal(cls_diff_reports(a, b, &err), 0);
    assert_int_equal(b->change_note_count, 1);
    assert_non_null(strstr(b->change_notes[0], "--tables: public.a*, public.b* before, "
                                               "public.a* now"));
    cls_report_free(a);
    cls_report_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy_only_raise_is_apart),
        cmocka_unit_test(test_new_evidence_under_new_policy_is_a_raise),
        cmocka_unit_test(test_other_target_is_not_removed),
        cmocka_unit_test(test_gate_counts),
        cmocka_unit_test(test_selection_survives_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
