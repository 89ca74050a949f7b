/* The PostgreSQL catalog of one connection, held compactly: a database of
 * 100,000 tables of a few columns each must be read and planned in well
 * under 64 MB (README "Scale of the catalog"). Schema names and column
 * types repeat across tables, so each distinct one is kept once; a
 * table's columns live in one block (fixed-size entries, then their
 * names), sealed when the next table's columns begin; tables are found by
 * hash, whatever order the scan asks for them in. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sources/pg_catalog.h"
#include "util/util.h"

#define SAME UINT32_MAX              /* cls_pg_col.raw: the printable name */

static uint32_t hash_str(uint32_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;   /* FNV-1a */
    return h;
}

/* Makes room for one more entry at a load of at most one half. */
static int strings_grow(struct cls_pg_strings *set)
{
    if (set->nslots && 2 * (set->count + 1) <= set->nslots)
        return 0;
    size_t n = set->nslots ? 2 * set->nslots : 64;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return CLS_ENOMEM;
    for (size_t i = 0; i < set->count; i++) {
        size_t k = hash_str(2166136261u, set->items[i]) & (n - 1);
        while (slots[k])
            k = (k + 1) & (n - 1);
        slots[k] = (uint32_t)i + 1;
    }
    free(set->slots);
    set->slots = slots;
    set->nslots = n;
    return 0;
}

/* The index of s in the set, added when new; -1 on out of memory. */
static long strings_add(struct cls_pg_strings *set, const char *s)
{
    if (strings_grow(set) < 0)
        return -1;
    size_t k = hash_str(2166136261u, s) & (set->nslots - 1);
    for (; set->slots[k]; k = (k + 1) & (set->nslots - 1))
        if (strcmp(set->items[set->slots[k] - 1], s) == 0)
            return (long)set->slots[k] - 1;
    if (cls_grow((void **)&set->items, &set->cap, set->count, sizeof *set->items) < 0 ||
        !(set->items[set->count] = strdup(s)))
        return -1;
    set->slots[k] = (uint32_t)++set->count;
    return (long)set->count - 1;
}

static void strings_clear(struct cls_pg_strings *set)
{
    for (size_t i = 0; i < set->count; i++)
        free(set->items[i]);
    free(set->items);
    free(set->slots);
    memset(set, 0, sizeof *set);
}

int cls_pg_catalog_add_rel(struct cls_pg_catalog *c, unsigned oid, const char *schema,
                           const char *name, char kind, const struct cls_table_ref *t)
{
    if (cls_grow((void **)&c->rels, &c->cap, c->nrels, sizeof *c->rels) < 0)
        return CLS_ENOMEM;
    struct cls_pg_rel *r = &c->rels[c->nrels];
    memset(r, 0, sizeof *r);
    long raw = strings_add(&c->schemas, schema);
    long shown = raw < 0 ? -1 : strings_add(&c->schemas, t->schema);
    if (shown < 0)
        return CLS_ENOMEM;
    r->oid = oid;
    r->kind = kind;
    r->schema = c->schemas.items[raw];
    r->shown_schema = shown != raw ? c->schemas.items[shown] : NULL;
    r->name = strdup(name);
    c->nrels++;
    if (!r->name)
        return CLS_ENOMEM;
    if (strcmp(t->name, name) != 0 && !(r->shown_name = strdup(t->name)))
        return CLS_ENOMEM;
    return 0;
}

static const char *shown_schema(const struct cls_pg_rel *r)
{
    return r->shown_schema ? r->shown_schema : r->schema;
}

static const char *shown_name(const struct cls_pg_rel *r)
{
    return r->shown_name ? r->shown_name : r->name;
}

static uint32_t hash_ref(const char *schema, const char *name)
{
    return hash_str(hash_str(2166136261u, schema) * 31u + 1u, name);
}

static int by_oid(const void *a, const void *b)
{
    unsigned x = (*(struct cls_pg_rel *const *)a)->oid;
    unsigned y = (*(struct cls_pg_rel *const *)b)->oid;
    return (x > y) - (x < y);
}

