/* The history directory of `scan --history DIR`: one report per run, named
 * by the run's UTC start time (20261127T100000Z.json; a second run in the
 * same second gets 20261127T100000Z_02.json, which sorts after it), so
 * `LC_ALL=C ls` lists the runs in order and the newest is the one to diff
 * against.
 * Files are 0600, written whole to a hidden temp file, then given their
 * name with link(), which fails rather than replace: an existing report is
 * never replaced, and concurrent runs each keep their own. */
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

/* How many of the newest reports are opened to find a complete one. */
#define COMPLETE_LOOKBACK 16

int cls_history_newest(char **path, const char *dir, struct cls_error *err)
{
    *path = NULL;
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT ? 0 : cls_error_set(err, CLS_EIO, "%s: %s", dir, strerror(errno));
    struct run_file *runs = NULL;
    size_t count = 0;
    int rc = list_runs(d, &runs, &count);
    closedir(d);
    /* The newest complete run: a table a failed run could not read would
     * otherwise come back as "added", and a raise in it would go unseen.
     * When none of the recent runs is complete, the newest will do. */
    size_t pick = 0;
    for (size_t i = 0; rc == 0 && i < count && i < COMPLETE_LOOKBACK; i++) {
        char *p = cls_asprintf("%s/%s", dir, runs[i].name);
        struct cls_report *r = NULL;
        struct cls_error ignored;
        bool complete = p && cls_report_read_json(&r, p, &ignored) == 0 && r->complete;
        cls_report_free(r);
        free(p);
        if (complete) {
            pick = i;
            break;
        }
    }
    if (rc == 0 && count)
        *path = cls_asprintf("%s/%s", dir, runs[pick].name);
    for (size_t i = 0; i < count; i++)
        free(runs[i].name);
    free(runs);
    if (rc < 0 || (count && !*path))
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    return 0;
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
