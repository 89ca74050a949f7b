/* The client-side reservoir (sources/reservoir.c) that draws n rows from a
 * streamed oversample: exactly n rows out, copied intact (NULLs too), the
 * same rows for the same seed, and every position of the stream kept with
 * the same probability n / rows seen (a chi-square test over many seeds,
 * and the first and last tenth of the stream kept equally often). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sources/reservoir.h"

struct got {
    uint64_t ids[512];
    size_t n;
    int bad;
    uint64_t slot_ids[512];         /* the id last drawn into each slot */
    int slot_bad;                   /* kept rows not what was drawn there */
    size_t drawn;                   /* drawn rows handed over */
};

/* Rows are "id" and a second column that is NULL for odd ids, else "x<id>". */
static int collect(void *user, const struct cls_row *row)
{
    struct got *g = user;
    char buf[32];
    if (row->kind == CLS_ROW_DRAWN) {       /* the batch not flushed yet */
        snprintf(buf, sizeof buf, "%.*s", (int)row->lens[0], row->values[0]);
        if (row->slot >= 512 || g->slot_ids[row->slot] != strtoull(buf, NULL, 10))
            g->slot_bad++;
        g->drawn++;
        return 0;
    }
    /* Values are not NUL-terminated: read the id through its length. */
    snprintf(buf, sizeof buf, "%.*s", (int)row->lens[0], row->values[0]);
    uint64_t id = strtoull(buf, NULL, 10);
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)id);
    if (row->count != 2 || row->lens[0] != strlen(buf) || memcmp(row->values[0], buf, row->lens[0]))
        g->bad++;
    snprintf(buf, sizeof buf, "x%llu", (unsigned long long)id);
    if (id % 2 ? row->values[1] != NULL
               : (!row->values[1] || row->lens[1] != strlen(buf) ||
                  memcmp(row->values[1], buf, row->lens[1])))
        g->bad++;
    /* Kept rows come in slot order, each the row last drawn into it. */
    if (row->kind != CLS_ROW_KEPT || row->slot != g->n || g->slot_ids[row->slot] != id)
        g->slot_bad++;
    if (g->n < 512)
        g->ids[g->n++] = id;
    return 0;
}

static void draw(uint64_t stream, uint64_t n, uint64_t seed, struct got *g)
{
    struct cls_reservoir *r = cls_reservoir_new(n, 2, seed);
    assert_non_null(r);
    memset(g, 0, sizeof *g);
    for (uint64_t i = 0; i < stream; i++) {
        char a[32], b[32];
        snprintf(a, sizeof a, "%llu", (unsigned long long)i);
        snprintf(b, sizeof b, "x%llu", (unsigned long long)i);
        const char *vals[2] = {a, i % 2 ? NULL : b};
        size_t lens[2] = {strlen(a), strlen(b)};
        uint64_t slot = UINT64_MAX;
        int drawn = cls_reservoir_offer(r, vals, lens, &slot);
        assert_true(drawn == 0 || drawn == 1);
        /* The first n rows fill the slots in order; a row drawn later
         * names the slot it replaces. */
        if (i < n)
            assert_int_equal(drawn, 1);
        if (drawn) {
            assert_true(slot < n && (i >= n || slot == i));
            g->slot_ids[slot] = i;
        } else {
            assert_true(slot == UINT64_MAX);
        }
        /* Even seeds flush as a source does, odd ones only at delivery
         * (the pending list then grows). */
        if (seed % 2 == 0 && cls_reservoir_pending(r) >= 37)
            assert_int_equal(cls_reservoir_flush(r, collect, g), 0);
    }
    assert_int_equal(cls_reservoir_seen(r), stream);
    uint64_t delivered = 0;
    assert_int_equal(cls_reservoir_deliver(r, collect, g, &delivered), 0);
    assert_int_equal(delivered, g->n);
    assert_int_equal(g->slot_bad, 0);
    /* Every slot was handed over as drawn at least once before it was kept. */
    assert_true(g->drawn >= g->n);
    assert_int_equal(cls_reservoir_pending(r), 0);
    cls_reservoir_free(r);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void test_exact_count_and_copies(void **state)
{
    (void)state;
    struct got g;
    draw(1000, 100, 7, &g);
    assert_int_equal(g.n, 100);
    assert_int_equal(g.bad, 0);
    qsort(g.ids, g.n, sizeof g.ids[0], cmp_u64);
    for (size_t i = 1; i < g.n; i++)
        assert_true(g.ids[i] != g.ids[i - 1]);      /* no row twice */
    draw(60, 100, 7, &g);                            /* fewer than n: all of them */
    assert_int_equal(g.n, 60);
    assert_int_equal(g.bad, 0);
}

static void test_seed_repeats(void **state)
{
    (void)state;
    struct got a, b, c;
    draw(5000, 200, 42, &a);
    draw(5000, 200, 42, &b);
    draw(5000, 200, 43, &c);
    assert_memory_equal(a.ids, b.ids, sizeof a.ids);
    assert_true(memcmp(a.ids, c.ids, sizeof a.ids) != 0);
}

/* 4,000 draws of 20 out of 200: each position is kept 400 times in
 * expectation. Chi-square with 199 degrees of freedom stays below 290
 * with probability above 0.9999 for a uniform draw; a draw that favoured
 * the stream's start (a LIMIT) or its end would be far above. */
static void test_uniform_over_positions(void **state)
{
    (void)state;
    enum { STREAM = 200, N = 20, RUNS = 4000 };
    static unsigned kept[STREAM];
    struct got g;
    for (uint64_t s = 1; s <= RUNS; s++) {
        draw(STREAM, N, s * 7919, &g);
        assert_int_equal(g.n, N);
        for (size_t i = 0; i < g.n; i++)
            kept[g.ids[i]]++;
    }
    double expect = (double)RUNS * N / STREAM, chi = 0;
    unsigned first = 0, last = 0;
    for (int i = 0; i < STREAM; i++) {
        chi += (kept[i] - expect) * (kept[i] - expect) / expect;
        if (i < STREAM / 10)
            first += kept[i];
        if (i >= STREAM - STREAM / 10)
            last += kept[i];
    }
    print_message("chi-square %.1f (199 df), first tenth %u, last tenth %u\n", chi, first, last);
    assert_true(chi < 290);
    /* Each tenth expects 8,000 (sd about 85 ignoring the small negative
     * correlation): 400 apart is more than 3 sd of the difference. */
    assert_true(abs((int)first - (int)last) < 400);
}

/* A row longer than the one it replaces does not fit that row's block:
 * the blocks left behind make the arena compact itself, again and again,
 * and every kept row must come out intact (the second value is 1 to 4,000
 * copies of one letter, by the id, or NULL every seventh row). */
static size_t long_len(uint64_t id)
{
    return (size_t)(id * 7919 % 4000) + 1;
}

static int check_long(void *user, const struct cls_row *row)
{
    int *bad = user;
    char buf[32];
    snprintf(buf, sizeof buf, "%.*s", (int)row->lens[0], row->values[0]);
    uint64_t id = strtoull(buf, NULL, 10);
    if (id % 7 == 0) {
        *bad += row->values[1] != NULL;
        return 0;
    }
    if (!row->values[1] || row->lens[1] != long_len(id))
        return ++*bad, 0;
    for (size_t k = 0; k < row->lens[1]; k++)
        *bad += row->values[1][k] != (char)('a' + id % 26);
    return 0;
}

static void test_blocks_left_behind(void **state)
{
    (void)state;
    enum { N = 10, STREAM = 2000000 };
    static char letters[26][4096];
    for (int c = 0; c < 26; c++)
        memset(letters[c], 'a' + c, sizeof letters[c]);
    struct cls_reservoir *r = cls_reservoir_new(N, 2, 11);
    assert_non_null(r);
    int bad = 0;
    for (uint64_t i = 0; i < STREAM; i++) {
        char a[32];
        snprintf(a, sizeof a, "%llu", (unsigned long long)i);
        const char *vals[2] = {a, i % 7 == 0 ? NULL : letters[i % 26]};
        size_t lens[2] = {strlen(a), long_len(i)};
        assert_true(cls_reservoir_offer(r, vals, lens, NULL) >= 0);
        if (cls_reservoir_pending(r) >= 4)
            assert_int_equal(cls_reservoir_flush(r, check_long, &bad), 0);
    }
    uint64_t delivered = 0;
    assert_int_equal(cls_reservoir_deliver(r, check_long, &bad, &delivered), 0);
    assert_int_equal(delivered, N);
    assert_int_equal(bad, 0);
    cls_reservoir_free(r);
}

/* Drawn rows handed to the helper thread (cls_reservoir_flush_behind):
 * the last row noted for each slot is the row kept there, in the batches'
 * order although the stream goes on while they are noted, and the sample
 * is the one the caller's own flushes give. */
struct behind {
    uint64_t last[200];         /* written by the helper until deliver */
    uint64_t kept[200];
    size_t nkept;
    int bad;
};

static uint64_t row_id(const struct cls_row *row)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.*s", (int)row->lens[0], row->values[0]);
    return strtoull(buf, NULL, 10);
}