int cls_pg_catalog_begin_columns(struct cls_pg_catalog *c)
{
    /* The arrays grew by doubling: give back what the tables do not use. */
    if (c->nrels && c->nrels < c->cap) {
        struct cls_pg_rel *fit = realloc(c->rels, c->nrels * sizeof *c->rels);
        if (fit) {
            c->rels = fit;
            c->cap = c->nrels;
        }
    }
    size_t n = 64;
    while (n < 2 * c->nrels)
        n *= 2;
    free(c->by_name);
    c->by_name = calloc(n, sizeof *c->by_name);
    c->by_oid = calloc(c->nrels ? c->nrels : 1, sizeof *c->by_oid);
    if (!c->by_name || !c->by_oid)
        return CLS_ENOMEM;
    c->by_name_slots = n;
    for (size_t i = 0; i < c->nrels; i++) {
        const struct cls_pg_rel *r = &c->rels[i];
        size_t k = hash_ref(shown_schema(r), shown_name(r)) & (n - 1);
        while (c->by_name[k])
            k = (k + 1) & (n - 1);
        c->by_name[k] = (uint32_t)i + 1;
        c->by_oid[i] = &c->rels[i];
    }
    qsort(c->by_oid, c->nrels, sizeof *c->by_oid, by_oid);
    return 0;
}

/* Moves the columns gathered for c->filling into one exact block. */
static int seal(struct cls_pg_catalog *c)
{
    struct cls_pg_rel *r = c->filling;
    if (!r)
        return 0;
    size_t head = r->ncols * sizeof *c->fill_cols;
    struct cls_pg_col *block = malloc(head + c->fill_len + 1);
    if (!block)
        return CLS_ENOMEM;
    memcpy(block, c->fill_cols, head);
    memcpy((char *)block + head, c->fill_text, c->fill_len);
    r->cols = block;
    c->filling = NULL;
    return 0;
}

/* Appends s to the text being gathered; its offset, or -1. */
static long add_text(struct cls_pg_catalog *c, const char *s)
{
    size_t len = strlen(s) + 1;
    if (c->fill_len + len > UINT32_MAX - 1)
        return -1;
    if (c->fill_len + len > c->fill_text_cap) {
        size_t cap = c->fill_text_cap ? c->fill_text_cap : 256;
        while (cap < c->fill_len + len)
            cap *= 2;
        char *p = realloc(c->fill_text, cap);
        if (!p)
            return -1;
        c->fill_text = p;
        c->fill_text_cap = cap;
    }
    memcpy(c->fill_text + c->fill_len, s, len);
    c->fill_len += len;
    return (long)(c->fill_len - len);
}

/* Starts gathering r's columns, taking back any it already has (columns
 * come grouped by table, so this is only a safeguard). */
static int start(struct cls_pg_catalog *c, struct cls_pg_rel *r)
{
    int rc = seal(c);
    c->filling = r;
    c->fill_len = 0;
    if (rc < 0 || !r->cols)
        return rc;
    struct cls_pg_col *old = r->cols;
    uint32_t n = r->ncols;
    r->ncols = 0;
    r->cols = NULL;
    const char *text = (const char *)(old + n);
    for (uint32_t i = 0; rc == 0 && i < n; i++) {
        if (cls_grow((void **)&c->fill_cols, &c->fill_cols_cap, i, sizeof *c->fill_cols) < 0)
            rc = CLS_ENOMEM;
        long name = rc == 0 ? add_text(c, text + old[i].name) : -1;
        long raw = old[i].raw == SAME || name < 0 ? (long)SAME : add_text(c, text + old[i].raw);
        if (name < 0 || raw < 0)
            rc = CLS_ENOMEM;
        else
            c->fill_cols[r->ncols++] = (struct cls_pg_col){(uint32_t)name, (uint32_t)raw,
                                                           old[i].type};
    }
    free(old);
    return rc;
}

/* The index of the column type, added when new; -1 on out of memory. */
static long add_type(struct cls_pg_catalog *c, const char *type, const char *typname,
                     const char *category, int builtin)
{
    char *key = cls_asprintf("%s\x01%s\x01%s\x01%d", type, typname, category, builtin);
    size_t before = c->type_keys.count;
    long i = key ? strings_add(&c->type_keys, key) : -1;
    free(key);
    if (i < 0 || (size_t)i < before)
        return i;
    if (cls_grow((void **)&c->types, &c->types_cap, (size_t)i, sizeof *c->types) < 0)
        return -1;
    /* Binary and geometric values are not text a detector can read. */
    const char *why = strcmp(typname, "bytea") == 0 ? "binary type"
                      : category[0] == 'G' || strcmp(typname, "geometry") == 0 ||
                              strcmp(typname, "geography") == 0 ||
                              strcmp(typname, "raster") == 0
                          ? "geometry type"
                          : NULL;
    struct cls_pg_type *t = &c->types[i];
    t->shown = cls_strdup_utf8(type, strlen(type));
    t->skip_reason = why ? cls_asprintf("%s %s", why, type) : NULL;
    t->builtin = builtin;
    return t->shown && (!why || t->skip_reason) ? i : -1;
}

