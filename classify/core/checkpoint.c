/* The checkpoint beside a report (REPORT.checkpoint): one JSON line per
 * table a run has decided, after a header line naming the run's identity.
 * An interrupted run (a signal, a killed worker, a lost node) run again
 * with --resume takes the recorded tables as they were and scans only the
 * rest; the policy's hooks run over recorded tables as over fresh ones, so
 * the final report is the one an uninterrupted run would have written.
 * Each line goes out in one write(2) on an O_APPEND descriptor, so a
 * killed process loses only the tables in flight; a line cut short by a
 * full disk or a lost node is ignored on reading. Labels are written by
 * rank ("0".."15"), not by name: the policy's level names are not known
 * until the run ends. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/shard.h"
#include "report/fleet.h"
#include "util/util.h"

#define FORMAT "classify-checkpoint/1"
/* A checkpoint holds a run's tables: far below this. */
#define CHECKPOINT_MAX ((size_t)1 << 30)

struct cls_checkpoint {
    int fd;
    char *path;
    struct cls_report *ranks;   /* labels by rank, and the recorded tables */
    size_t resumed;
    char *line;                 /* write_line's buffer */
    size_t line_cap;
    struct held *held;          /* the recorded tables by key, for take */
};

/* A recorded table's key hashed, and where it is: a resumed run asks for
 * each of its tables, and a walk of every recorded table per question
 * was quadratic (100,000 tables: 5e9 comparisons). Sorted by (hash, i). */
struct held {
    uint64_t hash;
    size_t i;
};

/* A report whose level names are the ranks, for writing and reading
 * labels that are not yet named. */
static int rank_report(struct cls_report **out)
{
    static const char *const names[] = {"0", "1", "2", "3", "4", "5", "6", "7",
                                        "8", "9", "10", "11", "12", "13", "14", "15"};
    if (cls_report_new(out) < 0)
        return CLS_ENOMEM;
    return cls_report_set_levels(*out, names, sizeof names / sizeof names[0]);
}

static int header_identity(json_t *line, const char *identity)
{
    const char *f = json_string_value(json_object_get(line, "checkpoint"));
    const char *id = json_string_value(json_object_get(line, "identity"));
    return f && id && strcmp(f, FORMAT) == 0 && strcmp(id, identity) == 0;
}

/* A table's (source, database, schema, table) hashed; NULL as "" (same()). */
static uint64_t key_hash(const char *source, const char *database, const char *schema,
                         const char *table)
{
    uint64_t h = cls_fnv1a_part(CLS_FNV1A_BASIS, source);
    h = cls_fnv1a_part(h, database);
    h = cls_fnv1a_part(h, schema);
    return cls_fnv1a_part(h, table);
}

static int cmp_held(const void *x, const void *y)
{
    const struct held *a = x, *b = y;
    if (a->hash != b->hash)
        return a->hash < b->hash ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

static int index_held(struct cls_checkpoint *cp)
{
    const struct cls_report *r = cp->ranks;
    if (r->table_count == 0)
        return 0;
    cp->held = calloc(r->table_count, sizeof *cp->held);
    if (!cp->held)
        return CLS_ENOMEM;
    for (size_t i = 0; i < r->table_count; i++) {
        const struct cls_table_report *x = &r->tables[i];
        cp->held[i] = (struct held){key_hash(x->source, x->database, x->schema, x->table), i};
    }
    qsort(cp->held, r->table_count, sizeof *cp->held, cmp_held);
    return 0;
}

/* Reads the tables an earlier run recorded; a different run is refused. */
static int load(struct cls_checkpoint *cp, const char *identity, struct cls_error *err)
{
    char *text = NULL;
    size_t len = 0;
    int rc = cls_read_file(cp->path, CHECKPOINT_MAX, &text, &len, err);
    if (rc < 0)
        return rc;
    size_t lineno = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line && rc == 0;
         line = strtok_r(NULL, "\n", &save)) {
        json_t *o = json_loads(line, 0, NULL);
        if (lineno++ == 0) {
            if (!o || !header_identity(o, identity))
                rc = cls_error_set(err, CLS_EUSAGE, "%s: a checkpoint of a different run "
                                   "(seed, sample, shard, targets or policy differ); "
                                   "remove it or run without --resume", cp->path);
        } else if (o) {
            rc = cls_report_table_read(cp->ranks, json_object_get(o, "table"));
            rc = rc == CLS_EPARSE ? 0 : rc;
        }
        json_decref(o);
    }
    free(text);
    cp->resumed = cp->ranks->table_count;
    if (rc == 0)
        rc = index_held(cp);
    return rc == CLS_ENOMEM ? cls_error_set(err, CLS_ENOMEM, "out of memory") : rc;
}

