/* The COPY text row decoder (sources/copy_text.c): columns split at tabs,
 * \N as NULL (and \\N as the two characters), every escape of the format,
 * values with no backslash left in place, and rows that are not valid
 * (too many columns, a lone final backslash) refused. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sources/copy_text.h"

#define MAXC 8

struct split {
    int n;
    const char *vals[MAXC];
    size_t lens[MAXC];
    char line[256];
};

static void split(struct split *s, const char *line, size_t len, size_t max)
{
    memcpy(s->line, line, len);
    s->n = cls_copy_text_row(s->line, len, s->vals, s->lens, max);
}

static void expect(const struct split *s, int i, const char *v, size_t len)
{
    assert_non_null(s->vals[i]);
    assert_int_equal(s->lens[i], len);
    assert_memory_equal(s->vals[i], v, len);
}

static void test_plain_columns(void **state)
{
    (void)state;
    struct split s;
    split(&s, "a\tbc\t\tdef\n", 10, MAXC);
    assert_int_equal(s.n, 4);
    expect(&s, 0, "a", 1);
    expect(&s, 1, "bc", 2);
    expect(&s, 2, "", 0);
    expect(&s, 3, "def", 3);
    /* A value without a backslash stays where it is. */
    assert_ptr_equal(s.vals[3], s.line + 6);
    split(&s, "last", 4, MAXC);                     /* no final newline */
    assert_int_equal(s.n, 1);
    expect(&s, 0, "last", 4);
    split(&s, "\n", 1, MAXC);                       /* one empty value */
    assert_int_equal(s.n, 1);
    expect(&s, 0, "", 0);
}

static void test_nulls(void **state)
{
    (void)state;
    struct split s;
    const char in[] = "\\N\t\\\\N\t\\N\n";
    split(&s, in, sizeof in - 1, MAXC);
    assert_int_equal(s.n, 3);
    assert_null(s.vals[0]);
    assert_int_equal(s.lens[0], 0);
    expect(&s, 1, "\\N", 2);
    assert_null(s.vals[2]);
    split(&s, "\\Nx\t", 4, MAXC);                   /* \N inside a value: N */
    assert_int_equal(s.n, 2);
    expect(&s, 0, "Nx", 2);
}

static void test_escapes(void **state)
{
    (void)state;
    struct split s;
    const char in[] = "a\\tb\\nc\\rd\\\\e\\bf\\fg\\vh\tq\\.\\z";
    split(&s, in, sizeof in - 1, MAXC);
    assert_int_equal(s.n, 2);
    expect(&s, 0, "a\tb\nc\rd\\e\bf\fg\vh", 15);
    expect(&s, 1, "q.z", 3);
    const char num[] = "\\101\\x41\\x4a!\\7\\0567\\xg\\777";
    split(&s, num, sizeof num - 1, MAXC);
    assert_int_equal(s.n, 1);
    expect(&s, 0, "AAJ!\a.7xg\xff", 10);
    const char utf8[] = "caf\xc3\xa9\\t\xe2\x82\xac";
    split(&s, utf8, sizeof utf8 - 1, MAXC);
    expect(&s, 0, "caf\xc3\xa9\t\xe2\x82\xac", 9);
}

/* Rows longer than the 16 bytes looked at a time: tabs and backslashes
 * in every position of a block, and in the row's last bytes. */
static void test_long_rows(void **state)
{
    (void)state;
    struct split s;
    const char in[] = "0123456789abcdef\t0123456789\tABCDEFGHIJKLMNOPQRSTU\\\\V\tx\\ty\n";
    split(&s, in, sizeof in - 1, MAXC);
    assert_int_equal(s.n, 4);
    expect(&s, 0, "0123456789abcdef", 16);
    expect(&s, 1, "0123456789", 10);
    expect(&s, 2, "ABCDEFGHIJKLMNOPQRSTU\\V", 23);
    expect(&s, 3, "x\ty", 3);
    for (size_t at = 0; at < 40; at++) {            /* one tab anywhere */
        char row[41];
        memset(row, 'z', 40);
        row[at] = '\t';
        split(&s, row, 40, MAXC);
        assert_int_equal(s.n, 2);
        assert_int_equal(s.lens[0], at);
        assert_int_equal(s.lens[1], 39 - at);
    }
}

static void test_refused(void **state)
{
    (void)state;
    struct split s;
    split(&s, "a\tb\tc\n", 6, 2);                   /* more columns than asked */
    assert_int_equal(s.n, -1);
    split(&s, "a\tb\tc\n", 6, 3);
    assert_int_equal(s.n, 3);
    split(&s, "ab\\", 3, MAXC);                     /* a lone final backslash */
    assert_int_equal(s.n, -1);
    split(&s, "ab\\\tc", 5, MAXC);                  /* ... before a tab */
    assert_int_equal(s.n, -1);
    split(&s, "ab\\\n", 4, MAXC);                   /* ... before the newline */
    assert_int_equal(s.n, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_columns),
        cmocka_unit_test(test_nulls),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_long_rows),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
