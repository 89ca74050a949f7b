/* The name dictionary and the table context of person_name: the generated
 * array is in order and its index right, a word is found in any case,
 * accented, apostrophised and hyphenated; `name` is a person in customers
 * and staff, a thing in tracks and products; tiny name tables in any case
 * fire; song titles and product names under `name` stay Public. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../detectors/names.h"
#include "classify/engine.h"
#include "classify/report.h"

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

static unsigned look(const char *s)
{
    return cls_name_lookup(s, strlen(s));
}

/* The binary search needs strcmp order, and every entry must be found
 * through the two-letter index. */
static void test_array_sorted_and_indexed(void **state)
{
    (void)state;
    assert_true(cls_names_count > 10000);
    assert_int_equal(cls_names_bucket[676], cls_names_count);
    for (size_t i = 0; i < cls_names_count; i++) {
        if (i && strcmp(cls_names[i - 1].name, cls_names[i].name) >= 0)
            fail_msg("names not sorted at %s", cls_names[i].name);
        if (!(look(cls_names[i].name) & (CLS_NAME_GIVEN | CLS_NAME_SURNAME)))
            fail_msg("%s not found through the index", cls_names[i].name);
    }
}

static void test_any_case_accents_apostrophes(void **state)
{
    (void)state;
    const char *given[] = {"Mary", "MARY", "mary", "Zo\xc3\xab", "ZO\xc3\x8b", "Jos\xc3\xa9",
                           "Ren\xc3\xa9" "e", "Anne-Marie", "Jean-Luc", "Bj\xc3\xb6rn", "J\xc3\xbcrgen", "Nevaeh"};
    for (size_t i = 0; i < sizeof given / sizeof given[0]; i++)
        if (!(look(given[i]) & CLS_NAME_GIVEN))
            fail_msg("given name %s not found", given[i]);
    const char *surnames[] = {"Smith", "SMITH", "O'Brien", "O\xe2\x80\x99" "Brien",
                              "Smith-Jones", "Garc\xc3\xad" "a", "Nguyen", "Kowalski"};
    for (size_t i = 0; i < sizeof surnames / sizeof surnames[0]; i++)
        if (!(look(surnames[i]) & CLS_NAME_SURNAME))
            fail_msg("surname %s not found", surnames[i]);
    /* Near misses: not words of the dictionary, a hyphenated word with a
     * part that is no name, a letter that is not one, too long. */
    const char *not_names[] = {"Smith-Widget", "Zzyzx", "M\xc3\x97ry", "a", "",
                               "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
    for (size_t i = 0; i < sizeof not_names / sizeof not_names[0]; i++)
        if (look(not_names[i]) & (CLS_NAME_GIVEN | CLS_NAME_SURNAME))
            fail_msg("%s found as a name", not_names[i]);
    /* Rose and Lane are names and words; John is a name first. */
    assert_true(look("Rose") & CLS_NAME_GIVEN_WORD);
    assert_true(look("Lane") & CLS_NAME_SURNAME_WORD);
    assert_false(look("John") & CLS_NAME_GIVEN_WORD);
}

static struct cls_finding *finding(struct cls_column_report *c, const char *id)
{
    for (size_t i = 0; i < c->finding_count; i++)
        if (strcmp(c->findings[i].detector, id) == 0)
            return &c->findings[i];
    return NULL;
}

/* The label of table.column holding values. */
static enum cls_label label_of(const char *table, const char *column,
                               const char *const *values, size_t n, bool *fired)
{
    struct cls_column_acc *acc;
    struct cls_column_report col;
    struct cls_column_ctx ctx = {.table = table, .column = column, .data_type = "text"};
    assert_int_equal(cls_column_acc_new(&acc, engine, &ctx), 0);
    for (size_t i = 0; i < n; i++)
        cls_column_acc_add(acc, scanner, values[i], strlen(values[i]));
    memset(&col, 0, sizeof col);
    assert_int_equal(cls_column_acc_decide(acc, &col), 0);
    cls_column_acc_free(acc);
    struct cls_finding *f = finding(&col, "person_name");
    *fired = f && f->fired;
    enum cls_label label = col.label;
    cls_column_report_clear(&col);
    return label;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Two- and three-row staff tables, in every case and with the digits of
 * generated test data, are Confidential by first_name, last_name, surname
 * and given_name. */
static void test_tiny_name_tables(void **state)
{
    (void)state;
    const char *upper[] = {"MARY", "JOHN"}, *lower[] = {"mary", "john"};
    const char *digits[] = {"Mary3", "John12", "Aisha7"}, *snake[] = {"smith_12", "brown_7"};
    const char *accents[] = {"Zo\xc3\xab", "Jos\xc3\xa9", "Anne-Marie"};
    const char *last[] = {"O'BRIEN", "garc\xc3\xad" "a", "Smith-Jones"};
    bool fired;
    assert_int_equal(label_of("staff", "first_name", upper, N(upper), &fired), CLS_CONFIDENTIAL);
    assert_int_equal(label_of("staff", "given_name", lower, N(lower), &fired), CLS_CONFIDENTIAL);
    assert_int_equal(label_of("staff", "first_name", digits, N(digits), &fired),
                     CLS_CONFIDENTIAL);
    assert_int_equal(label_of("staff", "last_name", snake, N(snake), &fired), CLS_CONFIDENTIAL);
    assert_int_equal(label_of("staff", "first_name", accents, N(accents), &fired),
                     CLS_CONFIDENTIAL);
    assert_int_equal(label_of("staff", "surname", last, N(last), &fired), CLS_CONFIDENTIAL);
    /* The same values in a column that says nothing are not people. */
    assert_int_equal(label_of("staff", "code", lower, N(lower), &fired), CLS_PUBLIC);
}

/* `name` is a person where the table holds people, a thing where it holds
 * things, and up to its values where the table says neither. */
static void test_generic_name_by_table(void **state)
{
    (void)state;
    const char *people[] = {"mary", "john", "aisha"};
    const char *songs[] = {"Penny Lane", "Billie Jean", "Sweet Caroline", "Jolene",
                           "Mary Jane", "Peggy Sue"};
    const char *full[] = {"Mary Martin", "John Smith", "Aisha Khan"};
    bool fired;
    assert_int_equal(label_of("customers", "name", people, N(people), &fired), CLS_CONFIDENTIAL);
    assert_int_equal(label_of("crm.Staff_2024", "name", people, N(people), &fired),
                     CLS_CONFIDENTIAL);
    assert_int_equal(label_of("team_members", "title", people, N(people), &fired),
                     CLS_CONFIDENTIAL);
    assert_int_equal(label_of("tracks", "name", songs, N(songs), &fired), CLS_PUBLIC);
    assert_int_equal(label_of("albums", "title", full, N(full), &fired), CLS_PUBLIC);
    assert_int_equal(label_of("CustomerProducts", "name", full, N(full), &fired), CLS_PUBLIC);
    /* A table that says nothing: full names still fire on their values,
     * lone lowercase words do not. */
    assert_int_equal(label_of("t", "name", full, N(full), &fired), CLS_CONFIDENTIAL);
    assert_int_equal(label_of("t", "name", people, N(people), &fired), CLS_PUBLIC);
    /* A column named for people is not generic: the table can't veto it. */
    assert_int_equal(label_of("products", "customer_name", full, N(full), &fired),
                     CLS_CONFIDENTIAL);
}

static void test_table_context_words(void **state)
{
    (void)state;
    const struct cls_detector *d = cls_detector_find("person_name");
    assert_int_equal(cls_column_table_context(d, "customers", "name"), 1);
    assert_int_equal(cls_column_table_context(d, "customer_products", "name"), -1);
    assert_int_equal(cls_column_table_context(d, "product_reviewers", "name"), 1);
    assert_int_equal(cls_column_table_context(d, "sales_2024", "name"), 0);
    assert_int_equal(cls_column_table_context(d, "ProductOwners", "NAME"), 1);
    assert_int_equal(cls_column_table_context(d, "tracks", "composer"), 0);
    assert_int_equal(cls_column_table_context(d, "", "name"), 0);
    assert_int_equal(cls_column_table_context(cls_detector_find("email"), "customers", "name"),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_array_sorted_and_indexed),
        cmocka_unit_test(test_any_case_accents_apostrophes),
        cmocka_unit_test(test_tiny_name_tables),
        cmocka_unit_test(test_generic_name_by_table),
        cmocka_unit_test(test_table_context_words),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
