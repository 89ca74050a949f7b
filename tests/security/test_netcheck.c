/* Unit tests of the destination checks (netcheck.c, pg_conn.c) with
 * numeric addresses only, so no name is ever looked up: loopback decided
 * on addresses, the PostgreSQL plan across conninfo, environment, service
 * file and multi-host lists, the TLS keywords forced, and targets that
 * are refused rather than guessed. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sources/db_util.h"
#include "sources/netcheck.h"
#include "sources/pg_conn.h"

static void clear_env(void)
{
    const char *vars[] = {"PGHOST", "PGHOSTADDR", "PGPORT", "PGSSLMODE", "PGSSLROOTCERT",
                          "PGSERVICE", "PGSERVICEFILE", "PGDATABASE", "PGUSER", NULL};
    for (int i = 0; vars[i]; i++)
        unsetenv(vars[i]);
    setenv("HOME", "/nonexistent-classify-home", 1);
}

static void test_loopback_addresses(void **state)
{
    (void)state;
    assert_true(cls_net_addr_is_loopback("127.0.0.1"));
    assert_true(cls_net_addr_is_loopback("127.255.3.4"));
    assert_true(cls_net_addr_is_loopback("::1"));
    assert_true(cls_net_addr_is_loopback("::ffff:127.0.0.1"));
    assert_false(cls_net_addr_is_loopback("127.db.example.com"));   /* a name, not an address */
    assert_false(cls_net_addr_is_loopback("localhost"));
    assert_false(cls_net_addr_is_loopback("203.0.113.10"));
    assert_false(cls_net_addr_is_loopback("::ffff:203.0.113.10"));
    assert_false(cls_net_addr_is_loopback(NULL));
}

/* Builds a plan, or fails the test. */
static void plan_ok(struct cls_pg_plan *p, const char *target)
{
    struct cls_error err = {0};
    int rc = cls_pg_plan_build(p, target, true, &err);
    if (rc != 0)
        fail_msg("%s: %s", target, err.message);
}

static void test_plan_hostaddr_wins(void **state)
{
    (void)state;
    clear_env();
    struct cls_pg_plan p;
    plan_ok(&p, "host=127.0.0.1 hostaddr=203.0.113.10 port=5432 dbname=app");
    assert_false(p.loopback);
    assert_int_equal(p.count, 1);
    assert_string_equal(p.dial[0].addr, "203.0.113.10");
    assert_string_equal(p.display, "postgresql://203.0.113.10:5432/app");
    cls_pg_plan_clear(&p);
    plan_ok(&p, "postgresql://127.0.0.1:5432/app");
    assert_true(p.loopback);
    cls_pg_plan_clear(&p);
}

static void test_plan_environment_and_service(void **state)
{
    (void)state;
    clear_env();
    struct cls_pg_plan p;
    setenv("PGHOST", "203.0.113.10", 1);
    plan_ok(&p, "dbname=app");
    assert_false(p.loopback);
    assert_string_equal(p.display, "postgresql://203.0.113.10/app");
    cls_pg_plan_clear(&p);
    setenv("PGHOST", "localhost", 1);
    setenv("PGHOSTADDR", "203.0.113.10", 1);
    plan_ok(&p, "dbname=app");
    assert_false(p.loopback);
    cls_pg_plan_clear(&p);
    /* The target's own host beats the environment. */
    plan_ok(&p, "host=127.0.0.1 hostaddr=127.0.0.1 dbname=app");
    assert_true(p.loopback);
    cls_pg_plan_clear(&p);
    clear_env();
    char path[] = "/tmp/classify-svc-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("# test\n[other]\nhost=127.0.0.1\n[rogue]\nhost = 203.0.113.10\nsslmode=disable\n", f);
    fclose(f);
    setenv("PGSERVICEFILE", path, 1);
    plan_ok(&p, "service=rogue dbname=app");
    assert_false(p.loopback);
    assert_string_equal(p.sslmode, "disable");
    cls_pg_plan_clear(&p);
    plan_ok(&p, "service=other dbname=app");
    assert_true(p.loopback);
    cls_pg_plan_clear(&p);
    remove(path);
    clear_env();
}

static void test_plan_multi_host(void **state)
{
    (void)state;
    clear_env();
    struct cls_pg_plan p;
    plan_ok(&p, "host=127.0.0.1,203.0.113.10 port=5432,5433 dbname=app");
    assert_false(p.loopback);
    assert_int_equal(p.count, 2);
    assert_string_equal(p.dial[1].addr, "203.0.113.10");
    assert_string_equal(p.dial[1].port, "5433");
    cls_pg_plan_clear(&p);
    plan_ok(&p, "host=/tmp,127.0.0.2 dbname=app");
    assert_true(p.loopback);
    cls_pg_plan_clear(&p);
    struct cls_error err = {0};
    assert_int_equal(cls_pg_plan_build(&p, "host=a,b hostaddr=127.0.0.1 dbname=x", true, &err),
                     CLS_EUSAGE);
    assert_int_equal(cls_pg_plan_build(&p, "hostaddr=db.example.com", true, &err), CLS_EUSAGE);
}

