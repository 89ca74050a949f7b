/* run.selection (the --tables and --exclude globs, the table of `classify
 * table`, the targets), run.seed and run.jobs: recorded so a filtered or
 * differently sampled run cannot pass for a full one, and so a diff can
 * say when two runs were not asked the same question. Kept apart from
 * json.c, which stays about tables. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report/selection.h"
#include "util/util.h"

static void free_strings(char **items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
}

void cls_report_clear_selection(struct cls_report *r)
{
    struct cls_run_selection *s = &r->selection;
    free_strings(s->tables, s->table_count);
    free_strings(s->exclude, s->exclude_count);
    free_strings(s->targets, s->target_count);
    free(s->only_table);
    memset(s, 0, sizeof *s);
}

static json_t *strings_json(char *const *items, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_string(items[i]));
    return a;
}

void cls_report_selection_json(const struct cls_report *r, json_t *run)
{
    const struct cls_run_selection *s = &r->selection;
    if (!s->recorded || !run)
        return;
    json_t *sel = json_object();
    json_object_set_new(sel, "tables", strings_json(s->tables, s->table_count));
    json_object_set_new(sel, "exclude", strings_json(s->exclude, s->exclude_count));
    json_object_set_new(sel, "table", s->only_table ? json_string(s->only_table) : json_null());
    json_object_set_new(sel, "targets", strings_json(s->targets, s->target_count));
    json_object_set_new(run, "selection", sel);
    json_object_set_new(run, "seed", s->seeded ? json_integer((json_int_t)s->seed)
                                               : json_null());
    json_object_set_new(run, "jobs", json_integer((json_int_t)s->jobs));
}

/* An array of strings; anything else reads as empty. */
static int read_strings(json_t *a, char ***out, size_t *n)
{
    size_t len = json_array_size(a);
    *out = NULL;
    *n = 0;
    if (!len)
        return 0;
    if (!(*out = calloc(len, sizeof **out)))
        return CLS_ENOMEM;
    for (size_t i = 0; i < len; i++) {
        const char *v = json_string_value(json_array_get(a, i));
        if (v && !((*out)[(*n)++] = cls_strdup(v)))
            return CLS_ENOMEM;
    }
    return 0;
}

int cls_report_selection_read(struct cls_report *r, json_t *run)
{
    struct cls_run_selection *s = &r->selection;
    json_t *sel = json_object_get(run, "selection");
    cls_report_clear_selection(r);
    if (!json_is_object(sel))
        return 0;
    s->recorded = true;
    json_t *seed = json_object_get(run, "seed"), *jobs = json_object_get(run, "jobs");
    s->seeded = json_is_integer(seed) && json_integer_value(seed) >= 0;
    s->seed = s->seeded ? (uint64_t)json_integer_value(seed) : 0;
    s->jobs = json_is_integer(jobs) && json_integer_value(jobs) > 0
                  ? (unsigned)json_integer_value(jobs) : 1;
    const char *one = json_string_value(json_object_get(sel, "table"));
    if (one && !(s->only_table = cls_strdup(one)))
        return CLS_ENOMEM;
    if (read_strings(json_object_get(sel, "tables"), &s->tables, &s->table_count) < 0 ||
        read_strings(json_object_get(sel, "exclude"), &s->exclude, &s->exclude_count) < 0 ||
        read_strings(json_object_get(sel, "targets"), &s->targets, &s->target_count) < 0)
        return CLS_ENOMEM;
    return 0;
}

/* Same strings in any order (each list is short). */
static bool same_set(char *const *a, size_t na, char *const *b, size_t nb)
{
    for (size_t i = 0; i < na; i++) {
        bool found = false;
        for (size_t j = 0; j < nb && !found; j++)
            found = strcmp(a[i], b[j]) == 0;
        if (!found)
            return false;
    }
    for (size_t j = 0; j < nb; j++) {
        bool found = false;
        for (size_t i = 0; i < na && !found; i++)
            found = strcmp(a[i], b[j]) == 0;
        if (!found)
            return false;
    }
    return true;
}

/* "a*, b*", or the word for none. */
static char *join(char *const *items, size_t n, const char *none)
{
    char *out = cls_strdup(n ? "" : none);
    for (size_t i = 0; out && i < n; i++) {
        char *next = cls_asprintf("%s%s%s", out, i ? ", " : "", items[i]);
        free(out);
        out = next;
    }
    return out;
}

char *cls_report_selection_difference(const struct cls_report *prior,
                                      const struct cls_report *r)
{
    const struct cls_run_selection *a = &prior->selection, *b = &r->selection;
    if (!a->recorded || !b->recorded)
        return NULL;
    const char *what = NULL;
    char *before = NULL, *after = NULL;
    if (!same_set(a->tables, a->table_count, b->tables, b->table_count)) {
        what = "--tables";
        before = join(a->tables, a->table_count, "all tables");
        after = join(b->tables, b->table_count, "all tables");
    } else if (!same_set(a->exclude, a->exclude_count, b->exclude, b->exclude_count)) {
        what = "--exclude";
        before = join(a->exclude, a->exclude_count, "none");
        after = join(b->exclude, b->exclude_count, "none");
    } else if ((a->only_table == NULL) != (b->only_table == NULL) ||
               (a->only_table && strcmp(a->only_table, b->only_table) != 0)) {
        what = "table";
        before = cls_strdup(a->only_table ? a->only_table : "every table");
        after = cls_strdup(b->only_table ? b->only_table : "every table");
    } else if (!same_set(a->targets, a->target_count, b->targets, b->target_count)) {
        what = "targets";
        before = join(a->targets, a->target_count, "none");
        after = join(b->targets, b->target_count, "none");
    }
    char *text = what && before && after
                     ? cls_asprintf("the two runs scanned different selections (%s: %s before, "
                                    "%s now); tables outside either are not compared",
                                    what, before, after)
                     : NULL;
    free(before);
    free(after);
    return text;
}
