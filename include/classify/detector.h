/* The detector interface. A detector is one `const struct cls_detector`
 * exported by one file in detectors/ and listed once in detectors.def.
 *
 * Detection of one value runs in three steps, cheapest first:
 *   1. `could_match` looks at the value's shape (counts of digits, '@', ...)
 *      computed once per value for all detectors, and rules the detector out
 *      without touching the bytes again;
 *   2. `pattern` (PCRE2, compiled once with JIT) or `find` (a hand-written
 *      scanner) proposes candidate spans inside the value;
 *   3. `validate` checks a candidate by its published rule (Luhn, ranges).
 * A value counts once per detector: as a candidate if any span was proposed,
 * as a match if any candidate validated. The column decision (column.c) uses
 * both counts, so a checksum that random data passes by chance can be told
 * apart from real data. */
#ifndef CLASSIFY_DETECTOR_H
#define CLASSIFY_DETECTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "classify/label.h"

/* Byte-class counts of one value, computed in a single pass (engine.c). */
struct cls_shape {
    size_t len;
    uint32_t digits;        /* '0'..'9' */
    uint32_t max_digit_run; /* longest run of digits, separators ' ' '-' allowed singly */
    uint32_t alpha;         /* ASCII letters */
    uint32_t upper;
    uint32_t at;            /* '@' */
    uint32_t dot;
    uint32_t dash;
    uint32_t colon;
    uint32_t mask_chars;    /* '*', '#', 'X', 'x' */
    uint32_t spaces;
    uint32_t high;          /* bytes >= 0x80 */
    uint32_t dollar;        /* '$' (password-hash formats) */
    /* Bit n set when a digit run as counted by max_digit_run has exactly n
     * digits (bit 31: 31 or more), so a detector of 10-digit numbers skips
     * a value holding only 16-digit ones. */
    uint32_t digit_run_set;
};

/* Classes of bytes a value holds (count > 0), for a detector's `needs`.
 * Bit k is the k-th 32-bit count of struct cls_shape from `digits` on
 * (bit 1, max_digit_run, says no more than digits), so the engine reads
 * them all with three vector compares. */
enum {
    CLS_NEED_DIGIT = 1 << 0,
    CLS_NEED_ALPHA = 1 << 2,
    CLS_NEED_UPPER = 1 << 3,
    CLS_NEED_AT = 1 << 4,
    CLS_NEED_DOT = 1 << 5,
    CLS_NEED_DASH = 1 << 6,
    CLS_NEED_COLON = 1 << 7,
    CLS_NEED_MASK = 1 << 8,
    CLS_NEED_SPACE = 1 << 9,
    CLS_NEED_HIGH = 1 << 10,
    CLS_NEED_DOLLAR = 1 << 11,
};
/* digit_run_set bits of every run length from n up (n <= 31). */
#define CLS_RUNS_FROM(n) (~0u << (n))

/* True when shape holds a digit run of exactly n digits (n < 31). */
#define CLS_SHAPE_HAS_RUN(shape, n) (((shape)->digit_run_set >> (n)) & 1u)

/* The maximal runs of ASCII digits of one value ("4111 1111" has two),
 * found once per value by the engine and shared by every digit-based
 * detector's find_in_runs, so none of them walks the value's other bytes.
 * Only values that some such detector could match get their runs listed. */
#define CLS_DIGIT_RUNS_MAX 32
struct cls_digit_run {
    uint32_t start;
    uint32_t len;
};
struct cls_digit_runs {
    uint32_t count;
    struct cls_digit_run run[CLS_DIGIT_RUNS_MAX];
};

/* Where a candidate lies inside a value. */
struct cls_span {
    size_t start;
    size_t len;
};

/* Column context given to detectors that judge whole columns (name hints). */
struct cls_column_ctx {
    const char *table;
    const char *column;
    const char *data_type;
    /* The table's other columns, by name (may be NULL): a generic `date`
     * beside `birth_place` is a birth date. */
    const char *const *neighbours;
    size_t neighbour_count;
};

struct cls_detector {
    const char *id;          /* stable id used in reports and policies */
    const char *category;    /* "payment", "health", "national_id", "contact", "credential" */
    enum cls_label label;    /* label in the built-in default policy */
    const char *rule;        /* one line: what is matched and how it is validated */
    const char *example;     /* a synthetic or published test value that matches */

