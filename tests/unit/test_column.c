/* The column decision: random 16-digit order ids are not card numbers, a
 * notes column where 2% of rows mention a card is, and the Wilson interval
 * behaves at its edges; column names as supporting and counter evidence,
 * the other evidence against a finding, the protection state and the rule
 * of three. Data is generated here from a fixed seed. */
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

static uint64_t rng = 42;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static struct cls_finding *finding(struct cls_column_report *c, const char *id)
{
    for (size_t i = 0; i < c->finding_count; i++)
        if (strcmp(c->findings[i].detector, id) == 0)
            return &c->findings[i];
    return NULL;
}

static void decide_named(const char *column, const char *type, const char *const *values,
                         size_t n, struct cls_column_report *col)
{
    struct cls_column_acc *acc;
    struct cls_column_ctx ctx = {.table = "t", .column = column, .data_type = type};
    assert_int_equal(cls_column_acc_new(&acc, engine, &ctx), 0);
    for (size_t i = 0; i < n; i++)
        cls_column_acc_add(acc, scanner, values[i], values[i] ? strlen(values[i]) : 0);
    memset(col, 0, sizeof *col);
    assert_int_equal(cls_column_acc_decide(acc, col), 0);
    cls_column_acc_free(acc);
}

static void decide(const char *const *values, size_t n, struct cls_column_report *col)
{
    decide_named("c", "text", values, n, col);
}

/* True when some reason of the column contains text. */
static bool reason_has(const struct cls_column_report *c, const char *text)
{
    for (size_t i = 0; i < c->reason_count; i++)
        if (strstr(c->reasons[i], text))
            return true;
    return false;
}

static void test_random_order_ids_are_public(void **state)
{
    (void)state;
    enum { N = 1000 };
    static char buf[N][20];
    const char *vals[N];
    for (int i = 0; i < N; i++) {
        /* Leading 4 or 5: inside Visa and Mastercard ranges, the worst case. */
        snprintf(buf[i], sizeof buf[i], "%d%015llu", 4 + (int)(next() % 2),
                 (unsigned long long)(next() % 1000000000000000ULL));
        vals[i] = buf[i];
    }
    struct cls_column_report col;
    decide(vals, N, &col);
    struct cls_finding *f = finding(&col, "credit_card");
    assert_non_null(f);                 /* some pass Luhn by chance ... */
    assert_true(f->matches > 20);
    assert_false(f->fired);             /* ... but the column is not cards */
    assert_int_equal(col.label, CLS_PUBLIC);
    cls_column_report_clear(&col);
}

static void test_notes_with_two_percent_cards_are_secret(void **state)
{
    (void)state;
    enum { N = 500 };
    static char buf[N][128];
    const char *vals[N];
    for (int i = 0; i < N; i++) {
        if (i % 50 == 3)
            snprintf(buf[i], sizeof buf[i], "customer read card 4242 4242 4242 4242 on call %d", i);
        else
            snprintf(buf[i], sizeof buf[i], "parcel %d delayed at depot, ref %llu", i,
                     (unsigned long long)(next() % 100000000ULL));
        vals[i] = buf[i];
    }
    struct cls_column_report col;
    decide(vals, N, &col);
    struct cls_finding *f = finding(&col, "credit_card");
    assert_non_null(f);
    assert_int_equal(f->matches, 10);
    assert_true(f->fired);
    assert_int_equal(col.label, CLS_SECRET);
    assert_string_equal(f->evidence[0], "4242 **** **** 4242");
    cls_column_report_clear(&col);
}

static void test_nulls_and_single_match(void **state)
{
    (void)state;
    const char *vals[] = {NULL, NULL, "jane@example.com", "hello", NULL};
    struct cls_column_report col;
    decide(vals, 5, &col);
    assert_int_equal(col.values_sampled, 5);
    assert_int_equal(col.values_non_null, 2);
    struct cls_finding *f = finding(&col, "email");
    assert_non_null(f);
    assert_false(f->fired);             /* one match is below min_count */
    assert_int_equal(col.label, CLS_PUBLIC);
    cls_column_report_clear(&col);
}