static struct cls_pg_rel *rel_by_oid(struct cls_pg_catalog *c, unsigned oid)
{
    if (c->filling && c->filling->oid == oid)
        return c->filling;
    struct cls_pg_rel key = {.oid = oid}, *k = &key;
    struct cls_pg_rel **hit = bsearch(&k, c->by_oid, c->nrels, sizeof *c->by_oid, by_oid);
    return hit ? *hit : NULL;
}

int cls_pg_catalog_add_column(struct cls_pg_catalog *c, unsigned oid, const char *name,
                              const char *type, const char *typname, const char *category,
                              int builtin)
{
    struct cls_pg_rel *r = rel_by_oid(c, oid);
    if (!r)
        return 0;
    if (r != c->filling && start(c, r) < 0)
        return CLS_ENOMEM;
    if (cls_grow((void **)&c->fill_cols, &c->fill_cols_cap, r->ncols, sizeof *c->fill_cols) < 0)
        return CLS_ENOMEM;
    char *shown = cls_strdup_utf8(name, strlen(name));
    long off = shown ? add_text(c, shown) : -1;
    long raw = off >= 0 && strcmp(shown, name) != 0 ? add_text(c, name) : (long)SAME;
    long t = off >= 0 && raw >= 0 ? add_type(c, type, typname, category, builtin) : -1;
    free(shown);
    if (t < 0)
        return CLS_ENOMEM;
    c->fill_cols[r->ncols++] = (struct cls_pg_col){(uint32_t)off, (uint32_t)raw, (uint32_t)t};
    return 0;
}

int cls_pg_catalog_end_columns(struct cls_pg_catalog *c)
{
    int rc = seal(c);
    free(c->by_oid);
    free(c->fill_cols);
    free(c->fill_text);
    c->by_oid = NULL;
    c->filling = NULL;
    c->fill_cols = NULL;
    c->fill_text = NULL;
    c->fill_cols_cap = c->fill_text_cap = c->fill_len = 0;
    return rc;
}

const struct cls_pg_rel *cls_pg_catalog_find(const struct cls_pg_catalog *c,
                                             const struct cls_table_ref *t)
{
    if (!c->by_name_slots)
        return NULL;
    size_t mask = c->by_name_slots - 1;
    for (size_t k = hash_ref(t->schema, t->name) & mask; c->by_name[k]; k = (k + 1) & mask) {
        const struct cls_pg_rel *r = &c->rels[c->by_name[k] - 1];
        if (strcmp(shown_schema(r), t->schema) == 0 && strcmp(shown_name(r), t->name) == 0)
            return r;
    }
    return NULL;
}

const char *cls_pg_col_name(const struct cls_pg_rel *r, size_t i)
{
    return (const char *)(r->cols + r->ncols) + r->cols[i].name;
}

const char *cls_pg_col_raw(const struct cls_pg_rel *r, size_t i)
{
    uint32_t raw = r->cols[i].raw;
    return raw == SAME ? cls_pg_col_name(r, i) : (const char *)(r->cols + r->ncols) + raw;
}

const struct cls_pg_type *cls_pg_col_type(const struct cls_pg_catalog *c,
                                          const struct cls_pg_rel *r, size_t i)
{
    return &c->types[r->cols[i].type];
}

void cls_pg_catalog_clear(struct cls_pg_catalog *c)
{
    cls_pg_catalog_end_columns(c);
    for (size_t i = 0; i < c->nrels; i++) {
        free(c->rels[i].name);
        free(c->rels[i].shown_name);
        free(c->rels[i].cols);
    }
    free(c->rels);
    for (size_t i = 0; i < c->type_keys.count && i < c->types_cap; i++) {
        free((char *)c->types[i].shown);
        free((char *)c->types[i].skip_reason);
    }
    free(c->types);
    strings_clear(&c->schemas);
    strings_clear(&c->type_keys);
    free(c->by_name);
    memset(c, 0, sizeof *c);
}
