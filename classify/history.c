/* The history directory of `scan --history DIR`: one report per run, named
 * by the run's UTC start time (20261127T100000Z.json; a second run in the
 * same second gets 20261127T100000Z_02.json, which sorts after it), so
 * `LC_ALL=C ls` lists the runs in order and the newest is the one to diff
 * against.
 * Files are 0600 and written atomically (util.c); an existing report is
 * never replaced. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diff.h"
#include "util.h"

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

int cls_history_newest(char **path, const char *dir, struct cls_error *err)
{
    *path = NULL;
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT ? 0 : cls_error_set(err, CLS_EIO, "%s: %s", dir, strerror(errno));
    char best[STAMP_LEN + 1] = "", stamp[STAMP_LEN + 1], best_name[256] = "";
    unsigned long best_seq = 0, seq;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strlen(e->d_name) >= sizeof best_name || !parse_name(e->d_name, stamp, &seq))
            continue;
        int cmp = strcmp(stamp, best);
        if (cmp > 0 || (cmp == 0 && seq > best_seq)) {
            memcpy(best, stamp, sizeof best);
            best_seq = seq;
            snprintf(best_name, sizeof best_name, "%s", e->d_name);
        }
    }
    closedir(d);
    if (!best_name[0])
        return 0;
    *path = cls_asprintf("%s/%s", dir, best_name);
    return *path ? 0 : cls_error_set(err, CLS_ENOMEM, "out of memory");
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

int cls_history_write(const struct cls_report *r, const char *dir, char **written,
                      struct cls_error *err)
{
    char stamp[STAMP_LEN + 1];
    struct stat st;
    if (mkdir(dir, 0700) < 0 && errno != EEXIST)
        return cls_error_set(err, CLS_EIO, "%s: cannot create: %s", dir, strerror(errno));
    compact_stamp(r->started_at, stamp);
    char *path = NULL;
    for (unsigned seq = 1; seq < 100; seq++) {
        free(path);
        path = seq == 1 ? cls_asprintf("%s/%s.json", dir, stamp)
                        : cls_asprintf("%s/%s_%02u.json", dir, stamp, seq);
        if (!path)
            return cls_error_set(err, CLS_ENOMEM, "out of memory");
        if (stat(path, &st) < 0 && errno == ENOENT)
            break;
        if (seq == 99) {
            free(path);
            return cls_error_set(err, CLS_EIO, "%s: 99 reports started in one second", dir);
        }
    }
    int rc = cls_report_write_json(r, path, err);
    if (rc == 0 && written)
        *written = path;
    else
        free(path);
    return rc;
}