static void test_wilson(void **state)
{
    (void)state;
    double lo, hi;
    cls_wilson(0, 0, &lo, &hi);
    assert_true(lo == 0.0 && hi == 1.0);
    cls_wilson(0, 100, &lo, &hi);
    assert_true(lo < 1e-12 && hi > 0.03 && hi < 0.04);
    cls_wilson(50, 100, &lo, &hi);
    assert_true(lo > 0.40 && lo < 0.41 && hi > 0.59 && hi < 0.60);
    cls_wilson(100, 100, &lo, &hi);
    assert_true(hi == 1.0 && lo > 0.96);
}

/* An empty new table is not silently Public: the name alone decides. */
static void test_empty_named_column_fires_on_name(void **state)
{
    (void)state;
    const char *vals[] = {NULL, NULL, NULL};
    struct cls_column_report col;
    decide_named("ssn", "text", vals, 3, &col);
    struct cls_finding *f = finding(&col, "us_ssn");
    assert_non_null(f);
    assert_string_equal(f->basis, "name");
    assert_true(f->fired);
    assert_int_equal(col.label, CLS_PROTECTED);
    assert_true(col.missed_upper == 0.0);     /* no values: nothing to bound */
    cls_column_report_clear(&col);
    decide_named("notes", "text", vals, 3, &col);
    assert_int_equal(col.label, CLS_PUBLIC);
    assert_int_equal(col.finding_count, 0);
    cls_column_report_clear(&col);
}

/* A card_number column whose values all fail Luhn is not credit_card. */
static void test_card_name_with_failing_values_is_not_cards(void **state)
{
    (void)state;
    enum { N = 200 };
    static char buf[N][20];
    const char *vals[N];
    for (int i = 0; i < N; i++) {
        snprintf(buf[i], sizeof buf[i], "4%015llu", (unsigned long long)(next() % 1000000000000000ULL));
        size_t len = strlen(buf[i]);
        for (char d = '0'; d <= '9'; d++) {   /* make the last digit fail Luhn */
            buf[i][len - 1] = d;
            const struct cls_value_result *r = cls_scan_value(scanner, buf[i], len);
            if (r->hit[0] != CLS_HIT_MATCH)
                break;
        }
        vals[i] = buf[i];
    }
    struct cls_column_report col;
    decide_named("card_number", "text", vals, N, &col);
    struct cls_finding *f = finding(&col, "credit_card");
    assert_non_null(f);
    assert_string_equal(f->basis, "name");
    assert_false(f->fired);
    assert_int_equal(f->matches, 0);
    assert_int_equal(col.label, CLS_PUBLIC);
    assert_true(reason_has(&col, "tokenised or test data"));
    assert_string_equal(col.protection, "tokenized");
    cls_column_report_clear(&col);
}

/* 10.2.3.4 in a version column is a version; in client_ip an address. */
static void test_name_veto_and_hint_for_ip(void **state)
{
    (void)state;
    const char *vals[] = {"10.2.3.4", "10.2.3.5", "10.3.0.1", "11.0.2.7", "10.2.4.1"};
    struct cls_column_report col;
    decide_named("firmware_version", "text", vals, 5, &col);
    struct cls_finding *f = finding(&col, "ip_address");
    assert_non_null(f);
    assert_false(f->fired);
    assert_int_equal(col.label, CLS_PUBLIC);
    assert_true(reason_has(&col, "says otherwise"));
    cls_column_report_clear(&col);
    decide_named("client_ip", "text", vals, 5, &col);
    assert_true(finding(&col, "ip_address")->fired);
    assert_int_equal(col.label, CLS_CONFIDENTIAL);
    cls_column_report_clear(&col);
}

/* Dates are birth dates only where the name says so. */
static void test_birth_dates_need_the_name(void **state)
{
    (void)state;
    const char *vals[] = {"1985-11-16", "1947-06-23", "1990-01-01", "2001-12-31"};
    struct cls_column_report col;
    decide_named("created_at", "date", vals, 4, &col);
    assert_null(finding(&col, "date_of_birth"));
    assert_int_equal(col.label, CLS_PUBLIC);
    cls_column_report_clear(&col);
    decide_named("date_of_birth", "date", vals, 4, &col);
    assert_true(finding(&col, "date_of_birth")->fired);
    assert_int_equal(col.label, CLS_CONFIDENTIAL);
    cls_column_report_clear(&col);
    decide_named("dob", "text", vals, 4, &col);
    assert_int_equal(col.label, CLS_CONFIDENTIAL);
    cls_column_report_clear(&col);
}

