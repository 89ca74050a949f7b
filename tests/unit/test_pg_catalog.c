/* The compact PostgreSQL catalog (sources/pg_catalog.c): every table is
 * found by its printable names in any order, among many; its columns keep
 * their order, printable and raw names and type (a name that is not UTF-8
 * is kept raw for SQL); types are kept once and say why a column is not
 * sampled; columns of a table that come apart are joined, and columns of
 * a table not listed are ignored. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sources/pg_catalog.h"

#define NTABLES 20000

static void add_rel(struct cls_pg_catalog *c, unsigned oid, const char *schema,
                    const char *name, const char *shown_name)
{
    struct cls_table_ref t = {.schema = (char *)schema, .name = (char *)shown_name};
    assert_int_equal(cls_pg_catalog_add_rel(c, oid, schema, name, 'r', &t), 0);
}

static void add_col(struct cls_pg_catalog *c, unsigned oid, const char *name, const char *type)
{
    int bytea = strcmp(type, "bytea") == 0;
    assert_int_equal(cls_pg_catalog_add_column(c, oid, name, type, bytea ? "bytea" : type,
                                               bytea ? "U" : "S", 1),
                     0);
}

static const struct cls_pg_rel *find(const struct cls_pg_catalog *c, const char *schema,
                                     const char *name)
{
    struct cls_table_ref t = {.schema = (char *)schema, .name = (char *)name};
    return cls_pg_catalog_find(c, &t);
}

static void test_many_tables_any_order(void **state)
{
    (void)state;
    struct cls_pg_catalog c = {0};
    char name[32];
    /* Listed in name order, oids in another order, as the server may. */
    for (unsigned i = 0; i < NTABLES; i++) {
        snprintf(name, sizeof name, "t%u", i);
        add_rel(&c, 100000 + (i * 7919u) % NTABLES, i % 2 ? "public" : "sales", name, name);
    }
    assert_int_equal(cls_pg_catalog_begin_columns(&c), 0);
    for (unsigned oid = 100000; oid < 100000 + NTABLES; oid++) {
        add_col(&c, oid, "id", "integer");
        add_col(&c, oid, "email", "text");
    }
    add_col(&c, 99, "orphan", "text");           /* no such table: ignored */
    assert_int_equal(cls_pg_catalog_end_columns(&c), 0);
    for (unsigned k = 0; k < NTABLES; k++) {
        unsigned i = (k * 104729u) % NTABLES;
        snprintf(name, sizeof name, "t%u", i);
        const struct cls_pg_rel *r = find(&c, i % 2 ? "public" : "sales", name);
        assert_non_null(r);
        assert_int_equal(r->oid, 100000 + (i * 7919u) % NTABLES);
        assert_int_equal(r->ncols, 2);
        assert_string_equal(cls_pg_col_name(r, 0), "id");
        assert_string_equal(cls_pg_col_name(r, 1), "email");
        assert_string_equal(cls_pg_col_type(&c, r, 1)->shown, "text");
    }
    assert_null(find(&c, "sales", "t1"));        /* t1 is in public */
    assert_null(find(&c, "public", "nope"));
    assert_int_equal(c.schemas.count, 2);
    assert_int_equal(c.type_keys.count, 2);
    cls_pg_catalog_clear(&c);
}

static void test_raw_names_and_skips(void **state)
{
    (void)state;
    struct cls_pg_catalog c = {0};
    /* A table and a column whose raw names are not UTF-8. */
    add_rel(&c, 10, "public", "caf\xe9", "caf\xef\xbf\xbd");
    add_rel(&c, 11, "public", "plain", "plain");
    assert_int_equal(cls_pg_catalog_begin_columns(&c), 0);
    add_col(&c, 10, "n\xe9", "text");
    add_col(&c, 11, "a", "text");
    add_col(&c, 10, "blob", "bytea");            /* table 10's columns come apart */
    assert_int_equal(cls_pg_catalog_end_columns(&c), 0);
    assert_null(find(&c, "public", "caf\xe9"));  /* found by its printable name */
    const struct cls_pg_rel *r = find(&c, "public", "caf\xef\xbf\xbd");
    assert_non_null(r);
    assert_string_equal(r->name, "caf\xe9");
    assert_int_equal(r->ncols, 2);
    assert_string_equal(cls_pg_col_name(r, 0), "n\xef\xbf\xbd");
    assert_string_equal(cls_pg_col_raw(r, 0), "n\xe9");
    assert_null(cls_pg_col_type(&c, r, 0)->skip_reason);
    assert_string_equal(cls_pg_col_raw(r, 1), "blob");
    assert_string_equal(cls_pg_col_type(&c, r, 1)->skip_reason, "binary type bytea");
    const struct cls_pg_rel *p = find(&c, "public", "plain");
    assert_non_null(p);
    assert_int_equal(p->ncols, 1);
    assert_string_equal(cls_pg_col_raw(p, 0), "a");
    cls_pg_catalog_clear(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_tables_any_order),
        cmocka_unit_test(test_raw_names_and_skips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
