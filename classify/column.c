/* One column's verdict. Counts, per detector, the values that held a
 * candidate and the values that validated, keeps up to three distinct
 * masked evidence strings, and decides which detectors fire by the rule in
 * the README ("Column decision"):
 *
 *   matches >= min_count, matches / non-null >= min_ratio, and, for a
 *   detector whose validator random data passes by chance (Luhn: 1 in 10),
 *   the 95% Wilson lower bound of matches / candidates >= 3 x that chance.
 *
 * The last clause is what separates a card-number column (every candidate
 * passes Luhn) and a notes column with a few cards in it (the few
 * candidates pass) from a column of random 16-digit order ids (about 1 in
 * 10 candidates pass, and fewer fall in a card range). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify/engine.h"
#include "util.h"

#define EVIDENCE_LEN 96
#define DEFAULT_MIN_COUNT 2
#define CHANCE_FACTOR 3.0

struct det_acc {
    uint64_t candidates;
    uint64_t matches;
    size_t evidence_count;
    char evidence[CLS_EVIDENCE_MAX][EVIDENCE_LEN];
};

struct cls_column_acc {
    const struct cls_engine *engine;
    char *table;           /* context: names and type, owned */
    char *column;
    char *data_type;
    uint64_t sampled;
    uint64_t non_null;
    struct det_acc *det;   /* [detector count] */
};

int cls_column_acc_new(struct cls_column_acc **out, const struct cls_engine *engine,
                       const struct cls_column_ctx *ctx)
{
    struct cls_column_acc *a = calloc(1, sizeof *a);
    size_t n = cls_engine_detector_count(engine);
    if (!a)
        return CLS_ENOMEM;
    a->engine = engine;
    a->det = calloc(n ? n : 1, sizeof *a->det);
    a->table = strdup(ctx && ctx->table ? ctx->table : "");
    a->column = strdup(ctx && ctx->column ? ctx->column : "");
    a->data_type = strdup(ctx && ctx->data_type ? ctx->data_type : "");
    if (!a->det || !a->table || !a->column || !a->data_type) {
        cls_column_acc_free(a);
        return CLS_ENOMEM;
    }
    *out = a;
    return 0;
}

void cls_column_acc_free(struct cls_column_acc *a)
{
    if (!a)
        return;
    free(a->det);
    free(a->table);
    free(a->column);
    free(a->data_type);
    free(a);
}

static void keep_evidence(struct det_acc *da, const struct cls_detector *d,
                          const char *s, size_t len)
{
    char masked[EVIDENCE_LEN];
    if (da->evidence_count >= CLS_EVIDENCE_MAX)
        return;
    masked[0] = '\0';
    if (d->mask)
        d->mask(s, len, masked, sizeof masked);
    else
        snprintf(masked, sizeof masked, "[%zu characters]", len);
    for (size_t i = 0; i < da->evidence_count; i++)
        if (strcmp(da->evidence[i], masked) == 0)
            return;
    memcpy(da->evidence[da->evidence_count++], masked, sizeof masked);
}

void cls_column_acc_add(struct cls_column_acc *a, struct cls_scanner *scanner,
                        const char *v, size_t len)
{
    a->sampled++;
    if (!v)
        return;
    a->non_null++;
    if (len == 0)
        return;
    const struct cls_value_result *r = cls_scan_value(scanner, v, len);
    size_t n = cls_engine_detector_count(a->engine);
    for (size_t i = 0; i < n; i++) {
        if (r->hit[i] == CLS_HIT_NONE)
            continue;
        struct det_acc *da = &a->det[i];
        da->candidates++;
        if (r->hit[i] == CLS_HIT_MATCH) {
            da->matches++;
            keep_evidence(da, cls_engine_detector(a->engine, i),
                          v + r->span[i].start, r->span[i].len);
        }
    }
}

void cls_wilson(uint64_t k, uint64_t n, double *low, double *high)
{
    if (n == 0) {
        *low = 0.0;
        *high = 1.0;
        return;
    }
    const double z = 1.959963984540054;
    double p = (double)k / (double)n, nn = (double)n;
    double denom = 1.0 + z * z / nn;
    double centre = (p + z * z / (2.0 * nn)) / denom;
    double half = z * sqrt(p * (1.0 - p) / nn + z * z / (4.0 * nn * nn)) / denom;
    *low = centre - half < 0.0 ? 0.0 : centre - half;
    *high = centre + half > 1.0 ? 1.0 : centre + half;
}

