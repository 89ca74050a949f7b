/* Li's Algorithm L over rows: the first n rows fill the reservoir; after
 * that the next row to keep is found by a geometric skip, and it replaces a
 * uniformly chosen slot. Every row of the stream ends in the reservoir with
 * the same probability n / (rows seen), whatever the stream's order, and
 * drawing costs O(n (1 + log(seen / n))) random numbers, not one per row.
 *
 * Kept rows live in an arena of large chunks, not one allocation each: a
 * sample of 100,000 rows is 20-odd MB written once, and fresh memory costs
 * a page fault per 4 KB page (on a VM, a tenth of the scan's time), so the
 * chunks are bump-allocated and, where the system has them, backed by
 * 2 MB pages. A row drawn into a slot reuses the slot's block when it fits;
 * otherwise the old block is left behind, and the arena is compacted when
 * what is left behind outgrows the rows kept.
 *
 * Drawn rows are handed to the consumer in batches, on the caller's thread
 * (cls_reservoir_flush) or, where a core is free for it, on a helper
 * thread while the caller reads on (cls_reservoir_flush_behind; struct
 * noter says who owns what). */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef HAVE_MADVISE
#include <sys/mman.h>
#endif

#include "classify/error.h"
#include "sources/reservoir.h"
#include "util/util.h"

/* Chunks double from CHUNK_MIN to CHUNK_MAX: a small sample stays small,
 * a large one takes few chunks. Chunks of HUGE_PAGE or more are aligned to
 * it and advised as huge-page backed (MADV_HUGEPAGE). */
#define CHUNK_MIN ((size_t)64 * 1024)
#define CHUNK_MAX ((size_t)8 * 1024 * 1024)
#define HUGE_PAGE ((size_t)2 * 1024 * 1024)
/* Blocks are rounded up to this, so that a slightly longer row drawn into
 * a slot still fits in its block more often. */
#define BLOCK_ROUND 16
/* A value's length in a block; NULL_LEN marks SQL NULL. */
#define NULL_LEN UINT32_MAX

struct chunk {
    struct chunk *next;
    size_t cap, used;       /* bytes of data[] */
    _Alignas(16) char data[];
};

struct cls_reservoir {
    uint64_t n, seen, next;     /* next: 1-based index of the next row to keep */
    size_t ncols;
    double w;
    uint64_t rng;
    char **rows;                /* [n] blocks: uint32 cap, uint32 lens[ncols], bytes */
    struct chunk *chunks;       /* newest first */
    size_t next_chunk;          /* size of the next chunk */
    size_t live, dead;          /* bytes of blocks in use, and left behind */
    const char **vals;          /* [ncols], for delivery */
    size_t *lens;               /* [ncols] */
    uint32_t *pending;          /* slots drawn since the last flush */
    size_t npending, pending_cap;
    unsigned char *state;       /* [n] S_PENDING, S_HANDED */
    struct noter *noter;        /* the helper thread, once started */
    bool helper;                /* cls_reservoir_flush_behind may start it */
};

/* A slot is pending (drawn since the last flush), handed (its row is in
 * the batch the helper is noting: its block is not written over), both,
 * or neither. */
enum { S_PENDING = 1, S_HANDED = 2 };

/* The helper thread of cls_reservoir_flush_behind, and the one batch it
 * notes. The caller's thread owns everything else in the reservoir; the
 * batch, once handed, is read only by the helper until it is done: the
 * caller waits for that (under mu) before it touches the batch again,
 * moves no block (compact) and writes over no handed block (block_for). */
struct noter {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool busy;                  /* a batch is handed and not done */
    bool quit;
    int stop;                   /* fn asked to stop */
    cls_row_fn fn;
    void *user;
    struct drawn *batch;        /* [nbatch] */
    size_t nbatch, batch_cap;
    const char **vals;          /* [ncols], the helper's own */
    size_t *lens;
};

