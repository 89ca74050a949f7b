/* Which share of a run's (target, table) work this process takes, and the
 * identity of a run's target set. N processes started with K = 0..N-1 and
 * the same targets cover every table exactly once: each table's share is
 * a hash of what names it, not of the catalog's order or size, so every
 * shard reads the catalog and keeps its own tables. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify/scan.h"
#include "core/shard.h"
#include "sources/db_util.h"
#include "sources/inventory.h"
#include "util/util.h"

bool cls_shard_mine(unsigned index, unsigned count, const char *target_id,
                    const struct cls_table_ref *t)
{
    if (count <= 1)
        return true;
    uint64_t h = CLS_FNV1A_BASIS;
    h = cls_fnv1a_part(h, target_id);
    h = cls_fnv1a_part(h, t->database);
    h = cls_fnv1a_part(h, t->schema);
    h = cls_fnv1a_part(h, t->name);
    /* The top bits are the better mixed ones of FNV-1a. */
    return (unsigned)((h >> 16) % count) == index;
}

static int cmp_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int cls_shard_targets_sha256(const char *const *targets, size_t count, char hex[65])
{
    const char **sorted = calloc(count ? count : 1, sizeof *sorted);
    if (!sorted)
        return CLS_ENOMEM;
    size_t len = 0;
    for (size_t i = 0; i < count; i++) {
        sorted[i] = targets[i];
        len += strlen(targets[i]) + 1;
    }
    qsort(sorted, count, sizeof *sorted, cmp_text);
    char *all = malloc(len + 1), *p = all;
    if (!all) {
        free(sorted);
        return CLS_ENOMEM;
    }
    for (size_t i = 0; i < count; i++) {
        size_t n = strlen(sorted[i]);
        memcpy(p, sorted[i], n);
        p[n] = '\n';
        p += n + 1;
    }
    cls_sha256_hex(all, len, hex);
    free(all);
    free(sorted);
    return 0;
}

/* The run's identity in its checkpoint: what must not change between an
 * interrupted run and its resume. */
static char *run_identity(const struct cls_report *r, const struct cls_scan_options *o)
{
    char seed[32] = "clock";
    if (o->seeded)
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)o->seed);
    /* A page-level run says so; a row-uniform one keeps the identity it
     * had before --sampling existed, so its checkpoints still resume. */
    return cls_asprintf("seed=%s sample=%llu%s shard=%u/%u targets=%s policy=%s", seed,
                        (unsigned long long)o->sample_rows,
                        o->sample_pages ? " sampling=pages" : "", o->shard_index,
                        o->shard_count, r->targets_sha256,
                        o->policy_sha256 ? o->policy_sha256 : "");
}

int cls_scan_fleet_begin(struct cls_report *r, struct cls_scan_options *o,
                         const char *const *targets, size_t count, struct cls_error *err)
{
    char hex[65];
    char **shown = calloc(count ? count : 1, sizeof *shown);
    int rc = shown ? 0 : CLS_ENOMEM;
    /* Never the raw target: it may carry a password. */
    for (size_t i = 0; rc == 0 && i < count; i++)
        if (!(shown[i] = cls_db_redact_target(targets[i])))
            rc = CLS_ENOMEM;
    if (rc == 0)
        rc = cls_shard_targets_sha256((const char *const *)shown, count, hex);
    for (size_t i = 0; shown && i < count; i++)
        free(shown[i]);
    free(shown);
    if (rc == 0 && !(r->targets_sha256 = cls_strdup(hex)))
        rc = CLS_ENOMEM;
    if (rc < 0)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    r->seeded = o->seeded;
    r->seed = o->seed;
    if (o->shard_count >= 1) {
        r->shard_index = o->shard_index;
        r->shard_count = o->shard_count;
    }
    o->checkpoint_open = NULL;
    if (!o->checkpoint)
        return 0;
    char *id = run_identity(r, o);
    if (!id)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    rc = cls_checkpoint_open(&o->checkpoint_open, o->checkpoint, id, o->resume, err);
    free(id);
    return rc;
}

void cls_scan_fleet_end(struct cls_report *r, struct cls_scan_options *o)
{
    cls_checkpoint_close(o->checkpoint_open);
    o->checkpoint_open = NULL;
    if (o->stop && *o->stop) {
        r->interrupted = true;
        r->complete = false;
    }
}

/* The exposure bits of an inventory entry (unknown counts as not exposed). */
static unsigned exposure_of(const struct cls_inventory_target *s)
{
    return (s->publicly_accessible == 1 ? CLS_EXPOSURE_PUBLIC : 0u) |
           (s->storage_encrypted == 0 ? CLS_EXPOSURE_UNENCRYPTED : 0u);
}

/* Names the tables and target entries this target added. */
static int name_new(struct cls_report *r, size_t first_table, size_t first_target,
                    const struct cls_inventory_target *s)
{
    unsigned exposure = exposure_of(s);
    for (size_t i = first_table; i < r->table_count; i++) {
        struct cls_table_report *t = &r->tables[i];
        t->exposure = exposure;
        if (!t->target && !(t->target = cls_strdup(s->name)))
            return CLS_ENOMEM;
    }
    for (size_t i = first_target; i < r->target_count; i++) {
        r->targets[i].exposure = exposure;
        if (!r->targets[i].name && !(r->targets[i].name = cls_strdup(s->name)))
            return CLS_ENOMEM;
    }
    return 0;
}

int cls_scan_fleet_target(struct cls_report *r, const struct cls_engine *engine,
                          const char *target, size_t i, const struct cls_scan_options *opts,
                          struct cls_strlist *seen, struct cls_error *err)
{
    const struct cls_inventory_target *s = opts->specs ? opts->specs[i] : NULL;
    if (!s)
        return cls_scan_target_once(r, engine, target, opts, seen, err);
    struct cls_scan_options o = *opts;
    if (s->ca_file)
        o.ssl_ca = s->ca_file;
    if (s->iam_region) {
        o.iam_auth = true;
        o.region = s->iam_region;
    }
    /* The inventory's globs replace the command line's for this target. */
    if (s->tables) {
        o.tables_globs = (const char *const *)&s->tables;
        o.tables_glob_count = 1;
    }
    if (s->exclude) {
        o.exclude_globs = (const char *const *)&s->exclude;
        o.exclude_glob_count = 1;
    }
    if (s->sample)
        o.sample_rows = s->sample;
    if (s->jobs)
        o.jobs = s->jobs;
    size_t first_table = r->table_count, first_target = r->target_count;
    int rc = cls_scan_target_once(r, engine, target, &o, seen, err);
    if (rc == 0 && name_new(r, first_table, first_target, s) < 0)
        rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
    return rc;
}
