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
    /* Weighted to digits and separators, so that groups form often; the
     * second adds what the detectors of letters around digits (DEA, MBI,
     * HICN) and phone numbers ('+', brackets, '.', '/') look at. */
    static const char *const alphabets[] = {
        "0123456789012345678901234567890123456789  --- aZX9.@#:,",
        "0123456789012345678901234567890123456789  --- ABCDEFGMTWKaz9.+()/_,#",
    };
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
        size_t npos = 0, found = 0;
        while (d->positives && d->positives[npos])
            npos++;
        for (int t = 0; t < 60000; t++) {
            const char *alphabet = alphabets[t & 1];
            size_t n = t % 10 == 0 ? 65 + next(120) : next(65);
            for (size_t k = 0; k < n; k++)
                v[k] = alphabet[next((unsigned)strlen(alphabet))];
            /* Sometimes the detector's example or one of its positives
             * inside the noise, sometimes two. */
            for (int p = 0; p < 2 && t % 7 < 2 + p && n > 40; p++) {
                const char *ex = t % 3 == 0 || !npos ? d->example : d->positives[next((unsigned)npos)];
                size_t el = strlen(ex);
                if (el >= n)
                    continue;
                size_t at = next((unsigned)(n - el));
                memcpy(v + at, ex, el);
            }
            struct cls_digit_runs rs;
            if (!cls_digit_runs_compute(&rs, v, n))
                continue;
            check_runs(&rs, v, n);
            for (size_t from = 0; from <= n; from++) {
                struct cls_span a = {0, 0}, b = {0, 0};
                bool fa = old_find(d, code, md, v, n, from, &a);
                bool fb = d->find_in_runs(v, n, &rs, from, &b);
                found += fa;
                if (fa != fb || (fa && (a.start != b.start || a.len != b.len)))
                    fail_msg("%s on [%.*s] from %zu: old %d %zu+%zu, runs %d %zu+%zu", d->id,
                             (int)n, v, from, fa, a.start, a.len, fb, b.start, b.len);
            }
        }
        /* The comparison is worth something only if candidates occur. */
        if (found < 1000)
            fail_msg("%s: only %zu candidates in the random values", d->id, found);
        pcre2_code_free(code);
    }
    pcre2_match_data_free(md);
    assert_true(users >= 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find_in_runs_agrees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
