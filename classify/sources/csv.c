/* The CSV source: one file is one table, named after the file's stem, whose
 * header row names the columns. Sampling reads the whole file once and
 * keeps a uniform random sample of rows by reservoir sampling (Algorithm
 * R), so the sample is not biased to the top of the file. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "classify/source.h"
#include "sources/csv_parse.h"
#include "util/util.h"

struct cls_source {
    char *path;
    struct cls_source_options opts;
};

static int csv_open(struct cls_source **out, const char *target,
                    const struct cls_source_options *opts, struct cls_error *err)
{
    FILE *f = fopen(target, "rb");
    if (!f)
        return cls_error_set(err, CLS_EIO, "%s: %s", target, strerror(errno));
    fclose(f);
    struct cls_source *s = calloc(1, sizeof *s);
    /* The absolute path: a table's identity across runs (classify diff)
     * must not depend on the directory the scan was started from. */
    if (!s || !(s->path = cls_abs_path(target))) {
        free(s);
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    s->opts = *opts;
    *out = s;
    return 0;
}

/* "dir/customers.csv" -> "customers". */
static char *file_stem(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = (dot && dot != base) ? (size_t)(dot - base) : strlen(base);
    return cls_strdup_utf8(base, n);
}

static int csv_list_tables(struct cls_source *s, struct cls_table_list *out,
                           struct cls_error *err)
{
    out->items = calloc(1, sizeof *out->items);
    if (!out->items)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    out->count = 1;
    out->items[0].database = strdup("");
    out->items[0].schema = strdup("");
    out->items[0].name = file_stem(s->path);
    out->items[0].rows_estimated = -1;
    if (!out->items[0].database || !out->items[0].schema || !out->items[0].name)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    return 0;
}

static int open_reader(struct cls_source *s, FILE **f, struct cls_csv **csv,
                       struct cls_error *err)
{
    *f = fopen(s->path, "rb");
    if (!*f)
        return cls_error_set(err, CLS_EIO, "%s: %s", s->path, strerror(errno));
    if (cls_csv_new(csv, *f, s->path) < 0) {
        fclose(*f);
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    return 0;
}

static int csv_list_columns(struct cls_source *s, const struct cls_table_ref *t,
                            struct cls_column_list *out, struct cls_error *err)
{
    (void)t;
    FILE *f;
    struct cls_csv *csv;
    struct cls_csv_row row;
    int rc = open_reader(s, &f, &csv, err);
    if (rc < 0)
        return rc;
    rc = cls_csv_next(csv, &row, err);
    if (rc == 0)
        rc = cls_error_set(err, CLS_EPARSE, "%s: empty file: no header row", s->path);
    if (rc > 0) {
        out->items = calloc(row.count, sizeof *out->items);
        rc = out->items ? 0 : cls_error_set(err, CLS_ENOMEM, "out of memory");
        for (size_t i = 0; rc == 0 && i < row.count; i++) {
            out->items[i].name = cls_strdup_utf8(row.fields[i], row.lens[i]);
            out->items[i].data_type = strdup("text");
            out->count++;
        }
    }
    cls_csv_free(csv);
    fclose(f);
    return rc;
}

/* The reservoir: `cap` rows of `ncols` copied values each. */
struct reservoir {
    size_t ncols, cap, used;
    char **values;    /* [cap * ncols] */
    size_t *lens;
};

static int reservoir_put(struct reservoir *r, size_t slot, const struct cls_csv_row *row)
{
    for (size_t i = 0; i < r->ncols; i++) {
        size_t k = slot * r->ncols + i;
        /* CSV has no NULL: an empty cell is the closest thing to one. */
        char *copy = NULL;
        if (row->lens[i] > 0) {
            if (!(copy = malloc(row->lens[i])))
                return CLS_ENOMEM;
            memcpy(copy, row->fields[i], row->lens[i]);
        }
        free(r->values[k]);
        r->values[k] = copy;
        r->lens[k] = row->lens[i];
    }
    return 0;
}

static void reservoir_free(struct reservoir *r)
{
    for (size_t i = 0; i < r->cap * r->ncols; i++)
        free(r->values[i]);
    free(r->values);
    free(r->lens);
}

static int fill_reservoir(struct cls_source *s, struct cls_csv *csv, struct reservoir *r,
                          struct cls_error *err)
{
    uint64_t state = s->opts.seeded ? s->opts.seed : (uint64_t)time(NULL) ^ (uint64_t)clock();
    uint64_t seen = 0;
    struct cls_csv_row row;
    int rc;
    while ((rc = cls_csv_next(csv, &row, err)) > 0) {
        if (row.count != r->ncols)
            return cls_error_set(err, CLS_EPARSE,
                                 "%s:%lu: %zu fields, but the header has %zu",
                                 s->path, row.line, row.count, r->ncols);
        if (r->used < r->cap) {
            rc = reservoir_put(r, r->used++, &row);
        } else {
            uint64_t j = cls_rand_below(&state, seen + 1);
            rc = j < r->cap ? reservoir_put(r, (size_t)j, &row) : 0;
        }
        if (rc < 0)
            return cls_error_set(err, CLS_ENOMEM, "out of memory");
        seen++;
    }
    return rc;
}

static int csv_sample(struct cls_source *s, const struct cls_table_ref *t,
                      const struct cls_column_list *cols, cls_row_fn fn, void *user,
                      uint64_t *rows_seen, struct cls_error *err)
{
    (void)t;
    FILE *f;
    struct cls_csv *csv;
    struct cls_csv_row header;
    struct reservoir r = {.ncols = cols->count, .cap = (size_t)s->opts.sample_rows};
    *rows_seen = 0;
    int rc = open_reader(s, &f, &csv, err);
    if (rc < 0)
        return rc;
    r.values = calloc(r.cap * r.ncols + 1, sizeof *r.values);
    r.lens = calloc(r.cap * r.ncols + 1, sizeof *r.lens);
    if (!r.values || !r.lens)
        rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
    if (rc == 0 && (rc = cls_csv_next(csv, &header, err)) == 0)
        rc = cls_error_set(err, CLS_EPARSE, "%s: empty file: no header row", s->path);
    if (rc > 0)
        rc = fill_reservoir(s, csv, &r, err);
    for (size_t i = 0; rc == 0 && i < r.used; i++) {
        struct cls_row row = {
            .values = (const char *const *)&r.values[i * r.ncols],
            .lens = &r.lens[i * r.ncols],
            .count = r.ncols,
        };
        (*rows_seen)++;
        if (fn(user, &row))
            break;
    }
    reservoir_free(&r);
    cls_csv_free(csv);
    fclose(f);
    return rc;
}

static const char *csv_display_uri(const struct cls_source *s)
{
    return s->path;
}

static void csv_close(struct cls_source *s)
{
    if (!s)
        return;
    free(s->path);
    free(s);
}

const struct cls_source_ops cls_source_csv = {
    .scheme = "csv",
    .open = csv_open,
    .list_tables = csv_list_tables,
    .list_columns = csv_list_columns,
    .sample = csv_sample,
    .display_uri = csv_display_uri,
    .close = csv_close,
};
