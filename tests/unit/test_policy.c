/* The policy: the built-in text parses and hashes like a file, errors
 * point at file:line:column, patterns match from the right, and the hooks
 * apply name rules, combinations, declared labels and renamed levels to a
 * decided table. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "classify/detector.h"
#include "classify/engine.h"
#include "policy/apply.h"
#include "policy/policy.h"
#include "policy/yaml.h"
#include "util/util.h"

static struct cls_policy *parse_ok(const char *text)
{
    struct cls_policy *p = NULL;
    struct cls_error err = {0};
    int rc = cls_policy_parse(&p, "t.yaml", text, strlen(text), &err);
    if (rc != 0)
        fail_msg("unexpected error: %s", err.message);
    return p;
}

static void expect_error(const char *text, const char *message)
{
    struct cls_policy *p = NULL;
    struct cls_error err = {0};
    assert_int_equal(cls_policy_parse(&p, "t.yaml", text, strlen(text), &err), CLS_EPARSE);
    assert_null(p);
    if (strstr(err.message, message) == NULL)
        fail_msg("expected \"%s\" in \"%s\"", message, err.message);
}

static void test_builtin_is_its_own_text(void **state)
{
    (void)state;
    struct cls_policy *p = NULL;
    struct cls_error err = {0};
    char sha[65];
    assert_int_equal(cls_policy_builtin(&p, &err), 0);
    cls_policy_default_sha256(sha);
    assert_string_equal(p->sha256, sha);
    assert_int_equal(p->level_count, 4);
    assert_string_equal(p->levels[3], "Secret");
    assert_string_equal(p->levels[0], "Public");
    /* Every registered detector keeps its built-in label. */
    for (size_t i = 0; i < cls_detector_count; i++)
        assert_int_equal(cls_policy_detector_level(p, cls_detectors[i]->id),
                         (int)cls_detectors[i]->label);
    cls_policy_free(p);
}

static void test_errors_name_line_and_column(void **state)
{
    (void)state;
    expect_error("levels: [A, B]\ndetectors:\n  credit_card: Secret\n",
                 "t.yaml:3:16: unknown level 'Secret' (the levels are: A, B)");
    expect_error("version: 1\nfoo: bar\n", "t.yaml:2:1: unknown key 'foo'");
    expect_error("detectors:\n  nosuch: Secret\n", "t.yaml:2:3: unknown detector 'nosuch'");
    expect_error("detectors:\n  email: {min_prevalence: 1.5}\n",
                 "t.yaml:2:27: min_prevalence: expected a fraction from 0 to 1");
    expect_error("detectors:\n  email: {min_count: 0}\n", "t.yaml:2:22: min_count");
    expect_error("levels: [A, B\n", "t.yaml:2:1: did not find expected ',' or ']'");
    expect_error("levels: [Only]\n", "t.yaml:1:9: levels: expected 2 to 8 levels");
    expect_error("levels: [A, a]\n", "t.yaml:1:13: level 'a' appears twice");
    expect_error("version: 1\n---\nversion: 1\n",
                 "t.yaml:2:1: a second YAML document: a policy is one document");
    /* Block nesting counts as flow nesting does (one loader, util/yaml_doc.c). */
    char deep[2048] = "columns:\n";
    for (int i = 1; i <= 34; i++)
        snprintf(deep + strlen(deep), sizeof deep - strlen(deep), "%*s- x%d:\n", 2 * i, "", i);
    expect_error(deep, "nested deeper than 32 levels");
    expect_error("columns:\n  - match: \"a.b.c.d\"\n    level: Secret\n",
                 "t.yaml:2:12: pattern 'a.b.c.d'");
    expect_error("columns:\n  - match: \"*.ssn\"\n", "t.yaml:2:5: column rule '*.ssn' needs");
    expect_error("exclude:\n  columns: [\"a..b\"]\n", "t.yaml:2:13: pattern 'a..b': empty name");
    expect_error("detectors:\n  email: Secret\n  email: Public\n",
                 "t.yaml:3:3: duplicate key 'email'");
    expect_error("combinations:\n  - {detectors: [email], level: Secret}\n",
                 "a combination needs 2 to 32 detectors");
    expect_error("version: 2\n", "t.yaml:1:10: version");
    expect_error("", "t.yaml:1:1: empty policy");
    expect_error("- a\n- b\n", "the policy: expected a mapping");
}

static void test_patterns_match_from_the_right(void **state)
{
    (void)state;
    struct cls_policy *p = parse_ok("exclude:\n"
                                    "  tables: [\"audit.*\", \"tmp_*\"]\n"
                                    "  columns: [\"*.ssn\", \"billing.*.card*\", \"notes\"]\n");
    assert_int_equal(p->exclude_table_count, 2);
    assert_true(cls_policy_pattern_match(&p->exclude_tables[0], "audit", "log", NULL));
    assert_false(cls_policy_pattern_match(&p->exclude_tables[0], "public", "audit", NULL));
    assert_true(cls_policy_pattern_match(&p->exclude_tables[1], "public", "TMP_x", NULL));
    assert_true(cls_policy_pattern_match(&p->exclude_columns[0], "s", "people", "SSN"));
    assert_false(cls_policy_pattern_match(&p->exclude_columns[0], "s", "people", "ssn2"));
    assert_true(cls_policy_pattern_match(&p->exclude_columns[1], "billing", "orders",
                                         "card_no"));
    assert_false(cls_policy_pattern_match(&p->exclude_columns[1], "public", "orders",
                                          "card_no"));
    assert_true(cls_policy_pattern_match(&p->exclude_columns[2], "", "x", "notes"));
    /* A column pattern never matches a table, a 3-part one needs a schema
     * part (empty for a CSV file, which "*" matches). */
    assert_false(cls_policy_pattern_match(&p->exclude_columns[1], "", "orders", NULL));
    assert_false(cls_policy_pattern_match(&p->exclude_columns[1], "", "orders", "card"));
    cls_policy_free(p);
}

