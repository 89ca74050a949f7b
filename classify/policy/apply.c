/* Applies a policy to a scan through the hooks of struct cls_scan_options:
 * engine_ready sets each detector's level and thresholds, exclude keeps
 * excluded tables and columns from being sampled, and after_table applies,
 * in this order, column-name rules, the table label, combination rules,
 * declared labels (violations), and the policy's level names in reasons.
 * What the hooks find is collected under a lock (the hooks may be called
 * from scan workers) and moved into the report when the scan is done. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "classify/engine.h"
#include "policy/apply.h"
#include "policy/policy.h"
#include "policy/reviews.h"
#include "util/util.h"

struct cls_policy_run {
    const struct cls_policy *policy;
    pthread_mutex_t lock;
    struct cls_report *found;   /* only violations and exclusions are used */
    bool failed;                /* out of memory in a hook */
};

int cls_policy_run_new(struct cls_policy_run **out, const struct cls_policy *policy)
{
    struct cls_policy_run *run = calloc(1, sizeof *run);
    if (!run)
        return CLS_ENOMEM;
    run->policy = policy;
    if (cls_report_new(&run->found) < 0) {
        free(run);
        return CLS_ENOMEM;
    }
    pthread_mutex_init(&run->lock, NULL);
    *out = run;
    return 0;
}

void cls_policy_run_free(struct cls_policy_run *run)
{
    if (!run)
        return;
    pthread_mutex_destroy(&run->lock);
    cls_report_free(run->found);
    free(run);
}

/* ---- engine_ready ------------------------------------------------------------- */

static void engine_ready(void *user, struct cls_engine *engine)
{
    const struct cls_policy *p = ((struct cls_policy_run *)user)->policy;
    for (size_t i = 0; i < cls_engine_detector_count(engine); i++) {
        const struct cls_detector *d = cls_engine_detector(engine, i);
        const struct cls_policy_detector *s = cls_policy_detector_find(p, d->id);
        struct cls_detector_params params = *cls_engine_params(engine, i);
        params.label = cls_policy_detector_level(p, d->id);
        if (s) {
            params.enabled = s->enabled;
            if (s->min_count)
                params.min_count = s->min_count;
            if (s->min_ratio >= 0.0)
                params.min_ratio = s->min_ratio;
        }
        cls_engine_set_params(engine, i, &params);
    }
}

/* ---- exclude ---------------------------------------------------------------------- */

static const struct cls_policy_pattern *excluded_by(const struct cls_policy *p,
                                                    const char *schema, const char *table,
                                                    const char *column)
{
    const struct cls_policy_pattern *list = column ? p->exclude_columns : p->exclude_tables;
    size_t n = column ? p->exclude_column_count : p->exclude_table_count;
    for (size_t i = 0; i < n; i++)
        if (cls_policy_pattern_match(&list[i], schema, table, column))
            return &list[i];
    return NULL;
}

static bool exclude(void *user, const char *schema, const char *table, const char *column)
{
    struct cls_policy_run *run = user;
    const struct cls_policy_pattern *hit = excluded_by(run->policy, schema, table, column);
    if (!hit || column)
        return hit != NULL;   /* excluded columns are listed by scan.c as skipped */
    pthread_mutex_lock(&run->lock);
    struct cls_exclusion *x = cls_report_add_exclusion(run->found);
    if (x) {
        x->schema = cls_strdup_utf8(schema ? schema : "", schema ? strlen(schema) : 0);
        x->table = cls_strdup_utf8(table, strlen(table));
        x->rule = cls_strdup(hit->text);
    }
    if (!x || !x->schema || !x->table || !x->rule)
        run->failed = true;
    pthread_mutex_unlock(&run->lock);
    return true;
}

/* ---- after_table ------------------------------------------------------------------- */

static struct cls_finding *finding_for(struct cls_column_report *col, const char *id)
{
    for (size_t i = 0; i < col->finding_count; i++)
        if (strcmp(col->findings[i].detector, id) == 0)
            return &col->findings[i];
    return NULL;
}

/* The name is evidence for a detector: its matches count even under the
 * thresholds, and an empty column is labelled on the name alone. */
static void apply_hint(const struct cls_policy *p, const struct cls_policy_name_rule *r,
                       struct cls_column_report *col)
{
    /* A detector the same policy switched off stays off, hint or not. */
    const struct cls_policy_detector *setting = cls_policy_detector_find(p, r->detector);
    if (setting && !setting->enabled)
        return;
    int level = cls_policy_detector_level(p, r->detector);
    struct cls_finding *f = finding_for(col, r->detector);
    if (!f && col->values_non_null == 0 && !col->skipped) {
        struct cls_finding *grown =
            realloc(col->findings, (col->finding_count + 1) * sizeof *grown);
        if (!grown)
            return;
        col->findings = grown;
        f = memset(&grown[col->finding_count++], 0, sizeof *f);
        f->detector = cls_strdup(r->detector);
        f->basis = cls_strdup("name");
        f->ratio_high = 1.0;
    }
    if (!f || f->fired)
        return;
    f->fired = true;
    if (level > (int)col->label)
        col->label = (enum cls_label)level;
    cls_column_add_reason(col, "%s: column name matches \"%s\" -> counted (%s)", r->detector,
                          r->match.text, p->levels[level]);
}

