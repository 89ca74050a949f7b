/* The report's pool: a recorded table's strings and arrays, moved out of
 * their malloc blocks into large blocks owned by the report (pool.h). The
 * strings that repeat from table to table are kept once, found by hash;
 * a table of 4 columns then costs about a third of what its ~25 malloc
 * blocks did (README "Scale of the catalog"), and the report is freed a
 * block at a time. Moving a table is done in two steps: every byte and
 * hash slot it may need is reserved first, so the move itself cannot fail
 * half-way and a table is always either wholly pooled or wholly not. */
#include "config.h"

#include <assert.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/pool.h"

/* Large enough that the tail a block leaves unused is noise, small enough
 * that a report of a few tables stays small. */
#define BLOCK_SIZE ((size_t)64 * 1024)
/* The arrays moved here: columns, findings and string pointers. */
#define ALIGN alignof(struct cls_column_report)
static_assert(alignof(struct cls_finding) <= ALIGN && alignof(char *) <= ALIGN &&
                  (ALIGN & (ALIGN - 1)) == 0,
              "one alignment serves every array in the pool");

struct block {
    struct block *next;
    alignas(max_align_t) unsigned char data[];
};

struct slot {
    uint64_t hash;
    const char *s;      /* NULL: empty */
};

struct cls_report_pool {
    struct block *blocks;
    unsigned char *cur;
    size_t left;
    struct slot *slots;
    size_t cap, used;   /* cap a power of two; used <= cap / 2 */
};

/* What moving one table needs at most (nothing interned yet). */
struct need {
    size_t bytes;
    size_t interned;
};

static void need_str(struct need *n, const char *s, bool intern)
{
    if (!s)
        return;
    n->bytes += strlen(s) + 1;
    n->interned += intern;
}

static void need_array(struct need *n, size_t count, size_t elem)
{
    if (count)
        n->bytes += count * elem + ALIGN;
}

static void need_strings(struct need *n, char *const *items, size_t count)
{
    need_array(n, count, sizeof *items);
    for (size_t i = 0; i < count; i++)
        need_str(n, items[i], true);
}

static struct need table_need(const struct cls_table_report *t)
{
    struct need n = {0, 0};
    need_str(&n, t->source, true);
    need_str(&n, t->database, true);
    need_str(&n, t->schema, true);
    need_str(&n, t->table, false);
    need_strings(&n, t->reasons, t->reason_count);
    need_array(&n, t->column_count, sizeof *t->columns);
    for (size_t i = 0; i < t->column_count; i++) {
        const struct cls_column_report *c = &t->columns[i];
        need_str(&n, c->column, true);
        need_str(&n, c->data_type, true);
        need_str(&n, c->protection, true);
        need_strings(&n, c->reasons, c->reason_count);
        need_array(&n, c->finding_count, sizeof *c->findings);
        for (size_t j = 0; j < c->finding_count; j++) {
            const struct cls_finding *f = &c->findings[j];
            need_str(&n, f->detector, true);
            need_str(&n, f->basis, true);
            need_str(&n, f->review_reason, true);
            for (size_t k = 0; k < f->evidence_count; k++)
                need_str(&n, f->evidence[k], false);
        }
    }
    return n;
}

/* Makes room for n: a fresh block when the current one is short, a larger
 * hash table when it would pass half full. */
static int reserve(struct cls_report_pool *p, const struct need *n)
{
    if (p->left < n->bytes) {
        size_t size = n->bytes > BLOCK_SIZE ? n->bytes : BLOCK_SIZE;
        struct block *b = malloc(sizeof *b + size);
        if (!b)
            return CLS_ENOMEM;
        b->next = p->blocks;
        p->blocks = b;
        p->cur = b->data;
        p->left = size;
    }
    if ((p->used + n->interned) * 2 <= p->cap)
        return 0;
    size_t cap = p->cap ? p->cap : 256;
    while ((p->used + n->interned) * 2 > cap)
        cap *= 2;
    struct slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return CLS_ENOMEM;
    for (size_t i = 0; i < p->cap; i++) {
        if (!p->slots[i].s)
            continue;
        size_t k = p->slots[i].hash & (cap - 1);
        while (slots[k].s)
            k = (k + 1) & (cap - 1);
        slots[k] = p->slots[i];
    }
    free(p->slots);
    p->slots = slots;
    p->cap = cap;
    return 0;
}

