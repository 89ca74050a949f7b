/* The JSON Schema checker the report reader uses (report/schema_check.c):
 * it takes the built-in report schema whole, names a misfit by its JSON
 * path without quoting the value, and refuses a schema keyword it does not
 * know rather than check less than the schema says. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "report/schema_check.h"

static const char minimal[] =
    "{\"format\": \"classify-report/1\", \"tables\": [], \"errors\": [],"
    " \"run\": {\"started_at\": \"\", \"finished_at\": \"\", \"tool_version\": \"\","
    " \"policy_sha256\": \"\", \"sample_rows\": 0, \"complete\": true}}";

static int check_text(const char *schema, const char *doc, struct cls_error *err)
{
    json_t *d = json_loads(doc, 0, NULL);
    assert_non_null(d);
    int rc = cls_schema_check(schema, d, err);
    json_decref(d);
    return rc;
}

static void test_builtin_schema_takes_a_minimal_report(void **state)
{
    (void)state;
    struct cls_error err = {0};
    assert_int_equal(check_text(cls_report_schema_text, minimal, &err), 0);
}

static void test_misfit_named_by_path_without_the_value(void **state)
{
    (void)state;
    struct cls_error err = {0};
    const char *doc =
        "{\"format\": \"classify-report/1\", \"errors\": [],"
        " \"run\": {\"started_at\": \"\", \"finished_at\": \"\", \"tool_version\": \"\","
        " \"policy_sha256\": \"\", \"sample_rows\": 0, \"complete\": true},"
        " \"tables\": [{\"source\": \"a\", \"database\": \"\", \"schema\": \"\","
        " \"table\": \"t\", \"rows_estimated\": null, \"rows_sampled\": 1,"
        " \"label\": \"Public\", \"columns\": [{\"column\": \"c\", \"data_type\": \"\","
        " \"label\": \"Public\", \"values_sampled\": \"4111111111111111\","
        " \"values_non_null\": 0, \"findings\": [], \"reasons\": []}]}]}";
    assert_int_equal(check_text(cls_report_schema_text, doc, &err), CLS_EPARSE);
    assert_string_equal(err.message,
                        "$.tables[0].columns[0].values_sampled: expected integer, found string");
    assert_null(strstr(err.message, "4111"));
}

static void test_unknown_keyword_refused(void **state)
{
    (void)state;
    struct cls_error err = {0};
    const char *schema = "{\"type\": \"object\", \"properties\": {\"a\":"
                         " {\"type\": \"string\", \"maxLength\": 3}}}";
    assert_int_equal(check_text(schema, "{}", &err), CLS_ERR);
    assert_non_null(strstr(err.message, "maxLength"));
}

static void test_type_lists_refs_and_enums(void **state)
{
    (void)state;
    struct cls_error err = {0};
    const char *schema = "{\"$defs\": {\"n\": {\"type\": [\"integer\", \"null\"]}},"
                         " \"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/n\"}}";
    assert_int_equal(check_text(schema, "[1, null, 3]", &err), 0);
    assert_int_equal(check_text(schema, "[1, null, true]", &err), CLS_EPARSE);
    assert_string_equal(err.message, "$[2]: not of any type allowed here, found boolean");
    const char *e = "{\"properties\": {\"k\": {\"enum\": [\"x\", \"y\"]}}, \"required\": [\"k\"]}";
    assert_int_equal(check_text(e, "{\"k\": \"y\"}", &err), 0);
    assert_int_equal(check_text(e, "{\"k\": \"z\"}", &err), CLS_EPARSE);
    assert_int_equal(check_text(e, "{}", &err), CLS_EPARSE);
    assert_string_equal(err.message, "$: \"k\" is missing");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_schema_takes_a_minimal_report),
        cmocka_unit_test(test_misfit_named_by_path_without_the_value),
        cmocka_unit_test(test_unknown_keyword_refused),
        cmocka_unit_test(test_type_lists_refs_and_enums),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
