/* The database helpers that keep passwords out of output: client messages
 * are scrubbed and folded to one line, targets are printed without user,
 * password or query, command-line passwords are noticed, and the report's
 * `targets` array survives a JSON round trip. */
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

#include "classify/report.h"
#include "classify/scan.h"
#include "report/targets.h"
#include "sources/db_util.h"

/* strdup with a failure on demand: call number fail_at returns NULL. Only
 * this program sees it (the executable's definition wins). */
static unsigned long strdup_calls, fail_at;

char *strdup(const char *s)
{
    if (fail_at && ++strdup_calls == fail_at)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    return d ? memcpy(d, s, n) : NULL;
}

static void test_scrub(void **state)
{
    (void)state;
    struct cls_error err;
    cls_db_error(&err, CLS_ESOURCE, "s3cr3t!", "postgresql://h:5432/db",
                 "FATAL:  bad login s3cr3t! for s3cr3t!x\nDETAIL:  more\n");
    assert_int_equal(err.code, CLS_ESOURCE);
    assert_null(strstr(err.message, "s3cr3t"));
    assert_string_equal(err.message, "postgresql://h:5432/db: FATAL:  bad login ******** "
                                     "for ********x; DETAIL:  more");
    cls_db_error(&err, CLS_ESOURCE, NULL, NULL, "plain\n");
    assert_string_equal(err.message, "plain");
    cls_db_error(&err, CLS_ESOURCE, "", NULL, NULL);
    assert_string_equal(err.message, "unknown error");
}

