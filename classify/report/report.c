/* The report model: allocation, appends and release. Writers live in
 * json.c and text.c. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "classify/report.h"
#include "report/pool.h"
#include "util/util.h"

int cls_report_new(struct cls_report **out)
{
    struct cls_report *r = calloc(1, sizeof *r);
    if (!r)
        return CLS_ENOMEM;
    r->format = strdup("classify-report/1");
    r->tool_version = strdup(PACKAGE_VERSION);
    r->policy_sha256 = strdup("");
    r->complete = true;
    if (!r->format || !r->tool_version || !r->policy_sha256) {
        cls_report_free(r);
        return CLS_ENOMEM;
    }
    *out = r;
    return 0;
}

static void finding_clear(struct cls_finding *f)
{
    free(f->detector);
    free(f->basis);
    free(f->review_reason);
    for (size_t i = 0; i < f->evidence_count; i++)
        free(f->evidence[i]);
}

void cls_column_report_clear(struct cls_column_report *c)
{
    free(c->column);
    free(c->data_type);
    free(c->protection);
    for (size_t i = 0; i < c->finding_count; i++)
        finding_clear(&c->findings[i]);
    free(c->findings);
    for (size_t i = 0; i < c->reason_count; i++)
        free(c->reasons[i]);
    free(c->reasons);
    cls_override_free(&c->override);
}

static void table_clear(struct cls_table_report *t)
{
    free(t->target);
    if (t->pooled) {
        /* The rest is the pool's, freed with it. */
        for (size_t i = 0; i < t->column_count; i++)
            cls_override_free(&t->columns[i].override);
        cls_override_free(&t->override);
        return;
    }
    free(t->source);
    free(t->database);
    free(t->schema);
    free(t->table);
    for (size_t i = 0; i < t->column_count; i++)
        cls_column_report_clear(&t->columns[i]);
    free(t->columns);
    for (size_t i = 0; i < t->reason_count; i++)
        free(t->reasons[i]);
    free(t->reasons);
    cls_override_free(&t->override);
}

static void policy_parts_clear(struct cls_report *r)
{
    free(r->policy);
    for (size_t i = 0; i < r->level_count; i++)
        free(r->levels[i]);
    free(r->levels);
    for (size_t i = 0; i < r->policy_rule_count; i++)
        free(r->policy_rules[i]);
    free(r->policy_rules);
    for (size_t i = 0; i < r->violation_count; i++) {
        struct cls_violation *v = &r->violations[i];
        free(v->source);
        free(v->database);
        free(v->schema);
        free(v->table);
        free(v->column);
        free(v->rule);
    }
    free(r->violations);
    for (size_t i = 0; i < r->exclusion_count; i++) {
        free(r->exclusions[i].schema);
        free(r->exclusions[i].table);
        free(r->exclusions[i].rule);
    }
    free(r->exclusions);
    cls_report_clear_changes(r);
}

void cls_report_clear_changes(struct cls_report *r)
{
    for (size_t i = 0; i < r->change_count; i++) {
        struct cls_change *c = &r->changes[i];
        free(c->source);
        free(c->database);
        free(c->schema);
        free(c->table);
        free(c->column);
        free(c->detector);
        free(c->before);
        free(c->after);
    }
    free(r->changes);
    free(r->changes_prior);
    for (size_t i = 0; i < r->change_note_count; i++)
        free(r->change_notes[i]);
    free(r->change_notes);
    r->change_notes = NULL;
    r->change_note_count = 0;
    r->changes = NULL;
    r->change_count = 0;
    r->changes_prior = NULL;
    r->has_changes = false;
}

void cls_report_free(struct cls_report *r)
{
    if (!r)
        return;
    free(r->format);
    free(r->started_at);
    free(r->finished_at);
    free(r->tool_version);
    free(r->policy_sha256);
    free(r->targets_sha256);
    for (size_t i = 0; i < r->warning_count; i++)
        free(r->warnings[i]);
    free(r->warnings);
    for (size_t i = 0; i < r->table_count; i++)
        table_clear(&r->tables[i]);
    free(r->tables);
    cls_report_pool_free(r->pool);
    for (size_t i = 0; i < r->error_count; i++) {
        free(r->errors[i].source);
        free(r->errors[i].table);
        free(r->errors[i].message);
    }
    free(r->errors);
    policy_parts_clear(r);
    cls_report_clear_targets(r);
    cls_report_clear_selection(r);
    cls_report_clear_expired(r);
    free(r);
}

/* Appends one zeroed element to a report array; realloc per append is fine
 * here, reports have thousands of tables at most. */
static void *append(void **items, size_t *count, size_t elem)
{
    void *p = realloc(*items, (*count + 1) * elem);
    if (!p)
        return NULL;
    *items = p;
    void *slot = (char *)p + *count * elem;
    memset(slot, 0, elem);
    (*count)++;
    return slot;
}

/* The table array grows by doubling: a scan of 100,000 tables appends
 * 100,000 times. */
