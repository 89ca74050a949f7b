/* The report's JSON split a table at a time (report/json_split.c): where
 * the elements lie, what the skeleton keeps, what the splitter declines
 * (then the reader parses the whole document), and that a report read
 * split is the report read whole, on every report in the fuzz seeds. */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "classify/report.h"
#include "report/json_split.h"

static FILE *file_of(const char *text)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    return f;
}

/* Splits text; returns the splitter's result, *out filled on 0. */
static int split_text(const char *text, struct cls_json_split *out)
{
    FILE *f = file_of(text);
    int rc = cls_json_split(f, "tables", out);
    fclose(f);
    return rc;
}

static void test_elements_and_skeleton(void **state)
{
    (void)state;
    const char *doc =
        "{\"run\": {\"tables\": [1, 2], \"s\": \"}]\\\"[{\"},\n"
        " \"tables\" : [ {\"a\": \"x]}\\\\\", \"b\": [{}]} ,{\"c\":{\"tables\":[]}}\n],\n"
        " \"errors\": []}\n";
    FILE *f = file_of(doc);
    struct cls_json_split s;
    assert_int_equal(cls_json_split(f, "tables", &s), 0);
    assert_int_equal(s.count, 2);
    char *buf = NULL;
    size_t cap = 0;
    assert_int_equal(cls_json_split_read(f, &s, 0, &buf, &cap), 0);
    assert_string_equal(buf, "{\"a\": \"x]}\\\\\", \"b\": [{}]}");
    assert_int_equal(cls_json_split_read(f, &s, 1, &buf, &cap), 0);
    assert_string_equal(buf, "{\"c\":{\"tables\":[]}}");
    /* The nested "tables" of run stays; the member's value becomes []. */
    assert_string_equal(s.skeleton,
                        "{\"run\": {\"tables\": [1, 2], \"s\": \"}]\\\"[{\"},\n"
                        " \"tables\" :[],\n \"errors\": []}\n");
    free(buf);
    cls_json_split_free(&s);
    fclose(f);

    assert_int_equal(split_text("{\"tables\":[]}", &s), 0);
    assert_int_equal(s.count, 0);
    assert_string_equal(s.skeleton, "{\"tables\":[]}");
    cls_json_split_free(&s);
}

/* Each is declined: the whole-document parse then says what is wrong. */
static void test_declines(void **state)
{
    (void)state;
    static const char *const docs[] = {
        "",                                          /* empty */
        "[{\"tables\": []}]",                        /* not an object */
        "{\"run\": {}}",                             /* no member */
        "{\"tables\": [], \"tables\": [{}]}",        /* twice: jansson keeps the last */
        "{\"t\\u0061bles\": [{}]}",                  /* the name escaped */
        "{\"tables\": {}}",                          /* not an array */
        "{\"tables\": [1]}",                         /* an element not an object */
        "{\"tables\": [{}, ]}",                      /* a trailing comma */
        "{\"tables\": [{} {}]}",                     /* no comma */
        "{\"tables\": [{}]} x",                      /* bytes after the document */
        "{\"tables\": [{\"a\": \"]}",                /* cut inside a string */
        "{\"tables\": [{}",                          /* cut inside the array */
        "{\"tables\" [{}]}",                         /* no ':' */
    };
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        struct cls_json_split s;
        int rc = split_text(docs[i], &s);
        if (rc != 1)
            fail_msg("document %zu split (rc %d)", i, rc);
        assert_null(s.skeleton);
        assert_null(s.elements);
    }
    /* Brackets 2,046 deep in an element, a number in the deepest: the
     * element parses alone, but jansson refuses its document (the number at
     * level 2,049): declined. One bracket less splits, as jansson reads its
     * document too. */
    for (int depth = 2045; depth <= 2046; depth++) {
        size_t n = 32 + 2 * (size_t)depth;
        char *doc = malloc(n), *p = doc;
        assert_non_null(doc);
        p += sprintf(p, "{\"tables\":[{\"a\":");
        for (int d = 1; d < depth; d++)
            *p++ = '[';
        *p++ = '0';
        for (int d = 1; d < depth; d++)
            *p++ = ']';
        strcpy(p, "}]}");
        json_error_t jerr;
        json_t *whole = json_loads(doc, 0, &jerr);
        struct cls_json_split s;
        int rc = split_text(doc, &s);
        assert_int_equal(rc, depth == 2045 ? 0 : 1);
        assert_int_equal(whole != NULL, rc == 0);
        cls_json_split_free(&s);
        json_decref(whole);
        free(doc);
    }
}