    /* Step 1: may be NULL (always try). Must be cheap and side-effect free. */
    bool (*could_match)(const struct cls_shape *shape);
    /* What could_match requires, as data, so the engine rules a detector
     * out with two table look-ups before calling it: every CLS_NEED_*
     * class in `needs` present, and, when needs_runs is not 0, a digit run
     * whose length is one of its bits (as digit_run_set), and, when
     * needs_any is not 0, one of its classes present (letters or bytes of
     * UTF-8 for a name). Each may be 0; none may ask for more than
     * could_match does (test_detectors checks over random shapes). */
    unsigned needs;
    uint32_t needs_runs;
    unsigned needs_any;
    /* Step 2: exactly one of pattern / find. The pattern is matched on bytes
     * (no UTF mode); `find` returns true and fills *span for the first
     * candidate at or after `from`. */
    const char *pattern;
    bool (*find)(const char *value, size_t len, size_t from, struct cls_span *span);
    /* Step 2, digit-based detectors: may be NULL. The same candidates as
     * pattern / find (which stays, for values with more than
     * CLS_DIGIT_RUNS_MAX runs), found from the value's digit runs. */
    bool (*find_in_runs)(const char *value, size_t len, const struct cls_digit_runs *runs,
                         size_t from, struct cls_span *span);
    /* Step 2b: may be NULL. A proposed span counts as a candidate only when
     * shape_ok accepts it (a card brand's prefix and length), so that
     * chance_pass_rate is the rate at which a candidate of the right shape
     * passes the check by chance (1 in 10 for Luhn), which the column's
     * binomial test needs (core/evidence.c). */
    bool (*shape_ok)(const char *s, size_t len);
    /* Step 3: may be NULL (every candidate is a match). */
    bool (*validate)(const char *s, size_t len);
    /* Writes masked evidence for a validated span into out (NUL-terminated,
     * never longer than outsz - 1). Must not reveal the value: keep at most
     * what PCI-DSS allows for a card (first 4 / last 4 here). */
    void (*mask)(const char *s, size_t len, char *out, size_t outsz);

    /* Column decision thresholds (see README "Column decision"). */
    uint32_t min_count;      /* at least this many matching values */
    double min_ratio;        /* matches / non-null values at least this */
    /* Probability that a random candidate validates (e.g. 0.1 for Luhn).
     * When > 0, the column fires only when chance alone would give as many
     * valid distinct candidates with probability below 1e-6 (README "How a
     * column is judged"): a column of random numbers of the right length is
     * not a column of card numbers. */
    double chance_pass_rate;
    /* Words (lower case, NULL-terminated) that, next to a candidate in the
     * same value, say what it is: "card", "exp", "nhs", "ssn". Candidates
     * with one are tested apart, at a looser bound. May be NULL. */
    const char *const *context_words;
    /* A match written bare (digits and letters only, no separator) counts
     * only when the column name or a context word supports it; otherwise it
     * is a candidate: a bare 9-digit number is an SSN only in `ssn`. */
    bool bare_needs_support;

    /* Column-name evidence (column.c). name_hint is a case-insensitive
     * PCRE2 pattern over the column name ("ssn|social_sec"): supporting
     * evidence, never sufficient alone for a checksum detector. */
    const char *name_hint;
    /* Fires only when the column name (or a neighbouring column's name)
     * supports it: dates are birth dates only in a `dob` column, short
     * ICD-10 codes collide with other ids. */
    bool needs_name_hint;
    /* A name_hint match alone yields a finding with basis "name" when the
     * column has no non-null values (an empty new `patients.ssn`). */
    bool name_alone;
    /* Case-insensitive PCRE2 over the column name that counts against the
     * detector even when values match: `10.2.3.4` in `version` is a
     * version, not an IP address. May be NULL. */
    const char *name_veto;
    /* With name_hint matching, values that only reached the candidate step
     * count as matches: a lone given name in `first_name`, a bare 10-digit
     * number in `phone`. Never set for a checksum detector. */
    bool hint_counts_candidates;
    /* A column name that says nothing alone (`name`, `title`): its table's
     * name decides (classify/core/context.c). generic_name is a
     * case-insensitive PCRE2 over the column name; table_hint and
     * table_veto over each word of the table name, the last word first
     * (customer_products: products). A hint counts as the column name's
     * support, a veto against the detector. All three may be NULL. */
    const char *generic_name;
    const char *table_hint;
    const char *table_veto;

    /* Built-in published vectors for `classify detectors --self-test`:
     * NULL-terminated lists of values that must match (positives) and must
     * not (negatives: near-misses, documentation examples). NULL = none. */
    const char *const *positives;
    const char *const *negatives;
};

/* The registry: every built-in detector, in detectors.def order. */
extern const struct cls_detector *const cls_detectors[];
extern const size_t cls_detector_count;

/* Looks a detector up by id; NULL when unknown. */
const struct cls_detector *cls_detector_find(const char *id);

#endif