struct cls_table_report *cls_report_add_table(struct cls_report *r)
{
    /* An array someone else filled (a merge, a test) has no recorded room. */
    if (r->table_cap < r->table_count)
        r->table_cap = r->table_count;
    if (cls_grow((void **)&r->tables, &r->table_cap, r->table_count, sizeof *r->tables) < 0)
        return NULL;
    struct cls_table_report *t = &r->tables[r->table_count++];
    memset(t, 0, sizeof *t);
    t->rows_estimated = -1;
    return t;
}

int cls_report_add_error(struct cls_report *r, const char *source,
                         const char *table, const char *message)
{
    struct cls_report_error *e =
        append((void **)&r->errors, &r->error_count, sizeof *e);
    r->complete = false;
    if (!e)
        return CLS_ENOMEM;
    e->source = cls_strdup_utf8(source ? source : "", source ? strlen(source) : 0);
    e->table = cls_strdup_utf8(table ? table : "", table ? strlen(table) : 0);
    e->message = cls_strdup_utf8(message, strlen(message));
    return (e->source && e->table && e->message) ? 0 : CLS_ENOMEM;
}

int cls_report_add_warning(struct cls_report *r, const char *message)
{
    char **slot = append((void **)&r->warnings, &r->warning_count, sizeof *slot);
    if (!slot)
        return CLS_ENOMEM;
    *slot = cls_strdup_utf8(message, strlen(message));
    return *slot ? 0 : CLS_ENOMEM;
}

int cls_column_add_reason(struct cls_column_report *c, const char *fmt, ...)
{
    char *text = NULL;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (n < 0)
        return CLS_ENOMEM;
    char **slot = append((void **)&c->reasons, &c->reason_count, sizeof *slot);
    if (!slot) {
        free(text);
        return CLS_ENOMEM;
    }
    *slot = text;
    return 0;
}

void cls_report_stamp(char **slot)
{
    char buf[32];
    cls_utc_now(buf);
    free(*slot);
    *slot = strdup(buf);
}

const char *cls_report_label_name(const struct cls_report *r, enum cls_label l)
{
    if (!r || r->level_count == 0)
        return cls_label_name(l);
    if ((size_t)l >= r->level_count)
        return r->levels[r->level_count - 1];
    return r->levels[l];
}

int cls_report_label_parse(const struct cls_report *r, const char *name,
                           enum cls_label *out)
{
    if (!r || r->level_count == 0)
        return cls_label_parse(out, name);
    for (size_t i = 0; i < r->level_count; i++) {
        if (strcasecmp(r->levels[i], name) == 0) {
            *out = (enum cls_label)i;
            return 0;
        }
    }
    return -1;
}

int cls_report_set_levels(struct cls_report *r, const char *const *names, size_t n)
{
    for (size_t i = 0; i < r->level_count; i++)
        free(r->levels[i]);
    free(r->levels);
    r->levels = NULL;
    r->level_count = 0;
    if (n == 0)
        return 0;
    r->levels = calloc(n, sizeof *r->levels);
    if (!r->levels)
        return CLS_ENOMEM;
    r->level_count = n;
    for (size_t i = 0; i < n; i++)
        if (!(r->levels[i] = strdup(names[i])))
            return CLS_ENOMEM;
    return 0;
}

static const char *const change_names[CLS_CHANGE_KIND_COUNT] = {
    [CLS_CHANGE_TABLE_ADDED] = "table_added",
    [CLS_CHANGE_TABLE_REMOVED] = "table_removed",
    [CLS_CHANGE_COLUMN_ADDED] = "column_added",
    [CLS_CHANGE_COLUMN_REMOVED] = "column_removed",
    [CLS_CHANGE_LABEL_RAISED] = "label_raised",
    [CLS_CHANGE_LABEL_LOWERED] = "label_lowered",
    [CLS_CHANGE_DETECTOR_APPEARED] = "detector_appeared",
    [CLS_CHANGE_DETECTOR_GONE] = "detector_gone",
    [CLS_CHANGE_PREVALENCE] = "prevalence_changed",
    [CLS_CHANGE_VIOLATION_NEW] = "violation_new",
    [CLS_CHANGE_POLICY_RAISED] = "policy_raised",
    [CLS_CHANGE_POLICY_LOWERED] = "policy_lowered",
};

const char *cls_change_kind_name(enum cls_change_kind k)
{
    return (unsigned)k < CLS_CHANGE_KIND_COUNT ? change_names[k] : "unknown";
}

int cls_change_kind_parse(const char *name, enum cls_change_kind *out)
{
    for (int i = 0; i < CLS_CHANGE_KIND_COUNT; i++) {
        if (strcmp(name, change_names[i]) == 0) {
            *out = (enum cls_change_kind)i;
            return 0;
        }
    }
    return -1;
}

struct cls_violation *cls_report_add_violation(struct cls_report *r)
{
    return append((void **)&r->violations, &r->violation_count, sizeof *r->violations);
}

struct cls_exclusion *cls_report_add_exclusion(struct cls_report *r)
{
    return append((void **)&r->exclusions, &r->exclusion_count, sizeof *r->exclusions);
}

struct cls_change *cls_report_add_change(struct cls_report *r)
{
    return append((void **)&r->changes, &r->change_count, sizeof *r->changes);
}
