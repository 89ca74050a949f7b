/* The statistics behind a column's verdict. A checksum that random data
 * passes by chance (Luhn: 1 in 10) is judged by a binomial test: among the
 * distinct candidates of the right shape, how likely would chance alone give
 * as many valid values as were seen? Distinct values, because a value
 * repeated a hundred times is one trial, not a hundred: a `file_size` column
 * of a few sizes repeated must not fire because one of them happens to pass
 * the NHS modulus 11. Context words beside a match ("card", "exp", "nhs")
 * are evidence the statistics cannot see, so column.c counts the candidates
 * that have them apart. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/evidence.h"

double cls_binomial_tail(uint64_t k, uint64_t n, double p)
{
    if (k == 0)
        return 1.0;
    if (k > n || p <= 0.0)
        return 0.0;
    if (p >= 1.0)
        return 1.0;
    double nn = (double)n, lp = log(p), lq = log1p(-p);
    double lt = lgamma(nn + 1.0) - lgamma((double)k + 1.0) - lgamma(nn - (double)k + 1.0) +
                (double)k * lp + (nn - (double)k) * lq;
    /* Sum the terms from k up, relative to the first (log-space start, so
     * a tail of 1e-200 does not underflow to 0 before it is scaled). */
    double sum = 0.0, term = 1.0, ratio_pq = p / (1.0 - p);
    for (uint64_t j = k; j <= n; j++) {
        sum += term;
        term *= (double)(n - j) / (double)(j + 1) * ratio_pq;
        /* Past the mode the terms only fall: stop once they are noise. */
        if (term < sum * 1e-17 && (double)j > nn * p)
            break;
    }
    double r = exp(lt + log(sum));
    return r > 1.0 ? 1.0 : r;
}

enum cls_chance_verdict cls_chance_judge(struct cls_chance *c)
{
    c->p = cls_binomial_tail(c->valid, c->trials, c->rate);
    c->p_ctx = cls_binomial_tail(c->ctx_valid, c->ctx_trials, c->rate);
    /* At most the bound, with room for rounding: three valid numbers of
     * three under a telling name (chance 1 in 1,000 for Luhn) fire. */
    const double slack = 1.0 + 1e-9;
    if (c->p <= CLS_ALPHA * slack)
        return CLS_CHANCE_VALUES;
    if (c->p_ctx <= CLS_ALPHA_SUPPORTED * slack)
        return CLS_CHANCE_CONTEXT;
    if (c->valid == c->trials && c->valid >= CLS_UNANIMOUS_MIN &&
        c->p <= CLS_ALPHA_SUPPORTED * slack)
        return CLS_CHANCE_ALL;
    if (c->name && c->p <= CLS_ALPHA_SUPPORTED * slack)
        return CLS_CHANCE_NAME;
    return c->p <= CLS_ALPHA_REVIEW * slack ? CLS_CHANCE_REVIEW : CLS_CHANCE_NONE;
}

uint64_t cls_value_hash(const char *v, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)v[i]) * 0x100000001b3ULL;
    return h ? h : 1;
}

static bool set_grow(struct cls_value_set *s)
{
    size_t cap = s->cap ? s->cap * 2 : 64;
    uint64_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < s->cap; i++) {
        if (!s->slots[i])
            continue;
        size_t at = (size_t)(s->slots[i] * 0x9E3779B97F4A7C15ULL >> 20) & (cap - 1);
        while (slots[at])
            at = (at + 1) & (cap - 1);
        slots[at] = s->slots[i];
    }
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
    return true;
}

bool cls_value_set_add(struct cls_value_set *s, uint64_t h)
{
    if (s->full)
        return true;
    /* Keep the table at most half full, so probes stay short. */
    if (2 * (s->used + 1) > s->cap) {
        if (s->used >= CLS_VALUE_SET_MAX || !set_grow(s)) {
            s->full = true;
            return true;
        }
    }
    size_t at = (size_t)(h * 0x9E3779B97F4A7C15ULL >> 20) & (s->cap - 1);
    while (s->slots[at]) {
        if (s->slots[at] == h)
            return false;
        at = (at + 1) & (s->cap - 1);
    }
    s->slots[at] = h;
    s->used++;
    return true;
}

void cls_value_set_free(struct cls_value_set *s)
{
    free(s->slots);
    memset(s, 0, sizeof *s);
}

static bool is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Does word (lower case) occur as a whole word in v[from, to)? */
static bool word_in(const char *v, size_t from, size_t to, const char *word)
{
    size_t wl = strlen(word);
    for (size_t i = from; i + wl <= to; i++) {
        if (i > 0 && is_word_char(v[i - 1]))
            continue;               /* not the start of a word */
        size_t k = 0;
        while (k < wl && (v[i + k] | 0x20) == word[k])
            k++;
        if (k == wl && (i + wl == to || !is_word_char(v[i + wl])))
            return true;
    }
    return false;
}

bool cls_context_near(const char *v, size_t len, const struct cls_span *span,
                      const char *const *words)
{
    if (!words || span->start > len)
        return false;
    size_t end = span->start + span->len > len ? len : span->start + span->len;
    size_t lo = span->start > CLS_CONTEXT_WINDOW ? span->start - CLS_CONTEXT_WINDOW : 0;
    size_t hi = len - end > CLS_CONTEXT_WINDOW ? end + CLS_CONTEXT_WINDOW : len;
    for (size_t w = 0; words[w]; w++)
        if (word_in(v, lo, span->start, words[w]) || word_in(v, end, hi, words[w]))
            return true;
    return false;
}