static void decide_with_neighbours(const char *column, const char *const *neighbours,
                                   size_t nn, const char *const *values, size_t n,
                                   struct cls_column_report *col)
{
    struct cls_column_acc *acc;
    struct cls_column_ctx ctx = {.table = "people", .column = column, .data_type = "date",
                                 .neighbours = neighbours, .neighbour_count = nn};
    assert_int_equal(cls_column_acc_new(&acc, engine, &ctx), 0);
    for (size_t i = 0; i < n; i++)
        cls_column_acc_add(acc, scanner, values[i], strlen(values[i]));
    memset(col, 0, sizeof *col);
    assert_int_equal(cls_column_acc_decide(acc, col), 0);
    cls_column_acc_free(acc);
}

/* A generic `date` is a birth date when its neighbours say birth; a named
 * date (created_on) is not, whatever stands beside it. */
static void test_birth_dates_from_neighbours(void **state)
{
    (void)state;
    const char *vals[] = {"1985-11-16", "1947-06-23", "1990-01-01", "2001-12-31"};
    const char *with_birth[] = {"name", "birth_place", "date", "created_on"};
    const char *without[] = {"name", "city", "date", "created_on"};
    struct cls_column_report col;
    decide_with_neighbours("date", with_birth, 4, vals, 4, &col);
    assert_non_null(finding(&col, "date_of_birth"));
    assert_true(finding(&col, "date_of_birth")->fired);
    cls_column_report_clear(&col);
    decide_with_neighbours("date", without, 4, vals, 4, &col);
    assert_null(finding(&col, "date_of_birth"));
    cls_column_report_clear(&col);
    decide_with_neighbours("created_on", with_birth, 4, vals, 4, &col);
    assert_null(finding(&col, "date_of_birth"));
    cls_column_report_clear(&col);
}

/* A lone given name counts in first_name, not in a column named tier. */
static void test_lone_names_count_with_the_name(void **state)
{
    (void)state;
    const char *vals[] = {"Mary", "James", "Aisha", "Robert", "Olga", "Wei"};
    struct cls_column_report col;
    decide_named("first_name", "text", vals, 6, &col);
    struct cls_finding *f = finding(&col, "person_name");
    assert_non_null(f);
    assert_true(f->fired);
    assert_int_equal(f->matches, 6);
    assert_string_equal(col.protection, "plaintext");
    cls_column_report_clear(&col);
    decide_named("tier", "text", vals, 6, &col);
    assert_int_equal(col.label, CLS_PUBLIC);
    cls_column_report_clear(&col);
}

/* Documentation examples, a placeholder, a numeric type and an _id suffix
 * count against; each reason names its evidence. */
static void test_evidence_against(void **state)
{
    (void)state;
    enum { N = 40 };
    const char *vals[N];
    struct cls_column_report col;
    for (int i = 0; i < N; i++)
        vals[i] = i % 2 ? "078-05-1120" : "123-45-6789";
    decide(vals, N, &col);
    assert_false(finding(&col, "us_ssn")->fired);
    assert_true(reason_has(&col, "documentation example"));
    assert_int_equal(col.label, CLS_PUBLIC);
    cls_column_report_clear(&col);

    for (int i = 0; i < N; i++)
        vals[i] = i % 2 ? "noreply@example.com" : "info@example.com";
    decide(vals, N, &col);
    assert_false(finding(&col, "email")->fired);
    assert_true(reason_has(&col, "distinct values"));
    cls_column_report_clear(&col);
    decide_named("contact_email", "text", vals, N, &col);  /* the name outweighs it */
    assert_true(finding(&col, "email")->fired);
    cls_column_report_clear(&col);

    static char buf[N][48];
    for (int i = 0; i < N; i++) {
        snprintf(buf[i], sizeof buf[i], i % 8 ? "ref %d" : "user%d@example.com", i);
        vals[i] = buf[i];
    }
    decide_named("ref", "text", vals, N, &col);
    assert_true(finding(&col, "email")->fired);
    cls_column_report_clear(&col);
    decide_named("ref_id", "text", vals, N, &col);
    assert_false(finding(&col, "email")->fired);
    assert_true(reason_has(&col, "suffix _id"));
    cls_column_report_clear(&col);
    decide_named("ref_isbn", "text", vals, N, &col);
    assert_false(finding(&col, "email")->fired);
    assert_true(reason_has(&col, "another kind of identifier"));
    cls_column_report_clear(&col);
    decide_named("ref", "integer", vals, N, &col);
    assert_false(finding(&col, "email")->fired);
    assert_true(reason_has(&col, "integer column cannot hold"));
    cls_column_report_clear(&col);
}