/* Reads path both ways; the two reports must serialise the same. */
static void same_both_ways(const char *path)
{
    struct cls_report *a = NULL, *b = NULL;
    struct cls_error ea = {0}, eb = {0};
    int ra = cls_report_read_json(&a, path, &ea);
    int rb = cls_report_read_json_whole(&b, path, &eb);
    if (ra != rb)
        fail_msg("%s: read %d split, %d whole", path, ra, rb);
    if (ra < 0) {
        assert_string_equal(ea.message, eb.message);
        return;
    }
    char *ta = cls_report_to_json(a), *tb = cls_report_to_json(b);
    assert_non_null(ta);
    assert_non_null(tb);
    if (strcmp(ta, tb) != 0)
        fail_msg("%s: the split read differs from the whole read", path);
    free(ta);
    free(tb);
    cls_report_free(a);
    cls_report_free(b);
}

static void test_reports_read_the_same(void **state)
{
    (void)state;
    const char *dir = SRCDIR "/tests/fuzz/corpus/report";
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    char path[4096];
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        same_both_ways(path);
        n++;
    }
    closedir(d);
    assert_true(n >= 5);

    /* A report of four tables with errors, violations and changes splits:
     * its tables are read one at a time. */
    snprintf(path, sizeof path, "%s/four_tables.json", dir);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    struct cls_json_split s;
    assert_int_equal(cls_json_split(f, "tables", &s), 0);
    struct cls_report *r = NULL;
    struct cls_error err = {0};
    assert_int_equal(cls_report_read_json(&r, path, &err), 0);
    assert_true(s.count > 1);
    assert_int_equal(s.count, r->table_count);
    cls_report_free(r);
    cls_json_split_free(&s);
    fclose(f);
}

/* A table that fails the schema deep inside a split report: the error
 * is the whole reader's, naming the table by its index. */
static void test_misfit_named_as_before(void **state)
{
    (void)state;
    char path[] = "/tmp/cls-split-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *in = fopen(SRCDIR "/tests/fuzz/corpus/report/four_tables.json", "rb");
    assert_non_null(in);
    static char text[1 << 20];
    size_t len = fread(text, 1, sizeof text - 1, in);
    fclose(in);
    text[len] = '\0';
    /* The second table's rows_sampled becomes a string. */
    char *first = strstr(text, "\"rows_sampled\"");
    assert_non_null(first);
    char *second = strstr(first + 1, "\"rows_sampled\"");
    assert_non_null(second);
    char *colon = strchr(second, ':');
    FILE *out = fdopen(fd, "wb");
    fwrite(text, 1, (size_t)(colon + 1 - text), out);
    fputs(" \"many\", \"was\":", out);
    fputs(colon + 1, out);
    fclose(out);
    struct cls_report *r = NULL;
    struct cls_error err = {0};
    assert_true(cls_report_read_json(&r, path, &err) < 0);
    assert_non_null(strstr(err.message, "$.tables[1].rows_sampled"));
    same_both_ways(path);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_elements_and_skeleton),
        cmocka_unit_test(test_declines),
        cmocka_unit_test(test_reports_read_the_same),
        cmocka_unit_test(test_misfit_named_as_before),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