static void apply_name_rules(const struct cls_policy *p, const struct cls_table_report *t,
                             struct cls_column_report *col)
{
    for (size_t i = 0; i < p->column_rule_count; i++) {
        const struct cls_policy_name_rule *r = &p->column_rules[i];
        if (!cls_policy_pattern_match(&r->match, t->schema, t->table, col->column))
            continue;
        if (r->detector)
            apply_hint(p, r, col);
        if (r->level > (int)col->label) {
            col->label = (enum cls_label)r->level;
            cls_column_add_reason(col, "column name matches \"%s\" -> at least %s",
                                  r->match.text, p->levels[r->level]);
        }
        return;   /* first match wins */
    }
}

static bool table_fired(const struct cls_table_report *t, const char *id)
{
    for (size_t i = 0; i < t->column_count; i++)
        for (size_t j = 0; j < t->columns[i].finding_count; j++)
            if (t->columns[i].findings[j].fired &&
                strcmp(t->columns[i].findings[j].detector, id) == 0)
                return true;
    return false;
}

static void add_table_reason(struct cls_table_report *t, char *text)
{
    char **grown = text ? realloc(t->reasons, (t->reason_count + 1) * sizeof *grown) : NULL;
    if (!grown) {
        free(text);
        return;
    }
    t->reasons = grown;
    t->reasons[t->reason_count++] = text;
}

static void apply_combinations(const struct cls_policy *p, struct cls_table_report *t)
{
    for (size_t i = 0; i < p->combo_count; i++) {
        const struct cls_policy_combo *cb = &p->combos[i];
        bool all = true;
        for (size_t j = 0; j < cb->detector_count && all; j++)
            all = table_fired(t, cb->detectors[j]);
        if (!all)
            continue;
        if (cb->level > (int)t->label)
            t->label = (enum cls_label)cb->level;
        add_table_reason(t, cls_asprintf("combination \"%s\": %zu detectors fired together -> "
                                         "%s", cb->name, cb->detector_count,
                                         p->levels[cb->level]));
    }
}

static void add_violation(struct cls_policy_run *run, const struct cls_table_report *t,
                          const char *column, enum cls_label detected,
                          const struct cls_policy_declared *d)
{
    pthread_mutex_lock(&run->lock);
    struct cls_violation *v = cls_report_add_violation(run->found);
    if (v) {
        v->source = cls_strdup(t->source);
        v->database = cls_strdup(t->database);
        v->schema = cls_strdup(t->schema);
        v->table = cls_strdup(t->table);
        v->column = cls_strdup(column);
        v->rule = cls_strdup(d->match.text);
        v->declared = (enum cls_label)d->level;
        v->detected = detected;
    }
    if (!v || !v->source || !v->table || !v->column || !v->rule)
        run->failed = true;
    pthread_mutex_unlock(&run->lock);
}

static const struct cls_policy_declared *declared_for(const struct cls_policy_declared *list,
                                                      size_t n, const char *schema,
                                                      const char *table, const char *column)
{
    for (size_t i = 0; i < n; i++)
        if (cls_policy_pattern_match(&list[i].match, schema, table, column))
            return &list[i];
    return NULL;
}

static void check_declared(struct cls_policy_run *run, struct cls_table_report *t)
{
    const struct cls_policy *p = run->policy;
    const struct cls_policy_declared *d =
        declared_for(p->declared_tables, p->declared_table_count, t->schema, t->table, NULL);
    if (d && (int)t->label > d->level)
        add_violation(run, t, "", t->label, d);
    for (size_t i = 0; i < t->column_count; i++) {
        struct cls_column_report *col = &t->columns[i];
        d = declared_for(p->declared_columns, p->declared_column_count, t->schema, t->table,
                         col->column);
        if (d && (int)col->label > d->level) {
            add_violation(run, t, col->column, col->label, d);
            cls_column_add_reason(col, "declared %s by \"%s\", detected %s -> violation",
                                  p->levels[d->level], d->match.text, p->levels[col->label]);
        }
    }
}

/* column.c writes the built-in label names ("-> Secret") into reasons; a
 * policy with other levels gets its own names there instead. */