/* A decided table as scan.c hands it to after_table. */
static struct cls_table_report *table_with(size_t n)
{
    struct cls_table_report *t = calloc(1, sizeof *t);
    t->source = strdup("db.csv");
    t->database = strdup("");
    t->schema = strdup("");
    t->table = strdup("people");
    t->columns = calloc(n, sizeof *t->columns);
    t->column_count = n;
    return t;
}

static void set_column(struct cls_column_report *c, const char *name, const char *fired,
                       enum cls_label label)
{
    c->column = strdup(name);
    c->data_type = strdup("text");
    c->label = label;
    c->values_non_null = 10;
    if (fired) {
        c->findings = calloc(1, sizeof *c->findings);
        c->finding_count = 1;
        c->findings[0].detector = strdup(fired);
        c->findings[0].basis = strdup("values");
        c->findings[0].fired = true;
        c->findings[0].matches = 10;
        cls_column_add_reason(c, "%s in 100.0%% of 10 values -> %s", fired,
                              cls_label_name(label));
    }
}

static void free_table(struct cls_table_report *t)
{
    struct cls_report *r;
    assert_int_equal(cls_report_new(&r), 0);
    r->tables = t;
    r->table_count = 1;
    cls_report_free(r);
}

static void test_hooks_apply_rules(void **state)
{
    (void)state;
    struct cls_policy *p = parse_ok(
        "levels: [Restricted, Internal, Open]\n"
        "detectors: {email: Internal, person_name: Internal, date_of_birth: Internal}\n"
        "columns:\n  - {match: \"*.tax_id\", level: Restricted}\n"
        "declared:\n  tables: {people: Internal}\n  columns: {\"people.mail\": Open}\n"
        "combinations:\n  - {name: qi, detectors: [person_name, date_of_birth], level: "
        "Restricted}\n");
    struct cls_policy_run *run = NULL;
    struct cls_scan_options opts = {0};
    assert_int_equal(cls_policy_run_new(&run, p), 0);
    cls_policy_run_install(run, &opts);
    struct cls_table_report *t = table_with(4);
    set_column(&t->columns[0], "mail", "email", (enum cls_label)1);
    set_column(&t->columns[1], "name", "person_name", (enum cls_label)1);
    set_column(&t->columns[2], "born", "date_of_birth", (enum cls_label)1);
    set_column(&t->columns[3], "tax_id", NULL, (enum cls_label)0);
    opts.after_table(opts.hook_user, t);
    assert_int_equal(t->columns[3].label, 2);            /* name rule */
    assert_int_equal(t->label, 2);
    assert_int_equal(t->reason_count, 1);                /* the combination */
    assert_non_null(strstr(t->reasons[0], "combination \"qi\""));
    /* The built-in name of rank 1 in column.c's reason became Internal. */
    assert_string_equal(t->columns[0].reasons[0], "email in 100.0% of 10 values -> Internal");
    assert_true(opts.exclude(opts.hook_user, "", "x", NULL) == false);
    struct cls_report *r;
    assert_int_equal(cls_report_new(&r), 0);
    assert_int_equal(cls_policy_run_finish(run, r), 0);
    assert_int_equal(r->violation_count, 2);             /* the table and people.mail */
    assert_string_equal(r->violations[0].column, "");
    assert_string_equal(r->violations[1].column, "mail");
    assert_int_equal(r->level_count, 3);
    assert_string_equal(cls_report_label_name(r, (enum cls_label)2), "Restricted");
    assert_string_equal(r->policy_sha256, p->sha256);
    assert_true(r->policy_rule_count > 3);
    cls_report_free(r);
    free_table(t);
    cls_policy_run_free(run);
    cls_policy_free(p);
}

static void test_engine_params_follow_the_policy(void **state)
{
    (void)state;
    struct cls_policy *p = parse_ok("levels: [Confidential, Nonconfidential]\n"
                                    "detectors:\n"
                                    "  email: {min_count: 7, min_prevalence: 0.25}\n"
                                    "  us_ssn: {enabled: false}\n");
    struct cls_policy_run *run = NULL;
    struct cls_scan_options opts = {0};
    struct cls_engine *engine = NULL;
    struct cls_error err;
    assert_int_equal(cls_engine_new(&engine, &err), 0);
    assert_int_equal(cls_policy_run_new(&run, p), 0);
    cls_policy_run_install(run, &opts);
    opts.engine_ready(opts.hook_user, engine);
    for (size_t i = 0; i < cls_engine_detector_count(engine); i++) {
        const char *id = cls_engine_detector(engine, i)->id;
        const struct cls_detector_params *pr = cls_engine_params(engine, i);
        /* Two levels: everything that is not Nonconfidential by name is
         * the top level, never silently the bottom one. */
        assert_int_equal(pr->label, 1);
        if (strcmp(id, "email") == 0) {
            assert_int_equal(pr->min_count, 7);
            assert_true(pr->min_ratio > 0.249 && pr->min_ratio < 0.251);
        }
        if (strcmp(id, "us_ssn") == 0)
            assert_false(pr->enabled);
    }
    cls_engine_free(engine);
    cls_policy_run_free(run);
    cls_policy_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_is_its_own_text),
        cmocka_unit_test(test_errors_name_line_and_column),
        cmocka_unit_test(test_patterns_match_from_the_right),
        cmocka_unit_test(test_hooks_apply_rules),
        cmocka_unit_test(test_engine_params_follow_the_policy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
