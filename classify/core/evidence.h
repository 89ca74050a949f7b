/* The statistics of a column's verdict (evidence.c): how likely chance alone
 * gives a count of checksum-valid values, distinct-value counting, and the
 * context words beside a match. Private to core/. */
#ifndef CLASSIFY_CORE_EVIDENCE_H
#define CLASSIFY_CORE_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "classify/detector.h"

/* A checksum detector fires when chance alone would give at least as many
 * valid values with probability at most CLS_ALPHA (README "How a column is
 * judged"); with supporting evidence (the column name, or context words
 * beside the matches) at most CLS_ALPHA_SUPPORTED. A finding that does not
 * fire but whose chance probability is at most CLS_ALPHA_REVIEW is flagged
 * for review. */
#define CLS_ALPHA 1e-6
#define CLS_ALPHA_SUPPORTED 1e-3
#define CLS_ALPHA_REVIEW 1e-3
/* A small column where every distinct candidate, at least this many, is
 * valid fires at CLS_ALPHA_SUPPORTED: three card numbers of three in a
 * three-row table are card numbers (random ones: 1 in 1,000), and a gate
 * must not pass them as Public for want of rows. */
#define CLS_UNANIMOUS_MIN 3

/* Bytes either side of a candidate searched for a context word. */
#define CLS_CONTEXT_WINDOW 32

/* P(X >= k) for X ~ Binomial(n, p): the chance that n random candidates
 * give k or more valid values. 1 when k == 0; p in (0, 1). Accurate to a
 * few digits down to 1e-300 (summed in log space). */
double cls_binomial_tail(uint64_t k, uint64_t n, double p);

/* What a checksum detector's counts say against chance. */
enum cls_chance_verdict {
    CLS_CHANCE_NONE,      /* no more valid values than chance gives */
    CLS_CHANCE_REVIEW,    /* more than chance, not enough to fire: a person looks */
    CLS_CHANCE_VALUES,    /* fires on the values alone (p < CLS_ALPHA) */
    CLS_CHANCE_CONTEXT,   /* fires on the candidates with context words */
    CLS_CHANCE_ALL,       /* every one of a few candidates is valid */
    CLS_CHANCE_NAME,      /* fires because the column name supports it */
};

struct cls_chance {
    uint64_t trials, valid;         /* distinct candidates, distinct valid ones */
    uint64_t ctx_trials, ctx_valid; /* the same, with a context word beside */
    double rate;                    /* chance a random candidate validates */
    bool name;                      /* the column name supports the detector */
    /* Out: */
    double p;                       /* P(>= valid | chance) over all candidates */
    double p_ctx;                   /* the same over those with context words */
};

/* Judges the counts in c against chance, fills c->p and c->p_ctx and
 * returns the verdict: values first, then context words, then a small
 * unanimous column, then the name; REVIEW when p <= CLS_ALPHA_REVIEW but
 * none of these fires. */
enum cls_chance_verdict cls_chance_judge(struct cls_chance *c);

/* A set of 64-bit value hashes, to count distinct values: repeated values
 * are not independent trials. Grows to CLS_VALUE_SET_MAX entries; past
 * that every value counts as new (the count is then an upper bound). */
#define CLS_VALUE_SET_MAX 65536
struct cls_value_set {
    uint64_t *slots;   /* 0 = empty */
    size_t cap, used;
    bool full;         /* allocation failed or the cap was reached */
};

/* Adds hash h (never 0: callers map 0 to 1); true when it was not in the
 * set. */
bool cls_value_set_add(struct cls_value_set *set, uint64_t h);
void cls_value_set_free(struct cls_value_set *set);

/* FNV-1a of len bytes, never 0. */
uint64_t cls_value_hash(const char *v, size_t len);

/* True when one of words (lower-case, NULL-terminated) appears as a whole
 * word, in any case, within CLS_CONTEXT_WINDOW bytes before or after the
 * span in v. False when words is NULL. */
bool cls_context_near(const char *v, size_t len, const struct cls_span *span,
                      const char *const *words);

#endif