static void rename_reason(const struct cls_policy *p, char **reason)
{
    char *arrow = strstr(*reason, "-> ");
    if (!arrow)
        return;
    enum cls_label l;
    if (cls_label_parse(&l, arrow + 3) < 0 || (size_t)l >= p->level_count ||
        strcmp(p->levels[l], arrow + 3) == 0)
        return;
    char *renamed = cls_asprintf("%.*s-> %s", (int)(arrow - *reason), *reason, p->levels[l]);
    if (renamed) {
        free(*reason);
        *reason = renamed;
    }
}

static bool default_levels(const struct cls_policy *p)
{
    if (p->level_count != CLS_LABEL_COUNT)
        return false;
    for (size_t i = 0; i < p->level_count; i++)
        if (strcmp(p->levels[i], cls_label_name((enum cls_label)i)) != 0)
            return false;
    return true;
}

/* A reviewer's override of a column (c) or the table (c NULL); an expired
 * one goes into the report's overrides_expired. */
static void apply_review(struct cls_policy_run *run, struct cls_table_report *t,
                         struct cls_column_report *c)
{
    if (!run->policy->review_count)
        return;
    struct cls_expired_override e = {0};
    int rc = cls_policy_review_apply(run->policy, t, c, &e);
    pthread_mutex_lock(&run->lock);
    struct cls_expired_override *slot = rc == 1 ? cls_report_add_expired(run->found) : NULL;
    if (slot)
        *slot = e;
    if (rc < 0 || (rc == 1 && !slot))
        run->failed = true;
    pthread_mutex_unlock(&run->lock);
}

static void after_table(void *user, struct cls_table_report *t)
{
    struct cls_policy_run *run = user;
    const struct cls_policy *p = run->policy;
    bool renamed = !default_levels(p);
    for (size_t i = 0; i < t->column_count; i++) {
        for (size_t j = 0; renamed && j < t->columns[i].reason_count; j++)
            rename_reason(p, &t->columns[i].reasons[j]);
        apply_name_rules(p, t, &t->columns[i]);
        apply_review(run, t, &t->columns[i]);
    }
    cls_table_decide(t);
    apply_combinations(p, t);
    apply_review(run, t, NULL);
    check_declared(run, t);
}

void cls_policy_run_install(struct cls_policy_run *run, struct cls_scan_options *opts)
{
    opts->engine_ready = engine_ready;
    opts->exclude = exclude;
    opts->after_table = after_table;
    opts->hook_user = run;
    opts->top_label = (int)run->policy->level_count - 1;
    opts->top_label_name = run->policy->levels[run->policy->level_count - 1];
}

/* ---- into the report ---------------------------------------------------------------- */

/* Moves array `from` (n items of elem bytes) onto the end of `to`. */
static int move_items(void **to, size_t *to_n, void **from, size_t *from_n, size_t elem)
{
    if (*from_n == 0)
        return 0;
    char *grown = realloc(*to, (*to_n + *from_n) * elem);
    if (!grown)
        return CLS_ENOMEM;
    memcpy(grown + *to_n * elem, *from, *from_n * elem);
    *to = grown;
    *to_n += *from_n;
    free(*from);
    *from = NULL;
    *from_n = 0;
    return 0;
}

static int record_policy(const struct cls_policy *p, struct cls_report *r)
{
    const char *names[CLS_POLICY_LEVELS_MAX];
    for (size_t i = 0; i < p->level_count; i++)
        names[i] = p->levels[i];
    free(r->policy_sha256);
    free(r->policy);
    r->policy_sha256 = strdup(p->sha256);
    r->policy = strdup(p->source);
    for (size_t i = 0; i < r->policy_rule_count; i++)
        free(r->policy_rules[i]);
    free(r->policy_rules);
    r->policy_rule_count = 0;
    r->policy_rules = cls_policy_describe(p, &r->policy_rule_count);
    if (!r->policy_sha256 || !r->policy || !r->policy_rules)
        return CLS_ENOMEM;
    return cls_report_set_levels(r, names, default_levels(p) ? 0 : p->level_count);
}

int cls_policy_run_finish(struct cls_policy_run *run, struct cls_report *r)
{
    struct cls_report *f = run->found;
    if (run->failed || record_policy(run->policy, r) < 0 ||
        move_items((void **)&r->violations, &r->violation_count, (void **)&f->violations,
                   &f->violation_count, sizeof *r->violations) < 0 ||
        move_items((void **)&r->exclusions, &r->exclusion_count, (void **)&f->exclusions,
                   &f->exclusion_count, sizeof *r->exclusions) < 0 ||
        move_items((void **)&r->expired, &r->expired_count, (void **)&f->expired,
                   &f->expired_count, sizeof *r->expired) < 0)
        return CLS_ENOMEM;
    return 0;
}
