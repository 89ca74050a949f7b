/* `classify merge`: shard reports of one sharded run joined into the report
 * a single process would have written. The shards must agree on what was
 * run (shard count, policy, seed, sample size, target set); each must be a
 * different share and no table may be in two of them. Tables, errors,
 * violations and exclusions are the union; what every shard sees alike
 * (warnings about a connection, target entries) is kept once; the warning
 * that counts sensitive tables on a plaintext server is counted again over
 * the whole run. A missing shard is an error entry: the run is incomplete. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report/fleet.h"
#include "util/util.h"

/* The tail of the warning scan.c writes per target and shard. */
static const char plaintext_tail[] =
    " table(s) on a server that accepts plaintext connections; require TLS on the server";

static int same_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Checks that shard i belongs to the same run as shard 0. */
static int check_fits(struct cls_report *const *s, const char *const *names, size_t i,
                      struct cls_error *err)
{
    const struct cls_report *a = s[0], *b = s[i];
    if (!b->shard_count)
        return cls_error_set(err, CLS_EUSAGE, "%s: not a shard report (no run.shard; "
                             "was it written with --shard K/N?)", names[i]);
    if (b->shard_count != a->shard_count)
        return cls_error_set(err, CLS_EUSAGE, "%s: shard of %u, but %s is a shard of %u",
                             names[i], b->shard_count, names[0], a->shard_count);
    if (!same_str(a->policy_sha256, b->policy_sha256))
        return cls_error_set(err, CLS_EUSAGE, "%s: a different policy than %s (sha256 %.12s "
                             "vs %.12s)", names[i], names[0], b->policy_sha256 ? b->policy_sha256 : "",
                             a->policy_sha256 ? a->policy_sha256 : "");
    if (a->seeded != b->seeded || a->seed != b->seed)
        return cls_error_set(err, CLS_EUSAGE, "%s: a different seed than %s", names[i],
                             names[0]);
    if (a->sample_rows != b->sample_rows)
        return cls_error_set(err, CLS_EUSAGE, "%s: a different --sample than %s", names[i],
                             names[0]);
    if (a->sample_pages != b->sample_pages)
        return cls_error_set(err, CLS_EUSAGE, "%s: a different --sampling than %s", names[i],
                             names[0]);
    if (!a->targets_sha256 || !same_str(a->targets_sha256, b->targets_sha256))
        return cls_error_set(err, CLS_EUSAGE, "%s: a different target set than %s",
                             names[i], names[0]);
    for (size_t j = 0; j < i; j++)
        if (s[j]->shard_index == b->shard_index)
            return cls_error_set(err, CLS_EUSAGE, "%s and %s: both are shard %u/%u",
                                 names[j], names[i], b->shard_index, b->shard_count);
    return 0;
}

/* Appends n elements of `from` to `to` and empties `from`. */
static int steal(void **to, size_t *to_n, void **from, size_t *from_n, size_t elem)
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

static int has_suffix(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

/* Drops the shards' own counts of sensitive tables on plaintext servers
 * and counts them again over all tables, as scan.c does for one run. */
static int recount_plaintext(struct cls_report *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->warning_count; i++) {
        if (has_suffix(r->warnings[i], plaintext_tail))
            free(r->warnings[i]);
        else
            r->warnings[n++] = r->warnings[i];
    }
    r->warning_count = n;
    enum cls_label top = r->level_count ? (enum cls_label)(r->level_count - 1) : CLS_SECRET;
    for (size_t t = 0; t < r->target_count; t++) {
        if (r->targets[t].server_requires_tls != 0)
            continue;
        size_t count = 0;
        for (size_t i = 0; i < r->table_count; i++)
            count += same_str(r->tables[i].source, r->targets[t].source) &&
                     r->tables[i].label >= top;
        if (!count)
            continue;
        char *m = cls_asprintf("%s: %zu %s%s", r->targets[t].source, count,
                               cls_report_label_name(r, top), plaintext_tail);
        int rc = m ? cls_report_add_warning(r, m) : CLS_ENOMEM;
        free(m);
        if (rc < 0)
            return CLS_ENOMEM;
    }
    return 0;
}

