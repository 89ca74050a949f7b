/* The history directory of `scan --history DIR`: one report per run, named
 * by the run's UTC start time (20261127T100000Z.json; a second run in the
 * same second gets 20261127T100000Z_02.json, which sorts after it), so
 * `LC_ALL=C ls` lists the runs in order and the newest is the one to diff
 * against.
 * Files are 0600, written whole to a hidden temp file, then given their
 * name with link(), which fails rather than replace: an existing report is
 * never replaced, and concurrent runs each keep their own.
 * The prior of a run is chosen per target (cls_history_prior): one folder
 * may hold the runs of several databases, and each target of the new run is
 * compared with the newest run that scanned it. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/diff.h"
#include "util/util.h"

#define STAMP_LEN 16   /* YYYYMMDDTHHMMSSZ */

/* Parses "YYYYMMDDTHHMMSSZ[_NN].json"; returns false for other names. */
static bool parse_name(const char *name, char stamp[STAMP_LEN + 1], unsigned long *seq)
{
    static const char shape[] = "dddddddd" "T" "dddddd" "Z";
    for (size_t i = 0; i < STAMP_LEN; i++) {
        bool digit = name[i] >= '0' && name[i] <= '9';
        if (shape[i] == 'd' ? !digit : name[i] != shape[i])
            return false;
    }
    const char *rest = name + STAMP_LEN;
    *seq = 1;
    if (*rest == '_') {
        char *end = NULL;
        *seq = strtoul(rest + 1, &end, 10);
        if (end == rest + 1)
            return false;
        rest = end;
    }
    if (strcmp(rest, ".json") != 0)
        return false;
    memcpy(stamp, name, STAMP_LEN);
    stamp[STAMP_LEN] = '\0';
    return true;
}

struct run_file {
    char stamp[STAMP_LEN + 1];
    unsigned long seq;
    char *name;
};

/* Newest first. */
static int newest_first(const void *a, const void *b)
{
    const struct run_file *x = a, *y = b;
    int cmp = strcmp(y->stamp, x->stamp);
    return cmp ? cmp : (y->seq > x->seq) - (y->seq < x->seq);
}

/* The reports in dir, newest first, leaving out any stamped later than
 * now (a copied-in or clock-skewed file must not become every run's prior). */
static int list_runs(DIR *d, struct run_file **out, size_t *count)
{
    char now[32], stamp[STAMP_LEN + 1];
    unsigned long seq;
    size_t cap = 0;
    struct dirent *e;
    cls_utc_now_compact(now);
    *out = NULL;
    *count = 0;
    while ((e = readdir(d)) != NULL) {
        if (!parse_name(e->d_name, stamp, &seq) || strcmp(stamp, now) > 0)
            continue;
        if (cls_grow((void **)out, &cap, *count, sizeof **out) < 0)
            return CLS_ENOMEM;
        struct run_file *f = &(*out)[(*count)++];
        memcpy(f->stamp, stamp, sizeof stamp);
        f->seq = seq;
        if (!(f->name = strdup(e->d_name)))
            return CLS_ENOMEM;
    }
    if (*count)
        qsort(*out, *count, sizeof **out, newest_first);
    return 0;
}

/* ---- the prior of a run, per target ---------------------------------------------- */

/* How many of the newest reports are read to find each target's prior. */
#define PRIOR_LOOKBACK 32

/* One target of the new run and the history file that is its prior. */
struct want {
    char *key;
    long clean;     /* newest run that read this target without an error, or -1 */
    long any;       /* newest run that covered it at all, or -1 */
};

static bool key_is(const char *source, const char *key)
{
    char *k = cls_diff_target_key(source);
    bool same = k && strcmp(k, key) == 0;
    free(k);
    return same;
}

/* Whether r covered the target, and whether it read it without an error.
 * A run a signal stopped, or with an error of the whole run (source "": a
 * shard missing from a merge), read no target cleanly. */