static void expect_redacted(const char *target, const char *want)
{
    char *got = cls_db_redact_target(target);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_redact(void **state)
{
    (void)state;
    expect_redacted("postgresql://u:pw@db.example.com:5433/shop?sslmode=require",
                    "postgresql://db.example.com:5433/shop");
    expect_redacted("postgres://u@10.0.0.1/shop", "postgresql://10.0.0.1/shop");
    expect_redacted("host=db port=6543 dbname=x user=u password=pw",
                    "postgresql://db:6543/x");
    expect_redacted("postgresql://u:pw@[::1]:5432/d", "postgresql://[::1]:5432/d");
    expect_redacted("mysql://u:p%40ss@db.example.com:3306/app?ssl-ca=/ca.pem",
                    "mysql://db.example.com:3306/app");
    expect_redacted("mysql://db.example.com", "mysql://db.example.com");
    expect_redacted("data/customers.csv", "data/customers.csv");
}

/* A password with an unencoded '/', '?', '#' or '@' never shows: the
 * userinfo ends at the last '@', and when two readings are possible no
 * part of the target is shown. */
static void test_redact_special_password(void **state)
{
    (void)state;
    expect_redacted("mysql://scanner:Hunter2/xyz@127.0.0.1:1/app", "mysql://127.0.0.1:1/app");
    expect_redacted("mysql://scanner:Hu#nter2@127.0.0.1:1/app", "mysql://127.0.0.1:1/app");
    expect_redacted("mysql://scanner:Hu?nt=er2@127.0.0.1:1/app?ssl=1",
                    "mysql://127.0.0.1:1/app");
    expect_redacted("mysql://scanner:Hu@nt/er2@db:3306/app", "mysql://(unparsable target)");
    expect_redacted("mysql://scanner:pw@db/app?ssl-ca=/etc/a@b.pem",
                    "mysql://(unparsable target)");
    /* An '@' in the path of a target without a password stays readable. */
    expect_redacted("mysql://scanner@db:3306/app?ssl-ca=/etc/a@b.pem", "mysql://db:3306/app");
    expect_redacted("mysql://db/app?ssl-ca=/etc/a@b.pem", "mysql://db/app");
    /* A user name holding a "/" before "user:password@": never guessed (fuzz_target). */
    expect_redacted("mysql://r/ot:Hunter2@h/db", "mysql://(unparsable target)");
    expect_redacted("password=Hunter2 dbname=x://y", "postgresql://localhost/x://y");
    expect_redacted("mariadb://u:p/w@[::1]:3306/app", "mariadb://[::1]:3306/app");
    const char *at;
    assert_int_equal(cls_db_uri_userinfo("u:a/b@h/d", &at), 0);
    assert_string_equal(at, "@h/d");
    assert_int_equal(cls_db_uri_userinfo("h/d", &at), 0);
    assert_null(at);
    assert_int_equal(cls_db_uri_userinfo("u:a@b/c@h/d", &at), -1);
}

static void test_has_password(void **state)
{
    (void)state;
    assert_true(cls_db_target_has_password("postgresql://u:pw@h/db"));
    assert_true(cls_db_target_has_password("host=h password=pw dbname=d"));
    assert_true(cls_db_target_has_password("mysql://u:pw@h/db"));
    assert_false(cls_db_target_has_password("postgresql://u@h/db"));
    assert_false(cls_db_target_has_password("mysql://u@h:3306/db?ssl=1"));
    assert_false(cls_db_target_has_password("file:with:colons.csv"));
    assert_true(cls_db_target_has_password("mysql://scanner:Hunter2/xyz@127.0.0.1:1/app"));
    assert_true(cls_db_target_has_password("mysql://scanner:Hu#nter2@127.0.0.1:1/app"));
    assert_true(cls_db_target_has_password("mysql://scanner:Hu?x@127.0.0.1:1/app"));
    assert_true(cls_db_target_has_password("mysql://u:a@b/c@h/d"));
    assert_false(cls_db_target_has_password("mysql://u@h/d?ssl-ca=/c:/a@b.pem"));
}

static void test_decode(void **state)
{
    (void)state;
    char *d = cls_db_percent_decode("p%40ss%2Fw", 10);
    assert_string_equal(d, "p@ss/w");
    free(d);
    assert_null(cls_db_percent_decode("bad%4", 5));
    assert_null(cls_db_percent_decode("nul%00", 6));
}

static void test_targets_round_trip(void **state)
{
    (void)state;
    struct cls_report *r, *back;
    struct cls_error err;
    struct cls_source_info in = {
        .engine = "postgresql", .server_version = "15.5", .tls = 1,
        .tls_version = "TLSv1.3", .tls_cipher = "TLS_AES_256_GCM_SHA384",
        .server_requires_tls = -1,
    };
    assert_int_equal(cls_report_new(&r), 0);
    cls_report_stamp(&r->started_at);
    cls_report_stamp(&r->finished_at);
    assert_int_equal(cls_scan_record_target(r, "postgresql://h:5432/db", &in), 0);
    char path[] = "/tmp/classify-db-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(cls_report_write_json(r, path, &err), 0);
    assert_int_equal(cls_report_read_json(&back, path, &err), 0);
    unlink(path);
    assert_int_equal(back->target_count, 1);
    assert_string_equal(back->targets[0].tls_version, "TLSv1.3");
    assert_true(back->targets[0].tls);
    assert_int_equal(back->targets[0].server_requires_tls, -1);
    cls_report_free(r);
    cls_report_free(back);
}

/* A sized type fits when its length is 1..max; anything else does not. */
static void test_type_length_fits(void **state)
{
    (void)state;
    static const char *const pg[] = {"character varying(", "character("};
    assert_true(cls_db_type_length_fits("character varying(4096)", pg, 2, 4096));
    assert_true(cls_db_type_length_fits("character(1)", pg, 2, 4096));
    assert_false(cls_db_type_length_fits("character varying(4097)", pg, 2, 4096));
    assert_false(cls_db_type_length_fits("character varying", pg, 2, 4096));
    assert_false(cls_db_type_length_fits("character varying(10)[]", pg, 2, 4096));
    assert_false(cls_db_type_length_fits("character(0)", pg, 2, 4096));
    assert_false(cls_db_type_length_fits("character(-1)", pg, 2, 4096));
    assert_false(cls_db_type_length_fits("character( 5)", pg, 2, 4096));
    assert_false(cls_db_type_length_fits("character(99999999999999999999)", pg, 2, 4096));
    assert_false(cls_db_type_length_fits("text", pg, 2, 4096));
    static const char *const my[] = {"varchar(", "char("};
    assert_true(cls_db_type_length_fits("varchar(64)", my, 2, 4096));
    assert_true(cls_db_type_length_fits("char(32)", my, 2, 4096));
    assert_false(cls_db_type_length_fits("varchar(6000)", my, 2, 4096));
    assert_false(cls_db_type_length_fits("varbinary(16)", my, 2, 4096));
    assert_false(cls_db_type_length_fits("char(", my, 2, 4096));
}

/* Every report a scan hands back is whole, whichever strdup fails: a failed
 * copy is CLS_ENOMEM, never a table with a NULL source or name (which the
 * report writers would pass to strcmp). */
static void test_scan_strdup_failures(void **state)
{
    (void)state;
    char dir[] = "/tmp/classify-oom-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/people.csv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("id,email,note\n1,a@example.com,x\n2,b@example.org,y\n", f);
    fclose(f);
    const char *targets[] = {path};
    struct cls_scan_options opts = {.sample_rows = 10, .seeded = true};
    unsigned long total = 0, failed = 0;
    for (unsigned long k = 1;; k++) {
        struct cls_report *r = NULL;
        struct cls_error err = {0};
        strdup_calls = 0;
        fail_at = k;
        int rc = cls_scan_run(&r, targets, 1, &opts, &err);
        fail_at = 0;
        if (rc < 0) {
            assert_int_equal(rc, CLS_ENOMEM);
            failed++;
            continue;
        }
        for (size_t t = 0; t < r->table_count; t++) {
            const struct cls_table_report *tr = &r->tables[t];
            assert_non_null(tr->source);
            assert_non_null(tr->database);
            assert_non_null(tr->schema);
            assert_non_null(tr->table);
            for (size_t c = 0; c < tr->column_count; c++)
                assert_non_null(tr->columns[c].column);
        }
        cls_report_free(r);
        if (strdup_calls < k)
            break;                     /* no call failed: every one was tried */
        total = k;
    }
    print_message("strdup calls tried: %lu, runs failed: %lu\n", total, failed);
    assert_true(total > 0);
    assert_true(failed > 0);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scrub),
        cmocka_unit_test(test_redact),
        cmocka_unit_test(test_redact_special_password),
        cmocka_unit_test(test_has_password),
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_targets_round_trip),
        cmocka_unit_test(test_type_length_fits),
        cmocka_unit_test(test_scan_strdup_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