static char **copy_strings(char *const *items, size_t n)
{
    char **out = n ? calloc(n, sizeof *out) : NULL;
    for (size_t i = 0; out && i < n; i++)
        if (!(out[i] = cls_strdup(items[i]))) {
            while (i-- > 0)
                free(out[i]);
            free(out);
            return NULL;
        }
    return out;
}

/* The selection every shard was asked for (run.selection): the first
 * shard's. 0 or CLS_ENOMEM. */
static int copy_selection(struct cls_run_selection *to, const struct cls_run_selection *from)
{
    *to = (struct cls_run_selection){
        .recorded = from->recorded, .table_count = from->table_count,
        .exclude_count = from->exclude_count, .target_count = from->target_count,
        .seeded = from->seeded, .seed = from->seed, .jobs = from->jobs};
    to->tables = copy_strings(from->tables, from->table_count);
    to->exclude = copy_strings(from->exclude, from->exclude_count);
    to->targets = copy_strings(from->targets, from->target_count);
    to->only_table = cls_strdup(from->only_table);
    if ((from->table_count && !to->tables) || (from->exclude_count && !to->exclude) ||
        (from->target_count && !to->targets) || (from->only_table && !to->only_table))
        return CLS_ENOMEM;
    return 0;
}

/* The run-wide fields, from the first shard; the run's span covers all. */
static int copy_run(struct cls_report *out, struct cls_report *const *s, size_t count)
{
    struct cls_report *a = s[0];
    free(out->tool_version);
    out->tool_version = cls_strdup(a->tool_version);
    free(out->policy_sha256);
    out->policy_sha256 = cls_strdup(a->policy_sha256);
    out->policy = cls_strdup(a->policy);
    out->targets_sha256 = cls_strdup(a->targets_sha256);
    out->sample_rows = a->sample_rows;
    out->sample_pages = a->sample_pages;
    out->seeded = a->seeded;
    out->seed = a->seed;
    if (copy_selection(&out->selection, &a->selection) < 0)
        return CLS_ENOMEM;
    out->started_at = cls_strdup(a->started_at);
    out->finished_at = cls_strdup(a->finished_at);
    for (size_t i = 1; i < count; i++) {
        if (s[i]->started_at && strcmp(s[i]->started_at, out->started_at) < 0) {
            free(out->started_at);
            out->started_at = cls_strdup(s[i]->started_at);
        }
        if (s[i]->finished_at && strcmp(s[i]->finished_at, out->finished_at) > 0) {
            free(out->finished_at);
            out->finished_at = cls_strdup(s[i]->finished_at);
        }
    }
    if (!out->tool_version || !out->started_at || !out->finished_at)
        return CLS_ENOMEM;
    if (a->level_count && cls_report_set_levels(out, (const char *const *)a->levels,
                                                a->level_count) < 0)
        return CLS_ENOMEM;
    out->policy_rules = a->policy_rules;
    out->policy_rule_count = a->policy_rule_count;
    a->policy_rules = NULL;
    a->policy_rule_count = 0;
    return 0;
}

/* Moves one shard's items into the merged report. */
static int take_shard(struct cls_report *out, struct cls_report *s)
{
    bool complete = out->complete && s->complete;
    int rc = steal((void **)&out->tables, &out->table_count, (void **)&s->tables,
                   &s->table_count, sizeof *out->tables);
    /* steal() sized both table arrays exactly (cls_report_add_table). */
    out->table_cap = out->table_count;
    s->table_cap = 0;
    if (!rc)
        rc = steal((void **)&out->errors, &out->error_count, (void **)&s->errors,
                   &s->error_count, sizeof *out->errors);
    if (!rc)
        rc = steal((void **)&out->warnings, &out->warning_count, (void **)&s->warnings,
                   &s->warning_count, sizeof *out->warnings);
    if (!rc)
        rc = steal((void **)&out->violations, &out->violation_count, (void **)&s->violations,
                   &s->violation_count, sizeof *out->violations);
    if (!rc)
        rc = steal((void **)&out->exclusions, &out->exclusion_count, (void **)&s->exclusions,
                   &s->exclusion_count, sizeof *out->exclusions);
    if (!rc)
        rc = steal((void **)&out->targets, &out->target_count, (void **)&s->targets,
                   &s->target_count, sizeof *out->targets);
    out->complete = complete;
    out->interrupted = out->interrupted || s->interrupted;
    return rc;
}

