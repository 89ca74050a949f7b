/* The detection engine. `cls_engine` holds every detector's compiled pattern
 * and is shared read-only; a `cls_scanner` is one worker's mutable state
 * (PCRE2 match data). `cls_column_acc` accumulates one column's counts and
 * masked evidence, and turns them into a verdict (column.c). */
#ifndef CLASSIFY_ENGINE_H
#define CLASSIFY_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "classify/detector.h"
#include "classify/error.h"
#include "classify/report.h"

struct cls_engine;
struct cls_scanner;

/* Per-detector outcome for one value. */
enum cls_hit {
    CLS_HIT_NONE = 0,
    CLS_HIT_CANDIDATE = 1,   /* shape matched, validation failed */
    CLS_HIT_MATCH = 2,       /* validated */
};

struct cls_value_result {
    uint8_t *hit;            /* [detector_count] enum cls_hit */
    struct cls_span *span;   /* [detector_count] first validated span, or for a
                              * candidate-only hit the first candidate's */
    uint64_t hits;           /* bit i set when hit[i] != CLS_HIT_NONE */
};

/* At most this many detectors: a value's candidates are a 64-bit mask. */
#define CLS_DETECTORS_MAX 64

/* Compiles every registered detector. Caller frees with cls_engine_free. */
int cls_engine_new(struct cls_engine **out, struct cls_error *err);
void cls_engine_free(struct cls_engine *engine);
size_t cls_engine_detector_count(const struct cls_engine *engine);
const struct cls_detector *cls_engine_detector(const struct cls_engine *engine,
                                               size_t i);

/* Decision parameters of one detector under the policy in force. The
 * engine starts with each detector's defaults (label, min_count,
 * min_ratio); a policy overrides them before the scan starts. `enabled`
 * false means the detector is not run. */
struct cls_detector_params {
    bool enabled;
    int label;               /* rank in the policy's levels; default enum cls_label */
    uint32_t min_count;
    double min_ratio;
};
const struct cls_detector_params *cls_engine_params(const struct cls_engine *engine,
                                                    size_t i);
/* Overrides detector i's parameters; call before any scanner is made. */
void cls_engine_set_params(struct cls_engine *engine, size_t i,
                           const struct cls_detector_params *params);

int cls_scanner_new(struct cls_scanner **out, const struct cls_engine *engine,
                    struct cls_error *err);
void cls_scanner_free(struct cls_scanner *scanner);

/* Computes the shape of a value in one pass. */
void cls_shape_compute(struct cls_shape *shape, const char *v, size_t len);

/* Lists the value's digit runs as the engine hands them to find_in_runs
 * (the same code path). Returns false when the value has more than
 * CLS_DIGIT_RUNS_MAX runs; the engine then uses pattern / find instead. */
bool cls_digit_runs_compute(struct cls_digit_runs *runs, const char *v, size_t len);

/* Runs the detectors that could apply over one value. The returned result
 * is owned by the scanner and valid until the next call. */
const struct cls_value_result *cls_scan_value(struct cls_scanner *scanner,
                                              const char *v, size_t len);
/* As cls_scan_value, but the detectors with skip[i] non-zero are not run
 * (hit CLS_HIT_NONE): the column decision skips those that cannot fire on
 * this column (a birth date without a birth column name). skip may be
 * NULL. */
const struct cls_value_result *cls_scan_value_skip(struct cls_scanner *scanner,
                                                   const char *v, size_t len,
                                                   const uint8_t *skip);

/* As cls_scan_value, running only the detectors whose bit is set in
 * `allowed` (a column computes that mask once, not per value). */
const struct cls_value_result *cls_scan_value_mask(struct cls_scanner *scanner,
                                                   const char *v, size_t len,
                                                   uint64_t allowed);

/* One column's accumulator. */
struct cls_column_acc;

/* ctx names the column (its strings are copied); detectors and the column
 * decision may use the name and type as supporting or negative evidence. */
int cls_column_acc_new(struct cls_column_acc **out, const struct cls_engine *engine,
                       const struct cls_column_ctx *ctx);
void cls_column_acc_free(struct cls_column_acc *acc);
/* Makes acc (of this engine) the accumulator of another column, exactly
 * as cls_column_acc_new would make a new one, but keeping its memory: a
 * worker reuses its accumulators from table to table. 0, or CLS_ENOMEM
 * (acc must then be freed). */
int cls_column_acc_reuse(struct cls_column_acc *acc, const struct cls_column_ctx *ctx);
/* Notes every value of acc afresh, never from the column's cache of
 * repeated values: the reference the cache is tested and measured against. */
void cls_column_acc_uncached(struct cls_column_acc *acc);
/* Adds one sampled value (v == NULL for SQL NULL). */
void cls_column_acc_add(struct cls_column_acc *acc, struct cls_scanner *scanner,
                        const char *v, size_t len);
/* A sample drawn on the client (a reservoir): a value is run through the
 * detectors when its row is drawn into a slot, while the rest of the
 * stream is still on the wire, and counted only when the draw is final.
 * cls_column_acc_draw notes the value drawn into `slot` of `slots` (the
 * reservoir's size: the notes are sized for it once; a slot beyond it
 * still works), replacing the note of the slot's earlier value; 0 or
 * CLS_ENOMEM.
 * cls_column_acc_add_drawn then counts the final value of `slot` (the same
 * bytes) exactly as cls_column_acc_add would, from its note: called in
 * slot order, the verdict is the same as adding the values in that order.
 * A slot never drawn is noted on the spot. */
int cls_column_acc_draw(struct cls_column_acc *acc, struct cls_scanner *scanner,
                        uint64_t slot, uint64_t slots, const char *v, size_t len);
void cls_column_acc_add_drawn(struct cls_column_acc *acc, struct cls_scanner *scanner,
                              uint64_t slot, const char *v, size_t len);
/* Decides the column: fills col's label, counts, findings and reasons. */
int cls_column_acc_decide(const struct cls_column_acc *acc,
                          struct cls_column_report *col);

/* True when the column (or table) name matches detector d's name_hint, or
 * with veto set its name_veto (case-insensitive; compiled once per process,
 * thread-safe). False for a detector without that pattern. */
bool cls_column_name_hint(const struct cls_detector *d, const char *name, bool veto);

/* Masks a message that came from a server or a client library: every span
 * a detector validates (a card number, an SSN, an e-mail address) becomes
 * that detector's masked evidence. *out is the caller's to free. Returns 0
 * or CLS_ENOMEM. Thread-safe (uses a scanner of its own). */
int cls_mask_message(char **out, const struct cls_engine *engine, const char *msg);
/* What the table's name says about a column whose name is generic for
 * detector d (its generic_name: `name`, `title`): 1 when a word of the
 * table name matches d's table_hint (customers.name), -1 when it matches
 * its table_veto (tracks.name), 0 when it says nothing or the column name
 * is not generic. Words are tried from the last. (core/context.c) */
int cls_column_table_context(const struct cls_detector *d, const char *table,
                             const char *column);

/* Wilson score interval for k successes in n trials at 95% confidence. */
void cls_wilson(uint64_t k, uint64_t n, double *low, double *high);

#endif