static void test_plan_refuses_unencoded_at(void **state)
{
    (void)state;
    clear_env();
    struct cls_pg_plan p;
    struct cls_error err = {0};
    assert_int_equal(cls_pg_plan_build(&p, "postgresql://scanner:Zq9@secret-PW@127.0.0.1/app",
                                       false, &err), CLS_EUSAGE);
    assert_null(strstr(err.message, "secret"));
    assert_null(strstr(err.message, "Zq9"));
    assert_non_null(strstr(err.message, "%40"));
    assert_int_equal(cls_pg_plan_build(&p, "postgres://u:a/b@127.0.0.1/app", false, &err),
                     CLS_EUSAGE);
    plan_ok(&p, "postgresql://scanner:Zq9%40secret@127.0.0.1/app?sslrootcert=/x@y");
    assert_true(p.loopback);
    assert_null(strstr(p.display, "secret"));
    cls_pg_plan_clear(&p);
    /* An '@' in a query value with no ':' before it cannot end a USER:PW. */
    plan_ok(&p, "postgresql://127.0.0.1/app?user=sa@example.iam&sslrootcert=/x%40y");
    cls_pg_plan_clear(&p);
    /* A user name with an unencoded '@', '/' or '?' ends libpq's userinfo
     * early and leaves "USER:PW@" in the query, where the database or user
     * shown would carry the password (fuzz_target's finding): refused. */
    static const char *const early_end[] = {
        "postgresql://@?dbname=e:Zq9secret@",
        "postgresql://a@?dbname=e:Zq9secret@127.0.0.1",
        "postgresql://a:b@?dbname=e:Zq9secret@127.0.0.1",
        "postgresql://a/?dbname=b:Zq9secret@127.0.0.1",
        "postgres://a@?user=b:Zq9secret@127.0.0.1",
        "postgresql://a@127.0.0.1/app?application_name=b:Zq9secret@x",
        /* The userinfo's '@' encoded or left out: libpq decodes the rest
         * into a host and a port, which would be shown. */
        "postgresql://alice:Zq9secret/app",
        "postgresql://alice:Zq9%40secret%40db.example.com/app",
        "postgresql://alice%3AZq9secret%40db.example.com/app",
        "host=alice@Zq9secret dbname=app",
        "host=127.0.0.1,127.0.0.2 port=5432,Zq9secret dbname=app",
    };
    for (size_t i = 0; i < sizeof early_end / sizeof *early_end; i++) {
        assert_int_equal(cls_pg_plan_build(&p, early_end[i], false, &err), CLS_EUSAGE);
        assert_null(strstr(err.message, "Zq9"));
        char *shown = cls_db_redact_target(early_end[i]);
        assert_non_null(shown);
        assert_null(strstr(shown, "Zq9"));
        free(shown);
    }
}

/* The value forced for key, or NULL. */
static const char *forced(const char **keys, const char **vals, int n, const char *key)
{
    const char *v = NULL;
    for (int i = 0; i < n; i++)
        if (strcmp(keys[i], key) == 0)
            v = vals[i];
    return v;
}

static void test_params_tls_rule(void **state)
{
    (void)state;
    clear_env();
    struct cls_pg_plan p;
    struct cls_error err = {0};
    struct cls_source_options o = {0};
    const char *keys[8], *vals[8];
    int n = 0, need = 0;
    plan_ok(&p, "host=db hostaddr=203.0.113.10 dbname=app");
    assert_int_equal(cls_pg_plan_params(&p, &o, keys, vals, &n, &need, &err), 0);
    assert_int_equal(need, CLS_TLS_VERIFY);
    assert_string_equal(forced(keys, vals, n, "sslmode"), "verify-full");
    assert_string_equal(forced(keys, vals, n, "sslrootcert"), cls_net_system_ca());
    assert_string_equal(forced(keys, vals, n, "hostaddr"), "203.0.113.10");
    assert_string_equal(forced(keys, vals, n, "host"), "db");
    o.tls_no_verify = 1, n = 0;
    assert_int_equal(cls_pg_plan_params(&p, &o, keys, vals, &n, &need, &err), 0);
    assert_string_equal(forced(keys, vals, n, "sslmode"), "require");
    o.iam_auth = 1, n = 0;
    assert_int_equal(cls_pg_plan_params(&p, &o, keys, vals, &n, &need, &err), CLS_EUSAGE);
    o.iam_auth = 0, o.tls_no_verify = 0, o.allow_plaintext = 1, n = 0;
    assert_int_equal(cls_pg_plan_params(&p, &o, keys, vals, &n, &need, &err), 0);
    assert_null(forced(keys, vals, n, "sslmode"));
    cls_pg_plan_clear(&p);

    o.allow_plaintext = 0, n = 0;
    plan_ok(&p, "hostaddr=203.0.113.10 sslmode=disable dbname=app");
    assert_int_equal(cls_pg_plan_params(&p, &o, keys, vals, &n, &need, &err), CLS_EUSAGE);
    assert_non_null(strstr(err.message, "--allow-plaintext"));
    cls_pg_plan_clear(&p);

    n = 0;
    plan_ok(&p, "host=127.0.0.1 sslmode=disable dbname=app");
    assert_int_equal(cls_pg_plan_params(&p, &o, keys, vals, &n, &need, &err), 0);
    assert_int_equal(need, CLS_TLS_AS_ASKED);
    assert_null(forced(keys, vals, n, "sslmode"));
    cls_pg_plan_clear(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loopback_addresses),
        cmocka_unit_test(test_plan_hostaddr_wins),
        cmocka_unit_test(test_plan_environment_and_service),
        cmocka_unit_test(test_plan_multi_host),
        cmocka_unit_test(test_plan_refuses_unencoded_at),
        cmocka_unit_test(test_params_tls_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