static int note_behind(void *user, const struct cls_row *row)
{
    struct behind *b = user;
    if (row->slot >= 200 || (row->kind == CLS_ROW_DRAWN && row->slots != 200))
        b->bad++;
    else if (row->kind == CLS_ROW_DRAWN)
        b->last[row->slot] = row_id(row);
    else if (b->last[row->slot] != row_id(row))
        b->bad++;
    else
        b->kept[b->nkept++] = row_id(row);
    return 0;
}

static void test_flush_behind(void **state)
{
    (void)state;
    for (int behind = 0; behind < 2; behind++) {
        static struct behind b[2];
        struct cls_reservoir *r = cls_reservoir_new(200, 2, 5);
        assert_non_null(r);
        cls_reservoir_set_helper(r, true);      /* whatever the CPU count */
        for (uint64_t i = 0; i < 20000; i++) {
            char a[32];
            snprintf(a, sizeof a, "%llu", (unsigned long long)i);
            static const char pad[300] = {0};
            /* Rows of varied length: some fit the block they replace. */
            const char *vals[2] = {a, i % 3 ? pad : NULL};
            size_t lens[2] = {strlen(a), (size_t)(i * 7919 % 300)};
            assert_true(cls_reservoir_offer(r, vals, lens, NULL) >= 0);
            if (cls_reservoir_pending(r) >= 37)
                assert_int_equal(behind ? cls_reservoir_flush_behind(r, note_behind, &b[1])
                                        : cls_reservoir_flush(r, note_behind, &b[0]), 0);
        }
        uint64_t delivered = 0;
        assert_int_equal(cls_reservoir_deliver(r, note_behind, &b[behind], &delivered), 0);
        assert_int_equal(delivered, 200);
        assert_int_equal(b[behind].bad, 0);
        assert_int_equal(b[behind].nkept, 200);
        cls_reservoir_free(r);
        if (behind)
            assert_memory_equal(b[0].kept, b[1].kept, sizeof b[0].kept);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_count_and_copies),
        cmocka_unit_test(test_seed_repeats),
        cmocka_unit_test(test_uniform_over_positions),
        cmocka_unit_test(test_blocks_left_behind),
        cmocka_unit_test(test_flush_behind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
