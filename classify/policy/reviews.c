/* Reviewers' overrides: the policy's `reviews` (from its own section or a
 * --reviews file that `classify review export` wrote) and how one applies
 * to a decided column or table. An override holds only while the data is
 * what was reviewed: its fingerprint (label detected, detectors, protection
 * state) must equal the one the scan finds now, else it expires and the
 * report says so. A label an override lowers stays visible: the column
 * keeps the detected label in its `override` and a reason names who
 * decided. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "policy/reviews.h"
#include "report/xlsx.h"
#include "util/util.h"

static void review_clear(struct cls_policy_review *v)
{
    char *fields[] = {v->source, v->schema, v->table, v->column, v->decision, v->label,
                      v->reviewer, v->date, v->comment, v->fingerprint};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        free(fields[i]);
}

void cls_policy_reviews_free(struct cls_policy *p)
{
    for (size_t i = 0; i < p->review_count; i++)
        review_clear(&p->reviews[i]);
    free(p->reviews);
    p->reviews = NULL;
    p->review_count = 0;
}

int cls_policy_take_reviews(struct cls_policy *p, struct cls_policy *from,
                            const char *from_name, struct cls_error *err)
{
    /* from == p's own reviews when from is empty: check those */
    const struct cls_policy *check = from->review_count ? from : p;
    for (size_t i = 0; i < check->review_count; i++) {
        const struct cls_policy_review *v = &check->reviews[i];
        if (v->label && cls_policy_level_find(p, v->label) < 0)
            return cls_error_set(err, CLS_EPARSE, "%s: review %zu (%s.%s%s%s): label '%s' is "
                                 "not a level of the policy", from_name, i + 1, v->schema,
                                 v->table, v->column[0] ? "." : "", v->column, v->label);
    }
    if (!from->review_count)
        return 0;
    struct cls_policy_review *grown =
        realloc(p->reviews, (p->review_count + from->review_count) * sizeof *grown);
    if (!grown)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    memcpy(grown + p->review_count, from->reviews, from->review_count * sizeof *grown);
    p->reviews = grown;
    p->review_count += from->review_count;
    free(from->reviews);
    from->reviews = NULL;
    from->review_count = 0;
    return 0;
}

/* A source as it is matched: a file by its base name (the same export in
 * another folder is the same table), a URI without user and password. */
static void source_key(const char *src, char *out, size_t size)
{
    const char *p = strstr(src, "://");
    if (!p) {
        const char *base = strrchr(src, '/');
        snprintf(out, size, "%s", base ? base + 1 : src);
        return;
    }
    const char *host = p + 3;
    size_t len = strcspn(host, "/?");
    const char *at = memchr(host, '@', len);
    snprintf(out, size, "%.*s%s", (int)(host - src), src, at ? at + 1 : host);
}

const struct cls_policy_review *cls_policy_review_find(const struct cls_policy *p,
                                                       const char *source, const char *schema,
                                                       const char *table, const char *column)
{
    char want[1024], have[1024];
    source_key(source ? source : "", want, sizeof want);
    for (size_t i = 0; i < p->review_count; i++) {
        const struct cls_policy_review *v = &p->reviews[i];
        if (strcmp(v->table, table ? table : "") != 0 ||
            strcmp(v->schema, schema ? schema : "") != 0 ||
            strcmp(v->column, column ? column : "") != 0)
            continue;
        source_key(v->source, have, sizeof have);
        if (strcmp(want, have) == 0)
            return v;
    }
    return NULL;
}

/* ---- applying one ------------------------------------------------------------------- */

static int record_expired(const struct cls_policy_review *v, const char *now,
                          struct cls_expired_override *e)
{
    e->source = cls_strdup(v->source);
    e->schema = cls_strdup(v->schema);
    e->table = cls_strdup(v->table);
    e->column = cls_strdup(v->column);
    e->decision = cls_strdup(v->decision);
    e->reviewer = cls_strdup(v->reviewer);
    e->date = cls_strdup(v->date);
    e->reviewed = cls_strdup(v->fingerprint);
    e->now = cls_strdup(now);
    return e->source && e->schema && e->table && e->column && e->decision && e->reviewer &&
                   e->date && e->reviewed && e->now
               ? 1
               : CLS_ENOMEM;
}

static struct cls_override *make_override(const struct cls_policy_review *v,
                                          enum cls_label detected)
{
    struct cls_override *o = calloc(1, sizeof *o);
    if (!o)
        return NULL;
    o->decision = cls_strdup(v->decision);
    o->reviewer = cls_strdup(v->reviewer);
    o->date = cls_strdup(v->date);
    o->comment = cls_strdup(v->comment);
    o->detected = detected;
    if (!o->decision || !o->reviewer || !o->date || !o->comment)
        cls_override_free(&o);
    return o;
}

/* The label a decision gives (rank), from the detected one. */
static int applied_level(const struct cls_policy *p, const struct cls_policy_review *v,
                         int detected)
{
    if (strcmp(v->decision, "False positive") == 0)
        return 0;
    if (strcmp(v->decision, "Corrected label") == 0 && v->label) {
        int l = cls_policy_level_find(p, v->label);
        return l >= 0 ? l : detected;
    }
    return detected;   /* Accepted risk */
}

static char *add_reason(char ***reasons, size_t *count, char *text)
{
    char **grown = text ? realloc(*reasons, (*count + 1) * sizeof *grown) : NULL;
    if (!grown) {
        free(text);
        return NULL;
    }
    grown[(*count)++] = text;
    *reasons = grown;
    return text;
}

int cls_policy_review_apply(const struct cls_policy *p, struct cls_table_report *t,
                            struct cls_column_report *c, struct cls_expired_override *expired)
{
    const struct cls_policy_review *v =
        cls_policy_review_find(p, t->source, t->schema, t->table, c ? c->column : "");
    if (!v)
        return 0;
    enum cls_label *label = c ? &c->label : &t->label;
    char ***reasons = c ? &c->reasons : &t->reasons;
    size_t *count = c ? &c->reason_count : &t->reason_count;
    const char *name = (size_t)*label < p->level_count ? p->levels[*label] : "?";
    char *now = cls_xlsx_fingerprint_as(name, t, c);
    if (!now)
        return CLS_ENOMEM;
    int rc;
    if (strcmp(now, v->fingerprint) != 0) {
        rc = record_expired(v, now, expired);
        if (rc == 1 && !add_reason(reasons, count,
                                   cls_asprintf("review expired: \"%s\" by %s on %s was for %s; "
                                                "the data is now %s", v->decision, v->reviewer,
                                                v->date, v->fingerprint, now)))
            rc = CLS_ENOMEM;
    } else {
        struct cls_override **slot = c ? &c->override : &t->override;
        int to = applied_level(p, v, (int)*label);
        cls_override_free(slot);
        *slot = make_override(v, *label);
        char *why = to == (int)*label
                        ? cls_asprintf("override: \"%s\" by %s on %s: stays %s", v->decision,
                                       v->reviewer, v->date, name)
                        : cls_asprintf("override: \"%s\" by %s on %s: %s -> %s", v->decision,
                                       v->reviewer, v->date, name, p->levels[to]);
        rc = *slot && add_reason(reasons, count, why) ? 0 : CLS_ENOMEM;
        *label = (enum cls_label)to;
    }
    free(now);
    return rc;
}