/* Writes one whole line with one write(2). The text is dumped into a
 * buffer the checkpoint keeps (a line per table: no malloc, growth and
 * copy of a fresh string each time); a line that does not fit is dumped
 * again into a larger one. */
static int write_line(struct cls_checkpoint *cp, json_t *o)
{
    size_t n = cls_json_dump_kept(o, &cp->line, &cp->line_cap,
                                  JSON_COMPACT | JSON_REAL_PRECISION(17));
    if (n == 0)
        return CLS_ENOMEM;
    cp->line[n] = '\n';
    ssize_t w = write(cp->fd, cp->line, n + 1);
    return w == (ssize_t)(n + 1) ? 0 : CLS_EIO;
}

int cls_checkpoint_open(struct cls_checkpoint **out, const char *path, const char *identity,
                        bool resume, struct cls_error *err)
{
    struct cls_checkpoint *cp = calloc(1, sizeof *cp);
    *out = NULL;
    if (!cp || !(cp->path = cls_strdup(path)) || rank_report(&cp->ranks) < 0) {
        cls_checkpoint_close(cp);
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    cp->fd = -1;
    bool exists = access(path, F_OK) == 0;
    int rc = resume && exists ? load(cp, identity, err) : 0;
    if (rc == 0) {
        int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (resume ? 0 : O_TRUNC);
        cp->fd = open(path, flags, 0600);
        if (cp->fd < 0)
            rc = cls_error_set(err, CLS_EIO, "%s: %s", path, strerror(errno));
    }
    if (rc == 0 && !(resume && exists)) {
        json_t *h = json_pack("{s:s, s:s}", "checkpoint", FORMAT, "identity", identity);
        rc = write_line(cp, h);
        json_decref(h);
        if (rc < 0)
            rc = cls_error_set(err, rc, "%s: cannot write the checkpoint", path);
    }
    if (rc < 0) {
        cls_checkpoint_close(cp);
        return rc;
    }
    *out = cp;
    return 0;
}

static int same(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

int cls_checkpoint_take(struct cls_checkpoint *cp, const char *source,
                        const struct cls_table_ref *t, struct cls_table_report *out)
{
    struct cls_report *r = cp->ranks;
    if (!cp->held)
        return 0;
    uint64_t h = key_hash(source, t->database, t->schema, t->name);
    size_t lo = 0, hi = r->table_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp->held[mid].hash < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < r->table_count && cp->held[lo].hash == h; lo++) {
        struct cls_table_report *x = &r->tables[cp->held[lo].i];
        if (!x->table || !same(x->source, source) || !same(x->database, t->database) ||
            !same(x->schema, t->schema) || !same(x->table, t->name))
            continue;
        *out = *x;
        /* Left in place, empty: cls_report_free frees nothing of it. */
        memset(x, 0, sizeof *x);
        return 1;
    }
    return 0;
}

size_t cls_checkpoint_resumed(const struct cls_checkpoint *cp)
{
    return cp ? cp->resumed : 0;
}

int cls_checkpoint_add(struct cls_checkpoint *cp, const struct cls_table_report *t)
{
    json_t *table = cls_report_table_json(cp->ranks, t), *o = json_object();
    int rc = table && o && json_object_set_new_nocheck(o, "table", table) == 0
                 ? write_line(cp, o) : CLS_ENOMEM;
    if (!o)
        json_decref(table);
    json_decref(o);
    return rc;
}

void cls_checkpoint_close(struct cls_checkpoint *cp)
{
    if (!cp)
        return;
    if (cp->fd >= 0)
        close(cp->fd);
    cls_report_free(cp->ranks);
    free(cp->line);
    free(cp->held);
    free(cp->path);
    free(cp);
}