/* ---- the move itself: reserved, cannot fail ---------------------------- */

static void *take(struct cls_report_pool *p, size_t size, size_t align)
{
    size_t pad = (size_t)(-(uintptr_t)p->cur & (align - 1));
    void *at = p->cur + pad;
    p->cur += pad + size;
    p->left -= pad + size;
    return at;
}

static char *copy(struct cls_report_pool *p, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    return memcpy(take(p, n, 1), s, n);
}

/* FNV-1a: the strings are short, and the hash only spreads the slots. */
static uint64_t hash_of(const char *s, size_t *len)
{
    uint64_t h = 0xcbf29ce484222325u;
    const unsigned char *c = (const unsigned char *)s;
    for (; *c; c++)
        h = (h ^ *c) * 0x100000001b3u;
    *len = (size_t)(c - (const unsigned char *)s);
    return h;
}

static char *intern(struct cls_report_pool *p, const char *s)
{
    if (!s)
        return NULL;
    size_t len;
    uint64_t h = hash_of(s, &len);
    size_t k = h & (p->cap - 1);
    for (; p->slots[k].s; k = (k + 1) & (p->cap - 1))
        if (p->slots[k].hash == h && strcmp(p->slots[k].s, s) == 0)
            return (char *)p->slots[k].s;
    char *kept = memcpy(take(p, len + 1, 1), s, len + 1);
    p->slots[k] = (struct slot){h, kept};
    p->used++;
    return kept;
}

static void *copy_array(struct cls_report_pool *p, const void *items, size_t count,
                        size_t elem)
{
    return count ? memcpy(take(p, count * elem, ALIGN), items, count * elem) : NULL;
}

static char **intern_strings(struct cls_report_pool *p, char **items, size_t count)
{
    char **out = copy_array(p, items, count, sizeof *items);
    for (size_t i = 0; i < count; i++) {
        out[i] = intern(p, items[i]);
        free(items[i]);
    }
    free(items);
    return out;
}

/* Moves the string in *slot into the pool: kept once when it repeats from
 * table to table (intern), else copied; the malloc'd original is freed. */
static void move_string(struct cls_report_pool *p, char **slot, bool repeats)
{
    char *old = *slot;
    *slot = repeats ? intern(p, old) : copy(p, old);
    free(old);
}

static void move_finding(struct cls_report_pool *p, struct cls_finding *f)
{
    move_string(p, &f->detector, true);
    move_string(p, &f->basis, true);
    move_string(p, &f->review_reason, true);
    for (size_t k = 0; k < f->evidence_count; k++)
        move_string(p, &f->evidence[k], false);
}

static void move_column(struct cls_report_pool *p, struct cls_column_report *c)
{
    move_string(p, &c->column, true);
    move_string(p, &c->data_type, true);
    move_string(p, &c->protection, true);
    c->reasons = intern_strings(p, c->reasons, c->reason_count);
    struct cls_finding *findings = c->findings;
    c->findings = copy_array(p, findings, c->finding_count, sizeof *findings);
    free(findings);
    for (size_t j = 0; j < c->finding_count; j++)
        move_finding(p, &c->findings[j]);
}

static void move_table(struct cls_report_pool *p, struct cls_table_report *t)
{
    move_string(p, &t->source, true);
    move_string(p, &t->database, true);
    move_string(p, &t->schema, true);
    move_string(p, &t->table, false);
    t->reasons = intern_strings(p, t->reasons, t->reason_count);
    struct cls_column_report *columns = t->columns;
    t->columns = copy_array(p, columns, t->column_count, sizeof *columns);
    free(columns);
    for (size_t i = 0; i < t->column_count; i++)
        move_column(p, &t->columns[i]);
    t->pooled = true;
}

int cls_report_pool_table(struct cls_report *r, struct cls_table_report *t)
{
    if (t->pooled)
        return 0;
    if (!r->pool && !(r->pool = calloc(1, sizeof *r->pool)))
        return CLS_ENOMEM;
    struct need n = table_need(t);
    if (reserve(r->pool, &n) < 0)
        return CLS_ENOMEM;
    move_table(r->pool, t);
    return 0;
}

void cls_report_pool_free(struct cls_report_pool *p)
{
    if (!p)
        return;
    for (struct block *b = p->blocks, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(p->slots);
    free(p);
}