static void coverage(const struct cls_report *r, const char *key, bool *covered, bool *clean)
{
    *covered = false;
    *clean = !r->interrupted;
    for (size_t i = 0; i < r->error_count; i++)
        if (!r->errors[i].source || !r->errors[i].source[0])
            *clean = false;
    for (size_t i = 0; i < r->table_count && !*covered; i++)
        *covered = key_is(r->tables[i].source, key);
    for (size_t i = 0; i < r->error_count; i++) {
        if (key_is(r->errors[i].source, key)) {
            *covered = true;
            *clean = false;
        }
    }
}

/* The distinct targets of the new run (its tables and its errors). */
static int wants_of(const struct cls_report *now, struct want **out, size_t *n)
{
    size_t cap = 0, total = now->table_count + now->error_count;
    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < total; i++) {
        const char *src = i < now->table_count ? now->tables[i].source
                                               : now->errors[i - now->table_count].source;
        char *key = cls_diff_target_key(src);
        if (!key)
            return CLS_ENOMEM;
        bool dup = false;
        for (size_t j = 0; j < *n && !dup; j++)
            dup = strcmp((*out)[j].key, key) == 0;
        if (dup || cls_grow((void **)out, &cap, *n, sizeof **out) < 0) {
            free(key);
            if (dup)
                continue;
            return CLS_ENOMEM;
        }
        (*out)[(*n)++] = (struct want){.key = key, .clean = -1, .any = -1};
    }
    return 0;
}

/* A run already read, kept for the merge. */
struct kept_run {
    struct cls_report *report;   /* NULL when none */
    long index;                  /* its place in runs[] */
};

/* Reads the newest runs until every target has a clean prior. The newest
 * run some target chose (most often the only one) is kept for
 * merge_priors, which would otherwise read the same file again (a
 * 100,000-table report takes seconds); only that one, so that reading the
 * older runs holds two whole reports at most. */
static void pick_priors(const char *dir, const struct run_file *runs, size_t count,
                        struct want *w, size_t n, struct kept_run *kept)
{
    size_t settled = 0;
    for (size_t i = 0; i < count && i < PRIOR_LOOKBACK && settled < n; i++) {
        char *p = cls_asprintf("%s/%s", dir, runs[i].name);
        struct cls_report *r = NULL;
        struct cls_error ignored;
        if (p && cls_report_read_json(&r, p, &ignored) == 0) {
            for (size_t k = 0; k < n; k++) {
                bool covered, clean;
                if (w[k].clean >= 0)
                    continue;
                coverage(r, w[k].key, &covered, &clean);
                if (covered && w[k].any < 0)
                    w[k].any = (long)i;
                if (covered && clean) {
                    w[k].clean = (long)i;
                    settled++;
                }
            }
        }
        bool chosen = false;
        for (size_t k = 0; k < n && !chosen && !kept->report; k++)
            chosen = w[k].clean == (long)i;
        if (chosen)
            *kept = (struct kept_run){r, (long)i};
        else
            cls_report_free(r);
        free(p);
    }
}

/* Moves the tables and violations of the targets that chose run `file`
 * from src into dst, and copies their errors. */
static int take_targets(struct cls_report *dst, struct cls_report *src, const struct want *w,
                        size_t n, long file)
{
    for (size_t i = 0; i < src->table_count; i++) {
        for (size_t k = 0; k < n; k++) {
            if (w[k].clean != file || !key_is(src->tables[i].source, w[k].key))
                continue;
            struct cls_table_report *t = cls_report_add_table(dst);
            if (!t)
                return CLS_ENOMEM;
            *t = src->tables[i];
            memset(&src->tables[i], 0, sizeof src->tables[i]);
            break;
        }
    }
    for (size_t i = 0; i < src->violation_count; i++) {
        for (size_t k = 0; k < n; k++) {
            if (w[k].clean != file || !key_is(src->violations[i].source, w[k].key))
                continue;
            struct cls_violation *v = cls_report_add_violation(dst);
            if (!v)
                return CLS_ENOMEM;
            *v = src->violations[i];
            memset(&src->violations[i], 0, sizeof src->violations[i]);
            break;
        }
    }
    for (size_t i = 0; i < src->error_count; i++)
        for (size_t k = 0; k < n; k++)
            if (w[k].clean == file && key_is(src->errors[i].source, w[k].key) &&
                cls_report_add_error(dst, src->errors[i].source, src->errors[i].table,
                                     src->errors[i].message) < 0)
                return CLS_ENOMEM;
    return 0;
}

