/* The report model and its JSON form: a round trip keeps every field, the
 * file is created 0600, and outside text that is not UTF-8 is made safe. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "classify/report.h"
#include "report/pool.h"
#include "util/util.h"

static struct cls_report *sample_report(void)
{
    struct cls_report *r;
    assert_int_equal(cls_report_new(&r), 0);
    cls_report_stamp(&r->started_at);
    cls_report_stamp(&r->finished_at);
    r->sample_rows = 1000;
    struct cls_table_report *t = cls_report_add_table(r);
    t->source = strdup("postgresql://db.example.com:5432/shop");
    t->database = strdup("shop");
    t->schema = strdup("public");
    t->table = cls_strdup_utf8("caf\xC3\xA9\xFF", 6);   /* invalid trailing byte */
    t->rows_estimated = 12345;
    t->rows_sampled = 1000;
    t->label = CLS_SECRET;
    t->columns = calloc(1, sizeof *t->columns);
    t->column_count = 1;
    struct cls_column_report *c = &t->columns[0];
    c->column = strdup("card_no");
    c->data_type = strdup("text");
    c->label = CLS_SECRET;
    c->values_sampled = 1000;
    c->values_non_null = 998;
    c->findings = calloc(1, sizeof *c->findings);
    c->finding_count = 1;
    c->findings[0].detector = strdup("credit_card");
    c->findings[0].basis = strdup("values");
    c->findings[0].matches = 990;
    c->findings[0].candidates = 990;
    c->findings[0].ratio = 0.992;
    c->findings[0].fired = true;
    c->findings[0].evidence[0] = strdup("4111 **** **** 1111");
    c->findings[0].evidence_count = 1;
    cls_column_add_reason(c, "credit_card in %.1f%% of %d values -> Secret", 99.2, 998);
    cls_report_add_error(r, "postgresql://db.example.com:5432/shop", "public.broken",
                         "permission denied for table broken");
    return r;
}

static void test_round_trip_and_mode(void **state)
{
    (void)state;
    char dir[] = "/tmp/cls-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/r.json", dir);
    struct cls_report *r = sample_report();
    struct cls_error err = {0};
    assert_int_equal(cls_report_write_json(r, path, &err), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    struct cls_report *back = NULL;
    assert_int_equal(cls_report_read_json(&back, path, &err), 0);
    assert_false(back->complete);                  /* an error makes it incomplete */
    assert_int_equal(back->table_count, 1);
    assert_string_equal(back->tables[0].table, "caf\xC3\xA9\xEF\xBF\xBD");
    assert_int_equal(back->tables[0].rows_estimated, 12345);
    assert_int_equal(back->tables[0].label, CLS_SECRET);
    const struct cls_finding *f = &back->tables[0].columns[0].findings[0];
    assert_string_equal(f->detector, "credit_card");
    assert_int_equal(f->matches, 990);
    assert_string_equal(f->evidence[0], "4111 **** **** 1111");
    assert_string_equal(back->tables[0].columns[0].reasons[0],
                        "credit_card in 99.2% of 998 values -> Secret");
    assert_string_equal(back->errors[0].table, "public.broken");

    /* Serialising the read-back report gives the same text. */
    char *a = cls_report_to_json(r), *b = cls_report_to_json(back);
    assert_string_equal(a, b);
    free(a);
    free(b);
    cls_report_free(r);
    cls_report_free(back);
    unlink(path);
    rmdir(dir);
}

/* The file is written table by table; it must read exactly as the text
 * made in one piece, with no tables, one, or several. */
static void test_streamed_file_equals_text(void **state)
{
    (void)state;
    char dir[] = "/tmp/cls-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/r.json", dir);
    struct cls_report *r;
    assert_int_equal(cls_report_new(&r), 0);
    for (int tables = 0; tables < 3; tables++) {
        if (tables) {
            struct cls_report *one = sample_report();
            struct cls_table_report *t = cls_report_add_table(r);
            t->source = strdup(one->tables[0].source);
            t->database = strdup("db");
            t->schema = strdup("s");
            t->table = strdup(tables == 1 ? "first" : "second");
            cls_report_free(one);
        }
        struct cls_error err = {0};
        assert_int_equal(cls_report_write_json(r, path, &err), 0);
        char *file = NULL, *text = cls_report_to_json(r);
        size_t len = 0;
        assert_int_equal(cls_read_file(path, 1 << 20, &file, &len, &err), 0);
        assert_string_equal(file, text);
        free(file);
        free(text);
    }
    cls_report_free(r);
    unlink(path);
    rmdir(dir);
}

/* A scan moves each recorded table into the report's pool: the report
 * reads the same, the strings that repeat are kept once, the overrides stay
 * the table's own, and the table array grows past many appends. */
static void test_pooled_tables_read_the_same(void **state)
{
    (void)state;
    struct cls_report *r = sample_report();
    for (int i = 0; i < 1000; i++) {
        struct cls_report *one = sample_report();
        struct cls_table_report *t = cls_report_add_table(r);
        *t = one->tables[0];
        memset(&one->tables[0], 0, sizeof one->tables[0]);
        free(t->table);
        t->table = cls_asprintf("t%d", i);
        if (i == 7) {
            t->columns[0].override = calloc(1, sizeof *t->columns[0].override);
            t->columns[0].override->decision = strdup("False positive");
            t->columns[0].override->reviewer = strdup("ana");
            t->columns[0].override->date = strdup("2026-01-02");
            t->columns[0].override->comment = strdup("test data");
        }
        cls_report_free(one);
    }
    char *before = cls_report_to_json(r);
    for (size_t i = 0; i < r->table_count; i++) {
        assert_int_equal(cls_report_pool_table(r, &r->tables[i]), 0);
        assert_true(r->tables[i].pooled);
    }
    assert_int_equal(cls_report_pool_table(r, &r->tables[1]), 0);   /* twice: no change */
    char *after = cls_report_to_json(r);
    assert_string_equal(before, after);
    assert_ptr_equal(r->tables[1].source, r->tables[2].source);
    assert_ptr_equal(r->tables[1].columns[0].reasons[0], r->tables[2].columns[0].reasons[0]);
    assert_ptr_not_equal(r->tables[1].table, r->tables[2].table);
    assert_non_null(r->tables[8].columns[0].override);
    free(before);
    free(after);
    cls_report_free(r);
}

static void test_rejects_other_json(void **state)
{
    (void)state;
    char path[] = "/tmp/cls-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(write(fd, "{\"format\":\"other\"}", 18) == 18);
    close(fd);
    struct cls_report *r = NULL;
    struct cls_error err = {0};
    assert_int_equal(cls_report_read_json(&r, path, &err), CLS_EPARSE);
    assert_non_null(strstr(err.message, "not a classify report"));
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_and_mode),
        cmocka_unit_test(test_rejects_other_json),
        cmocka_unit_test(test_streamed_file_equals_text),
        cmocka_unit_test(test_pooled_tables_read_the_same),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
