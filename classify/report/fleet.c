/* The report's fleet fields (run.seed, run.targets_sha256, run.shard,
 * run.interrupted) in JSON, and the canonical order of a report: the one
 * order a report has whatever the --jobs, the sharding or a resume did to
 * the order in which tables finished, so that a merged report can equal a
 * single run's byte for byte, timings aside. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report/fleet.h"
#include "report/targets.h"
#include "util/util.h"

void cls_report_fleet_json(const struct cls_report *r, json_t *run)
{
    if (r->seeded)
        json_object_set_new(run, "seed", json_integer((json_int_t)r->seed));
    if (r->targets_sha256)
        json_object_set_new(run, "targets_sha256", json_string(r->targets_sha256));
    if (r->shard_count)
        json_object_set_new(run, "shard", json_pack("{s:I, s:I}", "index",
                                                    (json_int_t)r->shard_index, "count",
                                                    (json_int_t)r->shard_count));
    if (r->interrupted)
        json_object_set_new(run, "interrupted", json_true());
}

void cls_report_fleet_read(struct cls_report *r, json_t *run)
{
    json_t *seed = json_object_get(run, "seed");
    if (json_is_integer(seed)) {
        r->seeded = true;
        r->seed = (uint64_t)json_integer_value(seed);
    }
    const char *t = json_string_value(json_object_get(run, "targets_sha256"));
    if (t)
        r->targets_sha256 = cls_strdup_utf8(t, strlen(t));
    json_t *shard = json_object_get(run, "shard");
    json_int_t k = json_integer_value(json_object_get(shard, "index"));
    json_int_t n = json_integer_value(json_object_get(shard, "count"));
    if (n > 0 && n <= 1000000 && k >= 0 && k < n) {
        r->shard_index = (unsigned)k;
        r->shard_count = (unsigned)n;
    }
    r->interrupted = json_is_true(json_object_get(run, "interrupted"));
}

static const char *const exposure_names[] = {"publicly_accessible", "storage_unencrypted"};

json_t *cls_report_exposure_json(unsigned exposure)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < sizeof exposure_names / sizeof exposure_names[0]; i++)
        if (exposure & (1u << i))
            json_array_append_new(a, json_string(exposure_names[i]));
    return a;
}

unsigned cls_report_exposure_read(json_t *a)
{
    unsigned bits = 0;
    for (size_t i = 0; i < json_array_size(a); i++) {
        const char *s = json_string_value(json_array_get(a, i));
        for (size_t k = 0; s && k < sizeof exposure_names / sizeof exposure_names[0]; k++)
            if (strcmp(s, exposure_names[k]) == 0)
                bits |= 1u << k;
    }
    return bits;
}

void cls_report_fleet_table_json(const struct cls_table_report *t, json_t *o)
{
    if (t->target)
        json_object_set_new(o, "target", json_string(t->target));
    if (t->exposure)
        json_object_set_new(o, "exposure", cls_report_exposure_json(t->exposure));
}

void cls_report_fleet_table_read(struct cls_table_report *t, json_t *o)
{
    const char *s = json_string_value(json_object_get(o, "target"));
    if (s)
        t->target = cls_strdup_utf8(s, strlen(s));
    t->exposure = cls_report_exposure_read(json_object_get(o, "exposure"));
}

/* ---- canonical order ---------------------------------------------------- */

static int cmp_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int cmp_table(const void *x, const void *y)
{
    const struct cls_table_report *a = x, *b = y;
    /* Grouped by the inventory's target name first (none: ""). */
    int c = cmp_str(a->target, b->target);
    if (!c)
        c = cmp_str(a->source, b->source);
    if (!c)
        c = cmp_str(a->database, b->database);
    if (!c)
        c = cmp_str(a->schema, b->schema);
    return c ? c : cmp_str(a->table, b->table);
}

static int cmp_error(const void *x, const void *y)
{
    const struct cls_report_error *a = x, *b = y;
    int c = cmp_str(a->source, b->source);
    if (!c)
        c = cmp_str(a->table, b->table);
    return c ? c : cmp_str(a->message, b->message);
}

static int cmp_violation(const void *x, const void *y)
{
    const struct cls_violation *a = x, *b = y;
    int c = cmp_str(a->source, b->source);
    if (!c)
        c = cmp_str(a->database, b->database);
    if (!c)
        c = cmp_str(a->schema, b->schema);
    if (!c)
        c = cmp_str(a->table, b->table);
    if (!c)
        c = cmp_str(a->column, b->column);
    return c ? c : cmp_str(a->rule, b->rule);
}

static int cmp_exclusion(const void *x, const void *y)
{
    const struct cls_exclusion *a = x, *b = y;
    int c = cmp_str(a->schema, b->schema);
    if (!c)
        c = cmp_str(a->table, b->table);
    return c ? c : cmp_str(a->rule, b->rule);
}

static int cmp_target(const void *x, const void *y)
{
    return cmp_str(((const struct cls_target_report *)x)->source,
                   ((const struct cls_target_report *)y)->source);
}

static int cmp_warning(const void *x, const void *y)
{
    return cmp_str(*(char *const *)x, *(char *const *)y);
}

/* Drops repeated warnings (every shard opens every target, so each says
 * what it found about the connection). Sorted first. */
static void unique_warnings(struct cls_report *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->warning_count; i++) {
        if (n && strcmp(r->warnings[n - 1], r->warnings[i]) == 0) {
            free(r->warnings[i]);
            continue;
        }
        r->warnings[n++] = r->warnings[i];
    }
    r->warning_count = n;
}

/* Drops repeated whole-target errors (a target that cannot be opened
 * fails in every shard) and repeated target entries. Sorted first. */
static void unique_errors(struct cls_report *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->error_count; i++) {
        struct cls_report_error *e = &r->errors[i];
        if (n && cmp_error(&r->errors[n - 1], e) == 0) {
            free(e->source);
            free(e->table);
            free(e->message);
            continue;
        }
        r->errors[n++] = *e;
    }
    r->error_count = n;
}

static void unique_targets(struct cls_report *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->target_count; i++) {
        struct cls_target_report *t = &r->targets[i];
        if (n && cmp_target(&r->targets[n - 1], t) == 0) {
            cls_target_report_free(t);
            continue;
        }
        r->targets[n++] = *t;
    }
    r->target_count = n;
}

int cls_report_canonical(struct cls_report *r)
{
    if (r->table_count > 1)
        qsort(r->tables, r->table_count, sizeof *r->tables, cmp_table);
    if (r->error_count > 1)
        qsort(r->errors, r->error_count, sizeof *r->errors, cmp_error);
    if (r->violation_count > 1)
        qsort(r->violations, r->violation_count, sizeof *r->violations, cmp_violation);
    if (r->exclusion_count > 1)
        qsort(r->exclusions, r->exclusion_count, sizeof *r->exclusions, cmp_exclusion);
    /* Stable enough: two entries for one source are the same server. */
    if (r->target_count > 1)
        qsort(r->targets, r->target_count, sizeof *r->targets, cmp_target);
    if (r->warning_count > 1)
        qsort(r->warnings, r->warning_count, sizeof *r->warnings, cmp_warning);
    unique_warnings(r);
    unique_errors(r);
    unique_targets(r);
    return 0;
}