/* The run-wide fields of the merged prior come from its newest run. */
static int take_run(struct cls_report *dst, struct cls_report *src)
{
    const char *names[16];
    size_t nl = src->level_count < 16 ? src->level_count : 0;
    for (size_t i = 0; i < nl; i++)
        names[i] = src->levels[i];
    free(dst->policy_sha256);
    dst->started_at = src->started_at;
    dst->policy_sha256 = src->policy_sha256;
    dst->selection = src->selection;
    src->started_at = src->policy_sha256 = NULL;
    memset(&src->selection, 0, sizeof src->selection);
    return cls_report_set_levels(dst, names, nl);
}

/* One report holding, for each target, the tables of the run chosen for
 * it (the files are read newest first, so the run-wide fields are the
 * newest chosen run's). */
static int merge_priors(struct cls_report **out, const char *dir, const struct run_file *runs,
                        struct want *w, size_t n, struct kept_run *kept,
                        struct cls_error *err)
{
    struct cls_report *m = NULL;
    bool first = true;
    int rc = cls_report_new(&m) < 0 ? CLS_ENOMEM : 0;
    for (long i = 0; rc == 0 && i < PRIOR_LOOKBACK; i++) {
        bool used = false;
        for (size_t k = 0; k < n; k++)
            used |= w[k].clean == i;
        if (!used)
            continue;
        struct cls_report *r = kept->index == i ? kept->report : NULL;
        if (r)
            kept->report = NULL;
        char *p = r ? NULL : cls_asprintf("%s/%s", dir, runs[i].name);
        if (!r)
            rc = p ? cls_report_read_json(&r, p, err) : CLS_ENOMEM;
        if (rc == 0 && first)
            rc = take_run(m, r);
        first = false;
        if (rc == 0)
            rc = take_targets(m, r, w, n, i);
        cls_report_free(r);
        free(p);
    }
    if (rc == 0 && first) {      /* no target had a prior */
        cls_report_free(m);
        m = NULL;
    }
    if (rc < 0) {
        cls_report_free(m);
        return err && err->code ? rc : cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    *out = m;
    return 0;
}

int cls_history_prior(struct cls_report **out, const char *dir, const struct cls_report *now,
                      struct cls_error *err)
{
    struct run_file *runs = NULL;
    struct want *w = NULL;
    struct kept_run kept = {NULL, -1};
    size_t count = 0, n = 0;
    *out = NULL;
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT ? 0 : cls_error_set(err, CLS_EIO, "%s: %s", dir, strerror(errno));
    int rc = list_runs(d, &runs, &count);
    closedir(d);
    if (rc == 0)
        rc = wants_of(now, &w, &n);
    if (rc == 0) {
        pick_priors(dir, runs, count, w, n, &kept);
        /* A target no recent run read cleanly is compared with the newest
         * run that covered it at all. */
        for (size_t k = 0; k < n; k++)
            if (w[k].clean < 0)
                w[k].clean = w[k].any;
        rc = merge_priors(out, dir, runs, w, n, &kept, err);
    } else {
        rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    cls_report_free(kept.report);
    for (size_t k = 0; k < n; k++)
        free(w[k].key);
    free(w);
    for (size_t i = 0; i < count; i++)
        free(runs[i].name);
    free(runs);
    return rc;
}

/* "2026-11-27T10:00:00Z" -> "20261127T100000Z" (digits and T, Z kept). */
static void compact_stamp(const char *rfc3339, char out[STAMP_LEN + 1])
{
    size_t n = 0;
    for (const char *p = rfc3339 ? rfc3339 : ""; *p && n < STAMP_LEN; p++)
        if ((*p >= '0' && *p <= '9') || *p == 'T' || *p == 'Z')
            out[n++] = *p;
    out[n] = '\0';
    if (n != STAMP_LEN) {
        char now[32];
        cls_utc_now_compact(now);
        memcpy(out, now, STAMP_LEN);
        out[STAMP_LEN] = '\0';
    }
}

/* Writes r, complete, to a hidden temp file in dir (which no listing takes
 * for a report: its name does not parse). *tmp is malloc'd. */
static int write_temp(const struct cls_report *r, const char *dir, const char *stamp,
                      char **tmp, struct cls_error *err)
{
    *tmp = cls_asprintf("%s/.%s.XXXXXX", dir, stamp);
    if (!*tmp)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    int fd = mkstemp(*tmp);        /* 0600, and a name no other run holds */
    if (fd < 0) {
        int rc = cls_error_set(err, CLS_EIO, "%s: cannot create: %s", dir, strerror(errno));
        free(*tmp);
        *tmp = NULL;
        return rc;
    }
    close(fd);
    int rc = cls_report_write_json(r, *tmp, err);
    if (rc < 0) {
        unlink(*tmp);
        free(*tmp);
        *tmp = NULL;
    }
    return rc;
}

/* Gives the written file tmp the name path unless path exists: link()
 * fails with EEXIST rather than replace, so two runs that pick the same
 * name at once cannot both have it (stat() then rename() lost one report).
 * Where the file system has no hard links, an O_EXCL placeholder claims
 * the name and the rename goes over our own placeholder.
 * Returns 1 when claimed, 0 when taken, negative on error. */
static int claim_name(const char *tmp, const char *path, struct cls_error *err)
{
    if (link(tmp, path) == 0)
        return 1;
    if (errno == EEXIST)
        return 0;
    if (errno != EPERM && errno != EOPNOTSUPP && errno != ENOSYS)
        return cls_error_set(err, CLS_EIO, "%s: %s", path, strerror(errno));
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return errno == EEXIST ? 0
                               : cls_error_set(err, CLS_EIO, "%s: %s", path, strerror(errno));
    close(fd);
    if (rename(tmp, path) < 0) {
        int e = errno;
        unlink(path);
        return cls_error_set(err, CLS_EIO, "%s: %s", path, strerror(e));
    }
    return 1;
}

int cls_history_write(const struct cls_report *r, const char *dir, char **written,
                      struct cls_error *err)
{
    char stamp[STAMP_LEN + 1];
    char *tmp = NULL, *path = NULL;
    if (mkdir(dir, 0700) < 0 && errno != EEXIST)
        return cls_error_set(err, CLS_EIO, "%s: cannot create: %s", dir, strerror(errno));
    compact_stamp(r->started_at, stamp);
    int rc = write_temp(r, dir, stamp, &tmp, err);
    for (unsigned seq = 1; rc == 0 && seq < 100; seq++) {
        free(path);
        path = seq == 1 ? cls_asprintf("%s/%s.json", dir, stamp)
                        : cls_asprintf("%s/%s_%02u.json", dir, stamp, seq);
        rc = path ? claim_name(tmp, path, err) : cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    if (rc == 0)
        rc = cls_error_set(err, CLS_EIO, "%s: 99 reports started in one second", dir);
    if (tmp)
        unlink(tmp);   /* after link() the report lives on under path */
    free(tmp);
    if (rc > 0 && written)
        *written = path;
    else
        free(path);
    return rc > 0 ? 0 : rc;
}
