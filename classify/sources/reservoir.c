/* Li's Algorithm L over rows: the first n rows fill the reservoir; after
 * that the next row to keep is found by a geometric skip, and it replaces a
 * uniformly chosen slot. Every row of the stream ends in the reservoir with
 * the same probability n / (rows seen), whatever the stream's order, and
 * drawing costs O(n (1 + log(seen / n))) random numbers, not one per row.
 * Each kept row is one allocation: its lengths, NULL flags and bytes. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "classify/error.h"
#include "sources/reservoir.h"
#include "util/util.h"

struct cls_reservoir {
    uint64_t n, seen, next;     /* next: 1-based index of the next row to keep */
    size_t ncols;
    double w;
    uint64_t rng;
    char **rows;                /* [n] */
    const char **vals;          /* [ncols], for delivery */
    size_t *lens;               /* [ncols] */
    uint32_t *pending;          /* slots drawn since the last flush */
    size_t npending, pending_cap;
    unsigned char *is_pending;  /* [n] */
};

/* splitmix64: a seeded generator, the same sequence on every machine. */
static uint64_t next_u64(struct cls_reservoir *r)
{
    uint64_t z = (r->rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Uniform in (0, 1): never 0, so its logarithm is finite. */
static double uniform(struct cls_reservoir *r)
{
    return ((double)(next_u64(r) >> 11) + 0.5) / 9007199254740992.0;
}

/* The skip of Algorithm L: rows passed over before the next one kept. */
static void plan_next(struct cls_reservoir *r)
{
    double skip = floor(log(uniform(r)) / log1p(-r->w));
    r->next += (skip < 1e18 ? (uint64_t)skip : (uint64_t)1e18) + 1;
    r->w *= exp(log(uniform(r)) / (double)r->n);
}

struct cls_reservoir *cls_reservoir_new(uint64_t n, size_t ncols, uint64_t seed)
{
    if (n == 0 || n > SIZE_MAX / sizeof(char *) || n > UINT32_MAX)
        return NULL;
    struct cls_reservoir *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->n = n;
    r->ncols = ncols;
    r->rng = seed ^ 0x5EED5A3B1E5ULL;
    r->rows = calloc((size_t)n, sizeof *r->rows);
    r->vals = calloc(ncols ? ncols : 1, sizeof *r->vals);
    r->lens = calloc(ncols ? ncols : 1, sizeof *r->lens);
    r->is_pending = calloc((size_t)n, 1);
    if (!r->rows || !r->vals || !r->lens || !r->is_pending) {
        cls_reservoir_free(r);
        return NULL;
    }
    r->w = exp(log(uniform(r)) / (double)n);
    r->next = n;
    plan_next(r);
    return r;
}

void cls_reservoir_free(struct cls_reservoir *r)
{
    if (!r)
        return;
    for (uint64_t i = 0; i < r->n && i < r->seen; i++)
        free(r->rows[i]);
    free(r->rows);
    free(r->vals);
    free(r->lens);
    free(r->is_pending);
    free(r->pending);
    free(r);
}

/* One row as one block: size_t lens[ncols], char isnull[ncols], bytes. */
static char *copy_row(size_t ncols, const char *const *values, const size_t *lens)
{
    size_t bytes = ncols * (sizeof(size_t) + 1);
    for (size_t c = 0; c < ncols; c++)
        bytes += values[c] ? lens[c] : 0;
    char *b = malloc(bytes ? bytes : 1);
    if (!b)
        return NULL;
    char *flags = b + ncols * sizeof(size_t), *p = flags + ncols;
    for (size_t c = 0; c < ncols; c++) {
        size_t len = values[c] ? lens[c] : 0;
        memcpy(b + c * sizeof(size_t), &len, sizeof len);
        flags[c] = values[c] == NULL;
        if (len)
            memcpy(p, values[c], len);
        p += len;
    }
    return b;
}

int cls_reservoir_offer(struct cls_reservoir *r, const char *const *values, const size_t *lens,
                        uint64_t *slot_out)
{
    uint64_t i = ++r->seen;         /* 1-based */
    size_t slot;
    if (i <= r->n) {
        slot = (size_t)(i - 1);
    } else if (i == r->next) {
        slot = (size_t)(next_u64(r) % r->n);
        plan_next(r);
    } else {
        return 0;
    }
    char *row = copy_row(r->ncols, values, lens);
    if (!row || (!r->is_pending[slot] && cls_grow((void **)&r->pending, &r->pending_cap,
                                                  r->npending, sizeof *r->pending) < 0)) {
        free(row);
        return CLS_ENOMEM;
    }
    free(r->rows[slot]);
    r->rows[slot] = row;
    if (!r->is_pending[slot]) {
        r->is_pending[slot] = 1;
        r->pending[r->npending++] = (uint32_t)slot;
    }
    if (slot_out)
        *slot_out = slot;
    return 1;
}

/* Points r->vals and r->lens at the copy of slot i. */
static void unpack(struct cls_reservoir *r, uint64_t i)
{
    const char *b = r->rows[i];
    const char *flags = b + r->ncols * sizeof(size_t), *p = flags + r->ncols;
    for (size_t c = 0; c < r->ncols; c++) {
        memcpy(&r->lens[c], b + c * sizeof(size_t), sizeof r->lens[c]);
        r->vals[c] = flags[c] ? NULL : p;
        p += r->lens[c];
    }
}

size_t cls_reservoir_pending(const struct cls_reservoir *r)
{
    return r->npending;
}

int cls_reservoir_flush(struct cls_reservoir *r, cls_row_fn fn, void *user)
{
    int stop = 0;
    for (size_t k = 0; k < r->npending; k++) {
        uint64_t i = r->pending[k];
        r->is_pending[i] = 0;
        if (stop)
            continue;
        unpack(r, i);
        struct cls_row row = {.values = r->vals, .lens = r->lens, .count = r->ncols,
                              .kind = CLS_ROW_DRAWN, .slot = i};
        stop = fn(user, &row) != 0;
    }
    r->npending = 0;
    return stop;
}

uint64_t cls_reservoir_seen(const struct cls_reservoir *r)
{
    return r->seen;
}

int cls_reservoir_deliver(struct cls_reservoir *r, cls_row_fn fn, void *user,
                          uint64_t *delivered)
{
    uint64_t kept = r->seen < r->n ? r->seen : r->n;
    *delivered = 0;
    if (cls_reservoir_flush(r, fn, user))
        return 0;
    for (uint64_t i = 0; i < kept; i++) {
        unpack(r, i);
        struct cls_row row = {.values = r->vals, .lens = r->lens, .count = r->ncols,
                              .kind = CLS_ROW_KEPT, .slot = i};
        (*delivered)++;
        if (fn(user, &row))
            break;
    }
    return 0;
}
