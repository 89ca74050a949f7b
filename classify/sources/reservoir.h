/* A reservoir of rows: keeps a uniform random sample of n rows out of a
 * stream of unknown length, by Li's Algorithm L (ACM TOMS 20(4), 1994),
 * with a generator seeded from --seed so a run can be repeated. The
 * PostgreSQL source streams an uncapped Bernoulli or SYSTEM sample of a
 * little more than n rows into it instead of sorting them on the server. */
#ifndef CLASSIFY_RESERVOIR_H
#define CLASSIFY_RESERVOIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "classify/source.h"

struct cls_reservoir;

/* A reservoir of at most n rows of ncols values each. NULL when out of
 * memory or n is 0. */
struct cls_reservoir *cls_reservoir_new(uint64_t n, size_t ncols, uint64_t seed);
void cls_reservoir_free(struct cls_reservoir *r);

/* Drawn rows are handed over (cls_reservoir_flush) this many at a time:
 * the consumer examines a batch of rows in a row, with its own code and
 * tables in cache, instead of one row between every two network reads. */
#define CLS_RESERVOIR_BATCH 256

/* Offers the next row of the stream (values NULL for SQL NULL, lens at
 * most CLS_VALUE_MAX: longer ones are cut); the reservoir copies it when
 * it is drawn, and remembers the slot for the next flush. Returns 1 when it was drawn (into *slot, when slot is not
 * NULL, replacing that slot's row), 0 when passed over, or CLS_ENOMEM. */
int cls_reservoir_offer(struct cls_reservoir *r, const char *const *values,
                        const size_t *lens, uint64_t *slot);

/* Slots drawn since the last flush (a source flushes when it reaches
 * CLS_RESERVOIR_BATCH; the list grows if it does not). */
size_t cls_reservoir_pending(const struct cls_reservoir *r);

/* Hands the rows drawn since the last flush to fn as CLS_ROW_DRAWN rows
 * (each slot once, with its current row: a slot drawn twice since the last
 * flush is handed once). Returns 1 when fn asked to stop, else 0. */
int cls_reservoir_flush(struct cls_reservoir *r, cls_row_fn fn, void *user);

/* Like cls_reservoir_flush, but fn runs on the reservoir's helper thread
 * while the caller goes on reading the stream: when the helper is done
 * with the rows handed last time, hands it every row drawn since; while it
 * is busy, keeps them for a later call. Never waits for the helper. fn is
 * then called from that thread, never at the same time as from another,
 * and all its calls for drawn rows are done before cls_reservoir_flush,
 * cls_reservoir_deliver or cls_reservoir_free returns. The same fn and
 * user every time. Returns 1 when fn asked to stop (on an earlier batch),
 * else 0. Without a helper (none could be started, or none is wanted: see
 * cls_reservoir_set_helper), flushes here. */
int cls_reservoir_flush_behind(struct cls_reservoir *r, cls_row_fn fn, void *user);

/* Whether cls_reservoir_flush_behind may start the helper thread. By
 * default only on a machine with more than two online CPUs: with two, the
 * server sending the stream keeps one busy and the helper only shares the
 * other with the reading thread (no faster, a little more CPU). Call
 * before the first cls_reservoir_flush_behind. */
void cls_reservoir_set_helper(struct cls_reservoir *r, bool on);

/* Rows offered so far. */
uint64_t cls_reservoir_seen(const struct cls_reservoir *r);

/* Flushes the rows drawn since the last flush, then hands every kept row
 * to fn in slot order, as CLS_ROW_KEPT rows with their slot, until fn
 * returns non-zero; *delivered counts the kept rows handed over. Returns 0
 * or CLS_ENOMEM. */
int cls_reservoir_deliver(struct cls_reservoir *r, cls_row_fn fn, void *user,
                          uint64_t *delivered);

#endif