/* Masked, hashed and encrypted sensitive columns say so. */
static void test_protection_state(void **state)
{
    (void)state;
    const char *masked[] = {"XXXX-XXXX-XXXX-0005", "**** **** **** 4444", "XXXX-XXXX-XXXX-1111"};
    const char *hashed[] = {
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
        "fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13"};
    const char *sealed[] = {"AQICAHhR3qL0rVZbT8cXk2yJmN4pQwErTyUiOpAsDfGhJkLzXcVbNm12345678",
                            "AQICAHgT7uYhGfDsAaQwErTyUiOpLkJhGfDsAzXcVbNmQwErTy98765432",
                            "AQICAHjK9lPoIuYtReWqAsDfGhJkLzXcVbNmQwErTyUiOpAsDf55554444"};
    struct cls_column_report col;
    decide_named("card_number", "text", masked, 3, &col);
    assert_string_equal(col.protection, "masked");
    cls_column_report_clear(&col);
    decide_named("ssn", "text", hashed, 3, &col);
    assert_string_equal(col.protection, "hashed");
    assert_true(reason_has(&col, "values are hashed"));
    assert_int_equal(col.label, CLS_PUBLIC);
    cls_column_report_clear(&col);
    decide_named("card_number", "text", sealed, 3, &col);
    assert_string_equal(col.protection, "encrypted");
    cls_column_report_clear(&col);
    decide_named("description", "text", hashed, 3, &col);
    assert_null(col.protection);                /* not a sensitive-looking column */
    cls_column_report_clear(&col);
    const char *flags[] = {"true", "false", "true"};
    decide_named("phone_verified", "boolean", flags, 3, &col);
    assert_null(col.protection);                /* the values say nothing */
    assert_int_equal(col.label, CLS_PUBLIC);
    cls_column_report_clear(&col);
}

/* The rule of three: nothing found in n values bounds the miss rate. */
static void test_missed_upper(void **state)
{
    (void)state;
    enum { N = 1000 };
    const char *vals[N];
    for (int i = 0; i < N; i++)
        vals[i] = "approved";
    struct cls_column_report col;
    decide(vals, N, &col);
    assert_true(col.missed_upper > 0.0029 && col.missed_upper < 0.0031);
    cls_column_report_clear(&col);
}

/* Every detector's name patterns compile (a typo would silently never match). */
static void test_name_patterns_compile(void **state)
{
    (void)state;
    assert_true(cls_column_name_hint(cls_detector_find("us_ssn"), "patient_ssn", false));
    assert_false(cls_column_name_hint(cls_detector_find("us_ssn"), "lesson", false));
    assert_true(cls_column_name_hint(cls_detector_find("ip_address"), "version", true));
    assert_true(cls_column_name_hint(cls_detector_find("ip_address"), "clientIp", false));
    assert_false(cls_column_name_hint(cls_detector_find("ip_address"), "zip", false));
    assert_true(cls_column_name_hint(cls_detector_find("street_address"), "ip_address", true));
}

/* Names' hints are cached per thread (core/column.c): after thousands of
 * other names have filled and overwritten the cache, and with a name just
 * under and one over the cached length, every answer is the one the same
 * name got first. */
