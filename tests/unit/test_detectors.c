/* Data-driven detector tests: every tests/data/detectors/ID.txt holds
 * lines "+ value" (must match ID), "- value" (must not) and "# comment".
 * Each value runs through the real engine, prefilter included, and a
 * detector with no vector file fails the test. */
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

#include "classify/engine.h"

static struct cls_engine *engine;
static struct cls_scanner *scanner;

static int setup(void **state)
{
    (void)state;
    struct cls_error err = {0};
    if (cls_engine_new(&engine, &err) < 0 || cls_scanner_new(&scanner, engine, &err) < 0) {
        fprintf(stderr, "engine: %s\n", err.message);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cls_scanner_free(scanner);
    cls_engine_free(engine);
    return 0;
}

static size_t index_of(const char *id)
{
    for (size_t i = 0; i < cls_engine_detector_count(engine); i++)
        if (strcmp(cls_engine_detector(engine, i)->id, id) == 0)
            return i;
    fail_msg("unknown detector %s", id);
    return 0;
}

/* Runs one vector file; returns the number of vectors checked. */
static int run_vectors(const char *id)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tests/data/detectors/%s.txt", SRCDIR, id);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("%s: no vector file for detector %s", path, id);
    size_t di = index_of(id);
    char line[8192];
    int n = 0, lineno = 0, failures = 0, positives = 0, negatives = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t len = strcspn(line, "\n");
        line[len] = '\0';
        if (len < 2 || line[0] == '#' || (line[0] != '+' && line[0] != '-'))
            continue;
        const char *v = line + 2;
        const struct cls_value_result *r = cls_scan_value(scanner, v, len - 2);
        int matched = r->hit[di] == CLS_HIT_MATCH;
        int want = line[0] == '+';
        positives += want;
        negatives += !want;
        if (matched != want) {
            print_error("%s:%d: %s expected %s: [%s]\n", path, lineno, id,
                        want ? "a match" : "no match", v);
            failures++;
        }
        n++;
    }
    fclose(f);
    if (positives == 0 || negatives == 0)
        fail_msg("%s: needs both positive and negative vectors", path);
    if (failures)
        fail_msg("%s: %d of %d vectors wrong", path, failures, n);
    return n;
}

static void test_all_detectors(void **state)
{
    (void)state;
    int total = 0;
    for (size_t i = 0; i < cls_engine_detector_count(engine); i++)
        total += run_vectors(cls_engine_detector(engine, i)->id);
    print_message("%d detector vectors checked\n", total);
    assert_true(total > 0);
}

/* Every vector file names a registered detector (no orphans). */
static void test_no_orphan_vectors(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/tests/data/detectors", SRCDIR);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".txt") != 0)
            continue;
        char id[256];
        snprintf(id, sizeof id, "%.*s", (int)(n - 4), e->d_name);
        if (!cls_detector_find(id))
            fail_msg("tests/data/detectors/%s: no detector %s is registered", e->d_name, id);
    }
    closedir(d);
}

/* The prefilter's digit runs: a single ' ' or '-' keeps a run, two end
 * it; each run's length is in digit_run_set. */
static void test_shape_runs(void **state)
{
    (void)state;
    struct cls_shape sh;
    cls_shape_compute(&sh, "card 4111 1111-1111 1111, ssn 219-09-9999", 41);
    assert_int_equal(sh.max_digit_run, 16);
    assert_true(CLS_SHAPE_HAS_RUN(&sh, 16) && CLS_SHAPE_HAS_RUN(&sh, 9));
    assert_false(CLS_SHAPE_HAS_RUN(&sh, 10));
    cls_shape_compute(&sh, "1--2 34  5 $x$", 14);
    assert_int_equal(sh.digit_run_set, (1u << 1) | (1u << 3));   /* "1", "2 34", "5" */
    assert_int_equal(sh.dollar, 2);
    assert_int_equal(sh.dash, 2);
    assert_int_equal(sh.mask_chars, 1);
}

/* Values of at most 64 bytes take a branch-free path: it must agree with
 * the byte-by-byte one, which a value padded past 64 bytes takes. */