/* Decides one detector on this column; writes a reason either way. */
static bool decide_detector(const struct cls_detector *d, const struct cls_detector_params *p,
                            const struct det_acc *da, uint64_t non_null,
                            struct cls_column_report *col)
{
    uint32_t min_count = p->min_count ? p->min_count : DEFAULT_MIN_COUNT;
    double ratio = non_null ? (double)da->matches / (double)non_null : 0.0;
    const char *label = cls_label_name((enum cls_label)p->label);
    if (da->matches < min_count) {
        cls_column_add_reason(col, "%s in %llu of %llu values: fewer than %u -> not fired",
                              d->id, (unsigned long long)da->matches,
                              (unsigned long long)non_null, min_count);
        return false;
    }
    if (ratio < p->min_ratio) {
        cls_column_add_reason(col, "%s in %.1f%% of %llu values: below %.1f%% -> not fired",
                              d->id, ratio * 100.0, (unsigned long long)non_null,
                              p->min_ratio * 100.0);
        return false;
    }
    if (d->chance_pass_rate > 0.0) {
        double lo, hi;
        cls_wilson(da->matches, da->candidates, &lo, &hi);
        if (lo < CHANCE_FACTOR * d->chance_pass_rate) {
            cls_column_add_reason(col,
                                  "%s: only %llu of %llu candidates pass the check "
                                  "(%.1f%%; random data passes %.0f%%) -> not fired, "
                                  "looks like random numbers",
                                  d->id, (unsigned long long)da->matches,
                                  (unsigned long long)da->candidates,
                                  100.0 * (double)da->matches / (double)da->candidates,
                                  d->chance_pass_rate * 100.0);
            return false;
        }
    }
    cls_column_add_reason(col, "%s in %.1f%% of %llu values -> %s", d->id,
                          ratio * 100.0, (unsigned long long)non_null, label);
    return true;
}

static int add_finding(struct cls_column_report *col, const struct cls_detector *d,
                       const struct det_acc *da, uint64_t non_null, bool fired)
{
    struct cls_finding *f = &col->findings[col->finding_count++];
    f->detector = strdup(d->id);
    f->basis = strdup("values");
    f->matches = da->matches;
    f->candidates = da->candidates;
    f->ratio = non_null ? (double)da->matches / (double)non_null : 0.0;
    cls_wilson(da->matches, non_null, &f->ratio_low, &f->ratio_high);
    f->fired = fired;
    for (size_t i = 0; i < da->evidence_count; i++)
        f->evidence[f->evidence_count++] = cls_strdup_utf8(da->evidence[i],
                                                           strlen(da->evidence[i]));
    return f->detector && f->basis ? 0 : CLS_ENOMEM;
}

int cls_column_acc_decide(const struct cls_column_acc *a, struct cls_column_report *col)
{
    size_t n = cls_engine_detector_count(a->engine);
    col->values_sampled = a->sampled;
    col->values_non_null = a->non_null;
    col->label = CLS_PUBLIC;
    col->findings = calloc(n ? n : 1, sizeof *col->findings);
    if (!col->findings)
        return CLS_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const struct det_acc *da = &a->det[i];
        if (da->matches == 0)
            continue;
        const struct cls_detector *d = cls_engine_detector(a->engine, i);
        const struct cls_detector_params *p = cls_engine_params(a->engine, i);
        bool fired = decide_detector(d, p, da, a->non_null, col);
        if (add_finding(col, d, da, a->non_null, fired) < 0)
            return CLS_ENOMEM;
        if (fired && p->label > (int)col->label)
            col->label = (enum cls_label)p->label;
    }
    if (col->label == CLS_PUBLIC && col->reason_count == 0)
        cls_column_add_reason(col, "no detector matched in %llu non-null values -> Public",
                              (unsigned long long)a->non_null);
    return 0;
}