static void test_name_hint_cache_answers_as_first_asked(void **state)
{
    (void)state;
    static const char *const names[] = {
        "patient_ssn", "lesson", "version", "clientIp", "zip", "ip_address", "email",
        "card_number", "created_at", "birth_date", "surname", "nhs_no", "id", "",
        "a_fifty_five_character_column_name_for_the_cache_xxxxx",
        "a_fifty_six_character_column_name_is_matched_every_time_ssn"};
    enum { N = sizeof names / sizeof names[0] };
    bool first[N][64][2];
    size_t nd = cls_detector_count < 64 ? cls_detector_count : 64;
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < nd; j++)
            for (int v = 0; v < 2; v++)
                first[i][j][v] = cls_column_name_hint(cls_detectors[j], names[i], v);
    /* Half the other names say SSN and half do not, each asked of every
     * detector; then each must still get its own answer. */
    const struct cls_detector *ssn = cls_detector_find("us_ssn");
    char other[32];
    for (int round = 0; round < 2; round++)
        for (int k = 0; k < 2000; k++) {
            snprintf(other, sizeof other, k % 2 ? "note_%d" : "col_%d_ssn", k);
            for (size_t j = 0; round == 0 && j < nd; j++)
                for (int v = 0; v < 2; v++)
                    (void)cls_column_name_hint(cls_detectors[j], other, v);
            if (round == 1)
                assert_int_equal(cls_column_name_hint(ssn, other, false), k % 2 == 0);
        }
    for (size_t i = N; i-- > 0;)
        for (size_t j = nd; j-- > 0;)
            for (int v = 1; v >= 0; v--)
                assert_int_equal(cls_column_name_hint(cls_detectors[j], names[i], v),
                                 first[i][j][v]);
    assert_true(cls_column_name_hint(ssn, names[N - 1], false));
}

/* Two column reports are the same, field by field. */
static void assert_same_column(const struct cls_column_report *a,
                               const struct cls_column_report *b)
{
    assert_int_equal(a->label, b->label);
    assert_int_equal(a->values_sampled, b->values_sampled);
    assert_int_equal(a->values_non_null, b->values_non_null);
    assert_true((a->protection == NULL) == (b->protection == NULL));
    if (a->protection)
        assert_string_equal(a->protection, b->protection);
    assert_true(a->missed_upper == b->missed_upper);
    assert_int_equal(a->finding_count, b->finding_count);
    for (size_t i = 0; i < a->finding_count; i++) {
        const struct cls_finding *x = &a->findings[i], *y = &b->findings[i];
        assert_string_equal(x->detector, y->detector);
        assert_int_equal(x->matches, y->matches);
        assert_int_equal(x->candidates, y->candidates);
        assert_true(x->ratio == y->ratio && x->ratio_low == y->ratio_low &&
                    x->ratio_high == y->ratio_high);
        assert_int_equal(x->fired, y->fired);
        assert_string_equal(x->basis ? x->basis : "", y->basis ? y->basis : "");
        assert_int_equal(x->review, y->review);
        assert_string_equal(x->review_reason ? x->review_reason : "",
                            y->review_reason ? y->review_reason : "");
        assert_int_equal(x->evidence_count, y->evidence_count);
        for (size_t k = 0; k < x->evidence_count; k++)
            assert_string_equal(x->evidence[k], y->evidence[k]);
    }
    assert_int_equal(a->reason_count, b->reason_count);
    for (size_t i = 0; i < a->reason_count; i++)
        assert_string_equal(a->reasons[i], b->reasons[i]);
}

/* A column's values repeat (flags, codes, timestamps) and an accumulator
 * is reused from table to table (core/column.c): neither may change a
 * count, whether the values are added or drawn into slots and counted in
 * slot order (cls_column_acc_draw, a streamed sample). The reference notes
 * every value afresh (cls_column_acc_uncached). */
