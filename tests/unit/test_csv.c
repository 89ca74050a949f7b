/* CSV reader edge cases: RFC 4180 quoting, CRLF, BOM, embedded newlines,
 * and malformed input that must give an error naming the line. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "classify/source.h"
#include "sources/csv_parse.h"

/* Parses text fully; returns rows read, or the negative error code. Row
 * r field f is copied into cell (when asked) for assertions. */
static int parse(const char *text, size_t len, int want_row, int want_field, char *cell,
                 size_t *cell_len, struct cls_error *err)
{
    FILE *f = fmemopen((void *)text, len, "rb");
    assert_non_null(f);
    struct cls_csv *csv;
    assert_int_equal(cls_csv_new(&csv, f, "t.csv"), 0);
    struct cls_csv_row row;
    int rows = 0, rc;
    while ((rc = cls_csv_next(csv, &row, err)) > 0) {
        if (rows == want_row && cell && (size_t)want_field < row.count) {
            memcpy(cell, row.fields[want_field], row.lens[want_field]);
            cell[row.lens[want_field]] = '\0';
            if (cell_len)
                *cell_len = row.lens[want_field];
        }
        rows++;
    }
    cls_csv_free(csv);
    fclose(f);
    return rc < 0 ? rc : rows;
}

static void test_quotes_and_newlines(void **state)
{
    (void)state;
    char cell[256];
    struct cls_error err = {0};
    const char *t = "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"line1\nline2\",z\n";
    assert_int_equal(parse(t, strlen(t), 1, 0, cell, NULL, &err), 3);
    assert_string_equal(cell, "x, y");
    assert_int_equal(parse(t, strlen(t), 1, 1, cell, NULL, &err), 3);
    assert_string_equal(cell, "say \"hi\"");
    assert_int_equal(parse(t, strlen(t), 2, 0, cell, NULL, &err), 3);
    assert_string_equal(cell, "line1\nline2");
}

static void test_crlf_bom_blank_lines(void **state)
{
    (void)state;
    char cell[64];
    struct cls_error err = {0};
    const char *t = "\xEF\xBB\xBF" "id,name\r\n1,ann\r\n\r\n2,bob\r\n";
    assert_int_equal(parse(t, strlen(t), 0, 0, cell, NULL, &err), 3);
    assert_string_equal(cell, "id");            /* BOM is not part of the name */
    assert_int_equal(parse(t, strlen(t), 2, 1, cell, NULL, &err), 3);
    assert_string_equal(cell, "bob");
    /* No final newline. */
    assert_int_equal(parse("a\n1", 3, 1, 0, cell, NULL, &err), 2);
    assert_string_equal(cell, "1");
}

static void test_unterminated_quote(void **state)
{
    (void)state;
    struct cls_error err = {0};
    const char *t = "a,b\n1,2\n3,\"open\nstill open\n";
    assert_int_equal(parse(t, strlen(t), -1, 0, NULL, NULL, &err), CLS_EPARSE);
    assert_non_null(strstr(err.message, "t.csv:3: unterminated quoted field"));
}

static void test_nul_byte(void **state)
{
    (void)state;
    struct cls_error err = {0};
    const char t[] = "a,b\n1,2\n3,\0x\n";
    assert_int_equal(parse(t, sizeof t - 1, -1, 0, NULL, NULL, &err), CLS_EPARSE);
    assert_non_null(strstr(err.message, "t.csv:3: NUL byte"));
}

static void test_garbage_after_quote(void **state)
{
    (void)state;
    struct cls_error err = {0};
    const char *t = "a\n\"x\"y\n";
    assert_int_equal(parse(t, strlen(t), -1, 0, NULL, NULL, &err), CLS_EPARSE);
    assert_non_null(strstr(err.message, "t.csv:2:"));
}

static void test_huge_cell_is_capped(void **state)
{
    (void)state;
    size_t big = 10u * 1024 * 1024;
    char *t = malloc(big + 16);
    assert_non_null(t);
    memcpy(t, "a\n\"", 3);
    memset(t + 3, 'x', big);
    memcpy(t + 3 + big, "\"\n", 2);
    static char cell[CLS_VALUE_MAX + 1];
    size_t len = 0;
    struct cls_error err = {0};
    assert_int_equal(parse(t, big + 5, 1, 0, cell, &len, &err), 2);
    assert_int_equal(len, CLS_VALUE_MAX);
    free(t);
}

/* Old Mac files end lines with a lone CR: errors must still name the line. */
static void test_cr_only_lines(void **state)
{
    (void)state;
    struct cls_error err = {0};
    const char *t = "a,b\r1,2\r3,\"open\r";
    assert_int_equal(parse(t, strlen(t), -1, 0, NULL, NULL, &err), CLS_EPARSE);
    assert_non_null(strstr(err.message, "t.csv:3: unterminated quoted field"));
}

static void test_broken_bom(void **state)
{
    (void)state;
    struct cls_error err = {0};
    const char *t = "\xEF\xBBname\n1\n";
    assert_int_equal(parse(t, strlen(t), -1, 0, NULL, NULL, &err), CLS_EPARSE);
    assert_non_null(strstr(err.message, "t.csv:1: starts with a broken byte-order mark"));
}

static void test_empty_input(void **state)
{
    (void)state;
    struct cls_error err = {0};
    assert_int_equal(parse("", 0, -1, 0, NULL, NULL, &err), 0);
    assert_int_equal(parse("\n\n", 2, -1, 0, NULL, NULL, &err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quotes_and_newlines),
        cmocka_unit_test(test_crlf_bom_blank_lines),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_garbage_after_quote),
        cmocka_unit_test(test_huge_cell_is_capped),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_cr_only_lines),
        cmocka_unit_test(test_broken_bom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
