/* Pipelined sampling of several small tables on one connection: a
 * database back-end that has it sends the next tables' queries while the
 * current table's rows are read and scanned, so a scan of thousands of
 * small tables does not wait one round trip per table. Not part of the
 * public source interface: scan.c picks the batch operations of the
 * back-end it is using. */
#ifndef CLASSIFY_DB_BATCH_H
#define CLASSIFY_DB_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "classify/source.h"

/* One table of a batch. */
struct cls_sample_req {
    const struct cls_table_ref *table;
    const struct cls_column_list *columns;
};

/* At most this many tables of one batch are outstanding at a time: handed
 * to the back-end (in reqs or by more()) and not yet ended. */
#define CLS_BATCH_RING 64

/* Called in table order. begin(i) comes before table i's rows (a negative
 * return fails table i; its rows are dropped); rows go to `row` with the
 * same user; end(i) reports the table's outcome: rc 0 and the rows
 * delivered, or rc < 0 with err set. Every table gets exactly one end.
 * more (may be NULL; a back-end may never call it) extends the batch
 * while it runs: it puts up to max further tables in out and returns how
 * many, 0 when there are none; they are tables n, n + 1, ... after the
 * n given so far. A back-end that keeps a pipeline full asks before its
 * last table is read, so the server never waits for the next batch. */
struct cls_batch_hooks {
    int (*begin)(void *user, size_t i, struct cls_error *err);
    cls_row_fn row;
    void (*end)(void *user, size_t i, int rc, uint64_t rows, const struct cls_error *err);
    size_t (*more)(void *user, struct cls_sample_req *out, size_t max);
    void *user;
};

struct cls_batch_ops {
    /* Samples n tables as sample() would, at most `window` queries ahead
     * of the one being read. Returns 0, or CLS_ENOMEM when memory ran
     * out (the remaining tables then got end() with that error). */
    int (*sample_batch)(struct cls_source *src, const struct cls_sample_req *reqs, size_t n,
                        const struct cls_batch_hooks *hooks);
    /* 0: sample() and sample_batch() need no list_tables() on this
     * connection (an extra --jobs worker can skip the catalog read). */
    int needs_catalog;
    /* Non-zero: a worker opens a fresh connection after sampling this many
     * tables on one, because the server's session keeps something per
     * table it read (a PostgreSQL backend caches every relation it opened,
     * ~6 kB each, never evicted: 100,000 tables made it 1 GB and each
     * table slower than the last). */
    size_t recycle_tables;
    /* Optional: ends the connection of a source whose catalog is still
     * read (list_columns) by the other workers. */
    void (*disconnect)(struct cls_source *src);
};

extern const struct cls_batch_ops cls_batch_pg;
extern const struct cls_batch_ops cls_batch_mysql;

#endif