static void test_repeats_and_reuse_count_as_fresh(void **state)
{
    (void)state;
    static const char *const pool[] = {
        "4111111111111111", "4012888888881881", "5555555555554444", "536-22-8726",
        "078-05-1120", "123456789", "user@example.com", "jo@corp.example.org", "x", "Y",
        "2026-12-05 17:50:12.123456+00", "1984-03-07", "+1 415 555 0100", "10.1.2.3",
        "Mary", "Smith", "GB82WEST12345698765432", "AKIAIOSFODNN7EXAMPLE", "****1234",
        "$2b$12$abcdefghijklmnopqrstuv1234567890ABCDEFGHIJKLMNOPQRSTU", "tok_4f8a9b",
        /* several hits in one value; past the cache's length */
        "card 4111111111111111 ssn 536-22-8726 mail a@b.example tel 4155550100",
        "notes: 4012888888881881 and again 4012888888881881, call +44 20 7946 0958 today",
        "", NULL};
    enum { NPOOL = sizeof pool / sizeof pool[0], ROWS = 400 };
    static const struct cls_column_ctx ctxs[] = {
        {.table = "customers", .column = "card_number", .data_type = "text"},
        {.table = "people", .column = "ssn", .data_type = "character varying(11)"},
        {.table = "t", .column = "notes", .data_type = "text"},
        {.table = "customers", .column = "name", .data_type = "text"},
        {.table = "births", .column = "date", .data_type = "text"},
        {.table = "t", .column = "flag", .data_type = "text"},
        {.table = "t", .column = "id", .data_type = "bigint"},
    };
    enum { NCTX = sizeof ctxs / sizeof ctxs[0] };
    static char distinct[ROWS][24];
    const char *vals[ROWS];
    struct cls_column_acc *reused = NULL;
    for (size_t c = 0; c < NCTX; c++) {
        /* Column c: a few pool values repeated; every third column starts
         * with distinct values, so its cache gives up, then repeats. */
        size_t span = 2 + c * 3;
        for (size_t r = 0; r < ROWS; r++) {
            snprintf(distinct[r], sizeof distinct[r], "4%015llu",
                     (unsigned long long)(next() % 1000000000000000ULL));
            bool fresh = c % 3 == 0 && r < 120;
            vals[r] = fresh ? distinct[r] : pool[(c * 5 + next() % span) % NPOOL];
        }
        struct cls_column_report added, drawn, again, fresh;
        struct cls_column_acc *a, *b, *ref;
        assert_int_equal(cls_column_acc_new(&a, engine, &ctxs[c]), 0);
        assert_int_equal(cls_column_acc_new(&b, engine, &ctxs[c]), 0);
        assert_int_equal(cls_column_acc_new(&ref, engine, &ctxs[c]), 0);
        cls_column_acc_uncached(ref);
        if (!reused)
            assert_int_equal(cls_column_acc_new(&reused, engine, &ctxs[NCTX - 1 - c]), 0);
        assert_int_equal(cls_column_acc_reuse(reused, &ctxs[c]), 0);
        for (size_t r = 0; r < ROWS; r++) {
            size_t len = vals[r] ? strlen(vals[r]) : 0;
            cls_column_acc_add(a, scanner, vals[r], len);
            cls_column_acc_add(reused, scanner, vals[r], len);
            assert_int_equal(cls_column_acc_draw(b, scanner, r, ROWS, vals[r], len), 0);
            cls_column_acc_add(ref, scanner, vals[r], len);
        }
        for (size_t r = 0; r < ROWS; r++)
            cls_column_acc_add_drawn(b, scanner, r, vals[r], vals[r] ? strlen(vals[r]) : 0);
        memset(&added, 0, sizeof added);
        memset(&drawn, 0, sizeof drawn);
        memset(&again, 0, sizeof again);
        memset(&fresh, 0, sizeof fresh);
        assert_int_equal(cls_column_acc_decide(a, &added), 0);
        assert_int_equal(cls_column_acc_decide(b, &drawn), 0);
        assert_int_equal(cls_column_acc_decide(reused, &again), 0);
        assert_int_equal(cls_column_acc_decide(ref, &fresh), 0);
        assert_same_column(&added, &fresh);
        assert_same_column(&drawn, &fresh);
        assert_same_column(&again, &fresh);
        cls_column_report_clear(&added);
        cls_column_report_clear(&drawn);
        cls_column_report_clear(&again);
        cls_column_report_clear(&fresh);
        cls_column_acc_free(a);
        cls_column_acc_free(b);
        cls_column_acc_free(ref);
    }
    cls_column_acc_free(reused);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_order_ids_are_public),
        cmocka_unit_test(test_notes_with_two_percent_cards_are_secret),
        cmocka_unit_test(test_nulls_and_single_match),
        cmocka_unit_test(test_wilson),
        cmocka_unit_test(test_empty_named_column_fires_on_name),
        cmocka_unit_test(test_card_name_with_failing_values_is_not_cards),
        cmocka_unit_test(test_name_veto_and_hint_for_ip),
        cmocka_unit_test(test_birth_dates_need_the_name),
        cmocka_unit_test(test_birth_dates_from_neighbours),
        cmocka_unit_test(test_lone_names_count_with_the_name),
        cmocka_unit_test(test_evidence_against),
        cmocka_unit_test(test_protection_state),
        cmocka_unit_test(test_missed_upper),
        cmocka_unit_test(test_name_patterns_compile),
        cmocka_unit_test(test_name_hint_cache_answers_as_first_asked),
        cmocka_unit_test(test_repeats_and_reuse_count_as_fresh),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
