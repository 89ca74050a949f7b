/* The shared digit runs and the detectors' find_in_runs: for every
 * detector that has one, the candidates found from the runs must be
 * exactly those its pattern (PCRE2) or find proposes, from every start
 * offset, over random values built from digits, both separators, letters
 * and punctuation, short (the SSE/mask path) and long (the byte path). */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "classify/detector.h"
#include "classify/engine.h"

static uint64_t seed = 0x2026120512ULL;
static unsigned next(unsigned n)
{
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((seed >> 33) % n);
}

/* The old way: the pattern, or the hand-written find over the bytes. */
static bool old_find(const struct cls_detector *d, pcre2_code *code, pcre2_match_data *md,
                     const char *v, size_t len, size_t from, struct cls_span *sp)
{
    if (d->find)
        return d->find(v, len, from, sp);
    if (from > len || pcre2_match(code, (PCRE2_SPTR)v, len, from, 0, md, NULL) < 0)
        return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    sp->start = ov[0];
    sp->len = ov[1] - ov[0];
    return true;
}

/* Runs are listed in order, maximal, and each holds only digits. */
static void check_runs(const struct cls_digit_runs *rs, const char *v, size_t len)
{
    size_t at = 0;
    for (uint32_t k = 0; k < rs->count; k++) {
        const struct cls_digit_run *r = &rs->run[k];
        for (; at < r->start; at++)
            assert_false(v[at] >= '0' && v[at] <= '9');
        for (; at < r->start + r->len; at++)
            assert_true(v[at] >= '0' && v[at] <= '9');
        assert_true(at == len || !(v[at] >= '0' && v[at] <= '9'));
    }
    for (; at < len; at++)
        assert_false(v[at] >= '0' && v[at] <= '9');
}

static void test_find_in_runs_agrees(void **state)
{
    (void)state;
    /* Weighted to digits and separators, so that groups form often. */
    static const char alphabet[] = "0123456789012345678901234567890123456789  --- aZX9.@#:,";
    pcre2_match_data *md = pcre2_match_data_create(16, NULL);
    char v[200];
    size_t users = 0;
    for (size_t i = 0; i < cls_detector_count; i++) {
        const struct cls_detector *d = cls_detectors[i];
        if (!d->find_in_runs)
            continue;
        users++;
        pcre2_code *code = NULL;
        if (d->pattern) {
            int ec;
            PCRE2_SIZE off;
            code = pcre2_compile((PCRE2_SPTR)d->pattern, PCRE2_ZERO_TERMINATED, 0, &ec, &off, NULL);
            assert_non_null(code);
        }
        for (int t = 0; t < 30000; t++) {
            size_t n = t % 10 == 0 ? 65 + next(120) : next(65);
            for (size_t k = 0; k < n; k++)
                v[k] = alphabet[next(sizeof alphabet - 1)];
            /* Sometimes the detector's own example inside the noise. */
            if (t % 7 == 0 && n > 40) {
                size_t el = strlen(d->example), at = next((unsigned)(n - el));
                memcpy(v + at, d->example, el);
            }
            struct cls_digit_runs rs;
            if (!cls_digit_runs_compute(&rs, v, n))
                continue;
            check_runs(&rs, v, n);
            for (size_t from = 0; from <= n; from++) {
                struct cls_span a = {0, 0}, b = {0, 0};
                bool fa = old_find(d, code, md, v, n, from, &a);
                bool fb = d->find_in_runs(v, n, &rs, from, &b);
                if (fa != fb || (fa && (a.start != b.start || a.len != b.len)))
                    fail_msg("%s on [%.*s] from %zu: old %d %zu+%zu, runs %d %zu+%zu", d->id,
                             (int)n, v, from, fa, a.start, a.len, fb, b.start, b.len);
            }
        }
        pcre2_code_free(code);
    }
    pcre2_match_data_free(md);
    assert_true(users >= 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find_in_runs_agrees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