/* A drawn row as handed: its slot and its block at the time. */
struct drawn {
    uint32_t slot;
    const char *row;
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

/* The helper thread pays only with a core of its own: on two cores the
 * server sending the stream keeps one busy, and the reading thread and the
 * helper shared the other; measured on the 2-core bench VM (--sample
 * 100000, 20 interleaved runs each): the same wall time, 4% more CPU. */
static long online_cpus;
static pthread_once_t cpus_once = PTHREAD_ONCE_INIT;

static void count_cpus(void)
{
    online_cpus = sysconf(_SC_NPROCESSORS_ONLN);
}

static bool helper_pays(void)
{
    pthread_once(&cpus_once, count_cpus);
    return online_cpus > 2;
}

struct cls_reservoir *cls_reservoir_new(uint64_t n, size_t ncols, uint64_t seed)
{
    if (n == 0 || n > SIZE_MAX / sizeof(char *) || n > UINT32_MAX ||
        ncols > (UINT32_MAX / 2) / (sizeof(uint32_t) + CLS_VALUE_MAX))
        return NULL;
    struct cls_reservoir *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->n = n;
    r->ncols = ncols;
    r->rng = seed ^ 0x5EED5A3B1E5ULL;
    r->next_chunk = CHUNK_MIN;
    r->helper = helper_pays();
    r->rows = calloc((size_t)n, sizeof *r->rows);
    r->vals = calloc(ncols ? ncols : 1, sizeof *r->vals);
    r->lens = calloc(ncols ? ncols : 1, sizeof *r->lens);
    r->state = calloc((size_t)n, 1);
    if (!r->rows || !r->vals || !r->lens || !r->state) {
        cls_reservoir_free(r);
        return NULL;
    }
    r->w = exp(log(uniform(r)) / (double)n);
    r->next = n;
    plan_next(r);
    return r;
}

static void free_chunks(struct chunk *c)
{
    while (c) {
        struct chunk *next = c->next;
        free(c);
        c = next;
    }
}

static void noter_end(struct cls_reservoir *r);

void cls_reservoir_free(struct cls_reservoir *r)
{
    if (!r)
        return;
    noter_end(r);
    free_chunks(r->chunks);
    free(r->rows);
    free(r->vals);
    free(r->lens);
    free(r->state);
    free(r->pending);
    free(r);
}

/* A chunk of at least `need` bytes of data. */
static struct chunk *chunk_new(size_t size, size_t need)
{
    if (need > SIZE_MAX / 2 - sizeof(struct chunk))
        return NULL;
    while (size < need + sizeof(struct chunk))
        size *= 2;
    void *p = NULL;
    if (size < HUGE_PAGE) {
        p = malloc(size);
    } else if (posix_memalign(&p, HUGE_PAGE, size) != 0) {
        p = NULL;
    } else {
#if defined(HAVE_MADVISE) && defined(MADV_HUGEPAGE)
        /* Advice only: where huge pages are off, 4 KB pages as before. */
        (void)madvise(p, size, MADV_HUGEPAGE);
#endif
    }
    struct chunk *c = p;
    if (c) {
        c->next = NULL;
        c->cap = size - sizeof *c;
        c->used = 0;
    }
    return c;
}

/* A block of `bytes` (a multiple of BLOCK_ROUND) from the arena. */
static char *arena_alloc(struct cls_reservoir *r, size_t bytes)
{
    struct chunk *c = r->chunks;
    if (!c || c->cap - c->used < bytes) {
        /* While the slots fill, the rest of them at this row's size: a
         * large sample starts with large (huge-page) chunks. */
        uint64_t empty = r->seen < r->n ? r->n - r->seen + 1 : 1;
        size_t size = r->next_chunk;
        while (size < CHUNK_MAX && (uint64_t)size < empty * bytes)
            size *= 2;
        if (!(c = chunk_new(size, bytes)))
            return NULL;
        c->next = r->chunks;
        r->chunks = c;
        r->next_chunk = size < CHUNK_MAX ? size * 2 : CHUNK_MAX;
    }
    char *b = c->data + c->used;
    c->used += bytes;
    r->live += bytes;
    return b;
}

static uint32_t block_cap(const char *b)
{
    uint32_t cap;
    memcpy(&cap, b, sizeof cap);
    return cap;
}

/* Bytes of a block for the row: its capacity, lengths, and the values. */
static size_t row_bytes(size_t ncols, const char *const *values, const size_t *lens)
{
    size_t bytes = sizeof(uint32_t) * (1 + ncols);
    for (size_t c = 0; c < ncols; c++)
        bytes += values[c] ? (lens[c] < CLS_VALUE_MAX ? lens[c] : CLS_VALUE_MAX) : 0;
    return (bytes + BLOCK_ROUND - 1) / BLOCK_ROUND * BLOCK_ROUND;
}

/* Writes the row into block b (of capacity cap). Values longer than
 * CLS_VALUE_MAX, which no source hands over, are cut to it. */
static void write_row(char *b, uint32_t cap, size_t ncols, const char *const *values,
                      const size_t *lens)
{
    char *p = b + sizeof(uint32_t) * (1 + ncols);
    memcpy(b, &cap, sizeof cap);
    for (size_t c = 0; c < ncols; c++) {
        size_t len = values[c] ? (lens[c] < CLS_VALUE_MAX ? lens[c] : CLS_VALUE_MAX) : 0;
        uint32_t l = values[c] ? (uint32_t)len : NULL_LEN;
        memcpy(b + sizeof(uint32_t) * (1 + c), &l, sizeof l);
        if (len)
            memcpy(p, values[c], len);
        p += len;
    }
}

/* Copies the live rows into fresh chunks, in slot order, and drops the
 * old ones with every block left behind. Leaves everything as it was when
 * memory runs out. */
static int compact(struct cls_reservoir *r)
{
    struct chunk *old = r->chunks;
    size_t live = r->live, kept = (size_t)(r->seen < r->n ? r->seen : r->n);
    struct chunk *c = chunk_new(CHUNK_MIN, live);
    if (!c)
        return CLS_ENOMEM;
    for (size_t i = 0; i < kept; i++) {
        uint32_t cap = block_cap(r->rows[i]);
        memcpy(c->data + c->used, r->rows[i], cap);
        r->rows[i] = c->data + c->used;
        c->used += cap;
    }
    r->chunks = c;
    r->dead = 0;
    free_chunks(old);
    return 0;
}

/* The block for a row drawn into slot: the slot's own when the row fits
 * and the helper is not reading it (the old row is dropped), else a new
 * one. */
static char *block_for(struct cls_reservoir *r, size_t slot, size_t bytes)
{
    char *old = r->rows[slot];
    if (old && block_cap(old) >= bytes && !(r->state[slot] & S_HANDED))
        return old;
    if (bytes > UINT32_MAX)
        return NULL;
    char *b = arena_alloc(r, bytes);
    if (b && old) {
        uint32_t cap = block_cap(old);
        r->live -= cap;
        r->dead += cap;
    }
    return b;
}

/* True while the helper may be reading handed blocks. */
static bool handed(const struct cls_reservoir *r)
{
    return r->noter && r->noter->nbatch > 0;
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
    size_t bytes = row_bytes(r->ncols, values, lens);
    char *b = block_for(r, slot, bytes);
    if (!b || (!(r->state[slot] & S_PENDING) &&
               cls_grow((void **)&r->pending, &r->pending_cap, r->npending,
                        sizeof *r->pending) < 0))
        return CLS_ENOMEM;
    write_row(b, b == r->rows[slot] ? block_cap(b) : (uint32_t)bytes, r->ncols, values, lens);
    r->rows[slot] = b;
    if (!(r->state[slot] & S_PENDING)) {
        r->state[slot] |= S_PENDING;
        r->pending[r->npending++] = (uint32_t)slot;
    }
    /* What was left behind is more than what is kept: copy the kept rows
     * together (the bound on memory is twice the sample's bytes), unless
     * the helper is reading some of them (then at the next flush). */
    if (r->dead > r->live && !handed(r))
        (void)compact(r);
    if (slot_out)
        *slot_out = slot;
    return 1;
}

/* Points vals and lens at the copy of a row. */
static void unpack(size_t ncols, const char *b, const char **vals, size_t *lens)
{
    const char *p = b + sizeof(uint32_t) * (1 + ncols);
    for (size_t c = 0; c < ncols; c++) {
        uint32_t l;
        memcpy(&l, b + sizeof(uint32_t) * (1 + c), sizeof l);
        vals[c] = l == NULL_LEN ? NULL : p;
        lens[c] = l == NULL_LEN ? 0 : l;
        p += lens[c];
    }
}

size_t cls_reservoir_pending(const struct cls_reservoir *r)
{
    return r->npending;
}

/* ---- the helper thread ------------------------------------------------------ */

static void *noter_main(void *arg)
{
    struct cls_reservoir *r = arg;
    struct noter *h = r->noter;
    pthread_mutex_lock(&h->mu);
    for (;;) {
        while (!h->busy && !h->quit)
            pthread_cond_wait(&h->cv, &h->mu);
        if (!h->busy)
            break;
        int stop = h->stop;
        pthread_mutex_unlock(&h->mu);
        for (size_t k = 0; k < h->nbatch && !stop; k++) {
            unpack(r->ncols, h->batch[k].row, h->vals, h->lens);
            struct cls_row row = {.values = h->vals, .lens = h->lens, .count = r->ncols,
                                  .kind = CLS_ROW_DRAWN, .slot = h->batch[k].slot,
                                  .slots = r->n};
            stop = h->fn(h->user, &row) != 0;
        }
        pthread_mutex_lock(&h->mu);
        h->stop = stop;
        h->busy = false;
        pthread_cond_broadcast(&h->cv);
    }
    pthread_mutex_unlock(&h->mu);
    return NULL;
}

static void noter_free(struct noter *h)
{
    free(h->batch);
    free(h->vals);
    free(h->lens);
    free(h);
}

/* Starts the helper; NULL (and the caller notes on its own thread) when
 * memory or threads run out. */
static struct noter *noter_start(struct cls_reservoir *r, cls_row_fn fn, void *user)
{
    struct noter *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->fn = fn;
    h->user = user;
    h->vals = calloc(r->ncols ? r->ncols : 1, sizeof *h->vals);
    h->lens = calloc(r->ncols ? r->ncols : 1, sizeof *h->lens);
    if (!h->vals || !h->lens || pthread_mutex_init(&h->mu, NULL) != 0) {
        noter_free(h);
        return NULL;
    }
    if (pthread_cond_init(&h->cv, NULL) != 0) {
        pthread_mutex_destroy(&h->mu);
        noter_free(h);
        return NULL;
    }
    r->noter = h;
    if (pthread_create(&h->thread, NULL, noter_main, r) != 0) {
        r->noter = NULL;
        pthread_cond_destroy(&h->cv);
        pthread_mutex_destroy(&h->mu);
        noter_free(h);
        return NULL;
    }
    return h;
}

/* Waits until the helper has noted the batch handed to it, and takes the
 * batch back: its slots' blocks may be written over again. Returns 1 when
 * fn asked to stop. */
static int noter_wait(struct cls_reservoir *r)
{
    struct noter *h = r->noter;
    if (!h)
        return 0;
    pthread_mutex_lock(&h->mu);
    while (h->busy)
        pthread_cond_wait(&h->cv, &h->mu);
    int stop = h->stop;
    pthread_mutex_unlock(&h->mu);
    for (size_t k = 0; k < h->nbatch; k++)
        r->state[h->batch[k].slot] &= (unsigned char)~S_HANDED;
    h->nbatch = 0;
    return stop;
}

/* Stops the helper (after its batch) and frees it. */
static void noter_end(struct cls_reservoir *r)
{
    struct noter *h = r->noter;
    if (!h)
        return;
    noter_wait(r);
    pthread_mutex_lock(&h->mu);
    h->quit = true;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    pthread_join(h->thread, NULL);
    pthread_cond_destroy(&h->cv);
    pthread_mutex_destroy(&h->mu);
    noter_free(h);
    r->noter = NULL;
}

/* ---- handing drawn rows over --------------------------------------------- */

int cls_reservoir_flush(struct cls_reservoir *r, cls_row_fn fn, void *user)
{
    int stop = noter_wait(r);
    for (size_t k = 0; k < r->npending; k++) {
        uint32_t i = r->pending[k];
        r->state[i] &= (unsigned char)~S_PENDING;
        if (stop)
            continue;
        unpack(r->ncols, r->rows[i], r->vals, r->lens);
        struct cls_row row = {.values = r->vals, .lens = r->lens, .count = r->ncols,
                              .kind = CLS_ROW_DRAWN, .slot = i, .slots = r->n};
        stop = fn(user, &row) != 0;
    }
    r->npending = 0;
    return stop;
}

void cls_reservoir_set_helper(struct cls_reservoir *r, bool on)
{
    r->helper = on;
}

int cls_reservoir_flush_behind(struct cls_reservoir *r, cls_row_fn fn, void *user)
{
    struct noter *h = r->noter;
    if (!h && (!r->helper || !(h = noter_start(r, fn, user))))
        return cls_reservoir_flush(r, fn, user);
    /* The helper still busy: the rows wait for the next call (pending
     * holds each slot once, so it never outgrows the reservoir), and this
     * thread goes back to the stream instead of waiting. */
    pthread_mutex_lock(&h->mu);
    bool busy = h->busy;
    int stop = h->stop;
    pthread_mutex_unlock(&h->mu);
    if (busy || stop)
        return stop;
    noter_wait(r);
    if (h->fn != fn || h->user != user)
        return cls_reservoir_flush(r, fn, user);
    if (r->dead > r->live)
        (void)compact(r);       /* nothing is handed now */
    if (r->npending > h->batch_cap) {
        struct drawn *b = realloc(h->batch, r->npending * sizeof *b);
        if (!b)
            return cls_reservoir_flush(r, fn, user);
        h->batch = b;
        h->batch_cap = r->npending;
    }
    for (size_t k = 0; k < r->npending; k++) {
        uint32_t i = r->pending[k];
        r->state[i] = S_HANDED;
        h->batch[k] = (struct drawn){i, r->rows[i]};
    }
    h->nbatch = r->npending;
    r->npending = 0;
    pthread_mutex_lock(&h->mu);
    h->busy = h->nbatch > 0;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    return 0;
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
    int stop = noter_wait(r);
    noter_end(r);
    if (stop || cls_reservoir_flush(r, fn, user))
        return 0;
    for (uint64_t i = 0; i < kept; i++) {
        unpack(r->ncols, r->rows[i], r->vals, r->lens);
        struct cls_row row = {.values = r->vals, .lens = r->lens, .count = r->ncols,
                              .kind = CLS_ROW_KEPT, .slot = i};
        (*delivered)++;
        if (fn(user, &row))
            break;
    }
    return 0;
}
