/* The PostgreSQL catalog one connection read (sources/pg_catalog.c): every
 * table with its columns, held compactly enough for a database of 100,000
 * tables (README "Scale of the catalog"). No libpq here: pg.c feeds it the
 * catalog queries' rows one at a time. */
#ifndef CLS_SOURCES_PG_CATALOG_H
#define CLS_SOURCES_PG_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "classify/source.h"

/* A string set: each distinct string is kept once, found by hash. */
struct cls_pg_strings {
    char **items;
    size_t count, cap;
    uint32_t *slots;                 /* index + 1 into items, 0: empty */
    size_t nslots;
};

/* A column type as the catalog names it, kept once per distinct type. */
struct cls_pg_type {
    const char *shown;               /* format_type(), made printable */
    const char *skip_reason;         /* "binary type bytea"..., NULL: sampled */
    int builtin;                     /* a pg_catalog type */
};

/* One column: offsets of its names into the rel's text, its type's index. */
struct cls_pg_col {
    uint32_t name;                   /* printable name */
    uint32_t raw;                    /* raw name (differs when not printable) */
    uint32_t type;                   /* into cls_pg_catalog.types */
};

/* A table's entry. Names are kept as the server has them, for SQL; the
 * refs handed out carry them made printable (cls_strdup_utf8: a newline or
 * a byte that is not UTF-8 becomes U+FFFD), and a quoted identifier
 * holding one would not be found under that name. shown_* are NULL where
 * the two agree. */
struct cls_pg_rel {
    unsigned oid;
    char kind;                       /* pg_class.relkind */
    const char *schema, *shown_schema;   /* in the catalog's string set */
    char *name, *shown_name;
    struct cls_pg_col *cols;         /* one block: ncols columns, then names */
    uint32_t ncols;
};

struct cls_pg_catalog {
    struct cls_pg_rel *rels;
    size_t nrels, cap;
    struct cls_pg_strings schemas;
    struct cls_pg_strings type_keys; /* parallel to types */
    struct cls_pg_type *types;
    size_t types_cap;
    uint32_t *by_name;               /* hash of shown schema.name: rel index + 1 */
    size_t by_name_slots;
    /* While columns are read: rels by oid, and the rel being filled. */
    struct cls_pg_rel **by_oid;
    struct cls_pg_rel *filling;
    struct cls_pg_col *fill_cols;
    size_t fill_cols_cap;
    char *fill_text;
    size_t fill_len, fill_text_cap;
};

/* Adds a table: its raw names, its printable ref t (schema and name), its
 * oid and relkind. 0 or CLS_ENOMEM. */
int cls_pg_catalog_add_rel(struct cls_pg_catalog *c, unsigned oid, const char *schema,
                           const char *name, char kind, const struct cls_table_ref *t);

/* Before the columns: indexes the tables. 0 or CLS_ENOMEM. */
int cls_pg_catalog_begin_columns(struct cls_pg_catalog *c);

/* Adds a column to table oid (ignored when the catalog has no such
 * table): its raw name, format_type(), pg_type.typname and typcategory,
 * and whether the type is a pg_catalog one. Columns of one table come
 * together, in order. 0 or CLS_ENOMEM. */
int cls_pg_catalog_add_column(struct cls_pg_catalog *c, unsigned oid, const char *name,
                              const char *type, const char *typname, const char *category,
                              int builtin);

/* After the last column: seals the last table, frees what reading needed.
 * 0 or CLS_ENOMEM. */
int cls_pg_catalog_end_columns(struct cls_pg_catalog *c);

/* The table whose printable schema and name are t's, or NULL. */
const struct cls_pg_rel *cls_pg_catalog_find(const struct cls_pg_catalog *c,
                                             const struct cls_table_ref *t);

/* Column i of r: its printable name, its raw name, its type. */
const char *cls_pg_col_name(const struct cls_pg_rel *r, size_t i);
const char *cls_pg_col_raw(const struct cls_pg_rel *r, size_t i);
const struct cls_pg_type *cls_pg_col_type(const struct cls_pg_catalog *c,
                                          const struct cls_pg_rel *r, size_t i);

/* Frees everything and leaves c empty. */
void cls_pg_catalog_clear(struct cls_pg_catalog *c);

#endif