/* Which shard each table came from, to name both in an overlap. */
struct origin {
    const struct cls_table_report *t;
    size_t shard;
};

static int cmp_origin(const void *x, const void *y)
{
    const struct origin *a = x, *b = y;
    int c = strcmp(a->t->source, b->t->source);
    if (!c)
        c = strcmp(a->t->database, b->t->database);
    if (!c)
        c = strcmp(a->t->schema, b->t->schema);
    return c ? c : strcmp(a->t->table, b->t->table);
}

/* Refuses a table that two shards both scanned. */
static int check_overlap(struct cls_report *const *s, const char *const *names, size_t count,
                         struct cls_error *err)
{
    size_t n = 0;
    for (size_t i = 0; i < count; i++)
        n += s[i]->table_count;
    struct origin *o = calloc(n ? n : 1, sizeof *o);
    if (!o)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    n = 0;
    for (size_t i = 0; i < count; i++)
        for (size_t j = 0; j < s[i]->table_count; j++)
            o[n++] = (struct origin){.t = &s[i]->tables[j], .shard = i};
    qsort(o, n, sizeof *o, cmp_origin);
    int rc = 0;
    for (size_t i = 1; i < n && rc == 0; i++)
        if (cmp_origin(&o[i - 1], &o[i]) == 0)
            rc = cls_error_set(err, CLS_EUSAGE, "%s and %s overlap: both hold %s %s.%s",
                               names[o[i - 1].shard], names[o[i].shard], o[i].t->source,
                               o[i].t->schema, o[i].t->table);
    free(o);
    return rc;
}

/* An error entry for every shard index no report was given for. */
static int note_missing(struct cls_report *out, struct cls_report *const *s, size_t count)
{
    unsigned n = s[0]->shard_count;
    for (unsigned k = 0; k < n; k++) {
        size_t i = 0;
        while (i < count && s[i]->shard_index != k)
            i++;
        if (i < count)
            continue;
        char *m = cls_asprintf("shard %u/%u is missing: its tables were not scanned", k, n);
        /* Source "": the error is the whole run's, not one target's, so no
         * target's history takes this run as a clean prior (history.c). */
        char *src = cls_strdup("");
        int rc = m && src ? cls_report_add_error(out, src, "", m) : CLS_ENOMEM;
        free(m);
        free(src);
        if (rc < 0)
            return CLS_ENOMEM;
    }
    return 0;
}

int cls_report_merge(struct cls_report **out, struct cls_report *const *shards,
                     const char *const *names, size_t count, struct cls_error *err)
{
    *out = NULL;
    if (count == 0)
        return cls_error_set(err, CLS_EUSAGE, "no shard reports");
    for (size_t i = 0; i < count; i++) {
        int rc = check_fits(shards, names, i, err);
        if (rc < 0)
            return rc;
    }
    int rc = check_overlap(shards, names, count, err);
    if (rc < 0)
        return rc;
    struct cls_report *r = NULL;
    if (cls_report_new(&r) < 0)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    rc = copy_run(r, shards, count);
    for (size_t i = 0; rc == 0 && i < count; i++)
        rc = take_shard(r, shards[i]);
    if (rc == 0)
        rc = note_missing(r, shards, count);
    if (rc == 0)
        rc = recount_plaintext(r);
    if (rc == 0)
        rc = cls_report_canonical(r);
    if (rc < 0) {
        cls_report_free(r);
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    *out = r;
    return 0;
}