static void test_shape_short_long_agree(void **state)
{
    (void)state;
    static const char alphabet[] = "0123456789 --aZX@.:$*#x\xc3";
    uint64_t seed = 20261127;
    char v[160];
    for (int t = 0; t < 20000; t++) {
        size_t n = (size_t)(t % 65);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            v[i] = alphabet[(seed >> 33) % (sizeof alphabet - 1)];
        }
        struct cls_shape a, b;
        cls_shape_compute(&a, v, n);
        memset(v + n, '~', 80);      /* counted in no class */
        cls_shape_compute(&b, v, n + 80);
        b.len = a.len;
        if (memcmp(&a, &b, sizeof a) != 0)
            fail_msg("shape of [%.*s]: short and long paths disagree", (int)n, v);
    }
}

/* A detector's needs ask no more than its could_match: over random
 * shapes of possible values (digits all in runs, upper case among the
 * letters), every shape could_match accepts has the classes and a run
 * length the engine's tables look for. */
static uint32_t pick(uint64_t *seed, size_t n)
{
    *seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)((*seed >> 33) % n);
}

static void test_needs_within_could_match(void **state)
{
    (void)state;
    static const uint32_t counts[] = {0, 0, 0, 1, 2, 3, 4, 5, 7, 10, 20, 40};
    uint64_t seed = 20261205;
#define PICK(n) pick(&seed, (n))
#define COUNT() counts[PICK(sizeof counts / sizeof counts[0])]
    size_t accepted = 0;
    for (int t = 0; t < 300000; t++) {
        struct cls_shape sh;
        memset(&sh, 0, sizeof sh);
        for (uint32_t r = PICK(4); r > 0; r--) {
            uint32_t run = PICK(8) == 0 ? 13 + PICK(30) : 1 + PICK(12);
            sh.digits += run;
            sh.digit_run_set |= 1u << (run < 31 ? run : 31);
            if (run > sh.max_digit_run)
                sh.max_digit_run = run;
        }
        sh.alpha = COUNT();
        sh.upper = PICK(3) == 0 ? sh.alpha : sh.alpha / (1 + PICK(4));
        sh.at = COUNT() / 4;
        sh.dot = COUNT();
        sh.dash = COUNT();
        sh.colon = COUNT();
        sh.mask_chars = COUNT();
        sh.spaces = COUNT();
        sh.high = COUNT();
        sh.dollar = COUNT();
        sh.len = sh.digits + sh.alpha + sh.at + sh.dot + sh.dash + sh.colon + sh.mask_chars +
                 sh.spaces + sh.high + sh.dollar;
        sh.len += COUNT() * PICK(5);
        unsigned present = (unsigned)(sh.digits > 0) * CLS_NEED_DIGIT |
                           (unsigned)(sh.alpha > 0) * CLS_NEED_ALPHA |
                           (unsigned)(sh.upper > 0) * CLS_NEED_UPPER |
                           (unsigned)(sh.at > 0) * CLS_NEED_AT | (unsigned)(sh.dot > 0) * CLS_NEED_DOT |
                           (unsigned)(sh.dash > 0) * CLS_NEED_DASH |
                           (unsigned)(sh.colon > 0) * CLS_NEED_COLON |
                           (unsigned)(sh.mask_chars > 0) * CLS_NEED_MASK |
                           (unsigned)(sh.spaces > 0) * CLS_NEED_SPACE |
                           (unsigned)(sh.high > 0) * CLS_NEED_HIGH |
                           (unsigned)(sh.dollar > 0) * CLS_NEED_DOLLAR;
        for (size_t i = 0; i < cls_detector_count; i++) {
            const struct cls_detector *d = cls_detectors[i];
            if (!d->could_match || !d->could_match(&sh))
                continue;
            accepted++;
            if ((d->needs & ~present) != 0 ||
                (d->needs_runs && !(d->needs_runs & sh.digit_run_set)) ||
                (d->needs_any && !(d->needs_any & present)))
                fail_msg("%s: could_match accepts a shape its needs rule out "
                         "(classes %#x, runs %#x)", d->id, present, sh.digit_run_set);
        }
    }
#undef COUNT
#undef PICK
    assert_true(accepted > 100000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_detectors),
        cmocka_unit_test(test_no_orphan_vectors),
        cmocka_unit_test(test_shape_runs),
        cmocka_unit_test(test_shape_short_long_agree),
        cmocka_unit_test(test_needs_within_could_match),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
