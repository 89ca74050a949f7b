/* Masking of server and client messages (classify/core/mask.c): the
 * messages PostgreSQL and MariaDB write when a cast or a constraint fails
 * on a value, with values made by the published rules (Luhn, SSN ranges).
 * Each case checks that the raw value is gone and what stays readable. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "classify/engine.h"

static struct cls_engine *engine;

static int setup(void **state)
{
    (void)state;
    struct cls_error err = {0};
    return cls_engine_new(&engine, &err);
}

static int teardown(void **state)
{
    (void)state;
    cls_engine_free(engine);
    return 0;
}

/* Masks msg and checks that none of the gone strings and all of the kept
 * ones are in the result. */
static void expect(const char *msg, const char *const *gone, const char *const *kept)
{
    char *out = NULL;
    assert_int_equal(cls_mask_message(&out, engine, msg), 0);
    for (size_t i = 0; gone && gone[i]; i++)
        if (strstr(out, gone[i]))
            fail_msg("\"%s\" still holds \"%s\"", out, gone[i]);
    for (size_t i = 0; kept && kept[i]; i++)
        if (!strstr(out, kept[i]))
            fail_msg("\"%s\" lost \"%s\"", out, kept[i]);
    free(out);
}

static void card_out_of_range(void **state)
{
    (void)state;
    expect("value \"4929381312860053\" is out of range for type integer",
           (const char *[]){"4929381312860053", "93813128", NULL},
           (const char *[]){"value \"4929", "0053\" is out of range for type integer", NULL});
}

static void ssn_bad_syntax(void **state)
{
    (void)state;
    expect("invalid input syntax for type integer: \"536-22-8174\"",
           (const char *[]){"536-22-8174", "536", NULL},
           (const char *[]){"invalid input syntax for type integer: \"", "8174\"", NULL});
}

/* Two values in one message (a unique violation's detail), spaced card. */
static void two_values(void **state)
{
    (void)state;
    expect("duplicate key; Key (card, ssn)=(4929 3813 1286 0053, 536-22-8174) already exists",
           (const char *[]){"3813 1286", "536-22", NULL},
           (const char *[]){"Key (card, ssn)=(", "already exists", NULL});
}

static void email_in_message(void **state)
{
    (void)state;
    expect("Duplicate entry 'jane.roe@example.org' for key 'email'",
           (const char *[]){"jane.roe@example.org", NULL},
           (const char *[]){"Duplicate entry '", "' for key 'email'", NULL});
}

/* What holds no value is left as it is, host addresses included. */
static void plain_messages_kept(void **state)
{
    (void)state;
    const char *msgs[] = {
        "canceling statement due to lock timeout",
        "connection to server at \"127.0.0.1\", port 5432 failed: Connection refused",
        "relation \"public.orders_2024\" does not exist",
        "",
    };
    for (size_t i = 0; i < sizeof msgs / sizeof *msgs; i++) {
        char *out = NULL;
        assert_int_equal(cls_mask_message(&out, engine, msgs[i]), 0);
        assert_string_equal(out, msgs[i]);
        free(out);
    }
}

/* A random 16-digit number that fails Luhn is no card and stays. */
static void not_a_card_kept(void **state)
{
    (void)state;
    expect("value \"4929381312860054\" is out of range for type integer", NULL,
           (const char *[]){"4929381312860054", NULL});
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(card_out_of_range), cmocka_unit_test(ssn_bad_syntax),
        cmocka_unit_test(two_values),        cmocka_unit_test(email_in_message),
        cmocka_unit_test(plain_messages_kept), cmocka_unit_test(not_a_card_kept),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
