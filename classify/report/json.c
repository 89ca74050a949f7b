/* The JSON form of the report, "classify-report/1", written and read with
 * jansson. Field names are a contract (README, schemas/report.schema.json):
 * fields may be added, never renamed. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report/fleet.h"
#include "report/json_split.h"
#include "report/overrides.h"
#include "report/schema_check.h"
#include "report/selection.h"
#include "report/targets.h"

#include "classify/report.h"
#include "util/util.h"

/* jansson's json_string() rejects invalid UTF-8 and returns NULL; the model
 * holds sanitised text, but a NULL pointer still becomes "". */
static json_t *str(const char *s)
{
    return json_string(s ? s : "");
}

/* An array of strings; NULL when jansson refuses one (then the object
 * that holds it fails too, rather than lose an item). */
static json_t *strings_json(char *const *items, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        if (json_array_append_new(a, str(items[i])) < 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

/* ---- one table: built key by key ----------------------------------------
 * A table is built once for its checkpoint line and once for the report,
 * for every table of a scan: json_pack's format parsing and the keys'
 * UTF-8 check (the keys here are ASCII literals) were a third of that
 * cost. A value jansson refuses (a string that is not UTF-8, a real that
 * is not finite) fails the whole object, as json_pack did: a writer then
 * says it cannot serialise the report, never drops a field. */

struct obj {
    json_t *o;
    bool ok;
};

static struct obj obj_new(void)
{
    json_t *o = json_object();
    return (struct obj){o, o != NULL};
}

static void put(struct obj *b, const char *key, json_t *v)
{
    if (!v || !b->o || json_object_set_new_nocheck(b->o, key, v) < 0)
        b->ok = false;
}

static void put_str(struct obj *b, const char *key, const char *s)
{
    put(b, key, str(s));
}

static void put_int(struct obj *b, const char *key, uint64_t v)
{
    put(b, key, json_integer((json_int_t)v));
}

static json_t *obj_end(struct obj *b)
{
    if (b->ok)
        return b->o;
    json_decref(b->o);
    return NULL;
}

static json_t *finding_json(const struct cls_finding *f)
{
    struct obj b = obj_new();
    put_str(&b, "detector", f->detector);
    put_int(&b, "matches", f->matches);
    put(&b, "ratio", json_real(f->ratio));
    put(&b, "evidence", strings_json(f->evidence, f->evidence_count));
    put_int(&b, "candidates", f->candidates);
    put(&b, "ratio_low", json_real(f->ratio_low));
    put(&b, "ratio_high", json_real(f->ratio_high));
    put(&b, "fired", json_boolean(f->fired));
    put_str(&b, "basis", f->basis ? f->basis : "values");
    if (f->review) {
        put(&b, "review", json_true());
        put_str(&b, "review_reason", f->review_reason ? f->review_reason : "");
    }
    return obj_end(&b);
}

static json_t *column_json(const struct cls_report *r, const struct cls_column_report *c)
{
    json_t *findings = json_array();
    for (size_t i = 0; findings && i < c->finding_count; i++) {
        if (json_array_append_new(findings, finding_json(&c->findings[i])) < 0) {
            json_decref(findings);
            findings = NULL;
        }
    }
    struct obj b = obj_new();
    put_str(&b, "column", c->column);
    put_str(&b, "data_type", c->data_type);
    put_str(&b, "label", cls_report_label_name(r, c->label));
    put_int(&b, "values_sampled", c->values_sampled);
    put_int(&b, "values_non_null", c->values_non_null);
    put(&b, "findings", findings);
    put(&b, "reasons", strings_json(c->reasons, c->reason_count));
    if (c->skipped)
        put(&b, "skipped", json_true());
    if (c->protection)
        put_str(&b, "protection", c->protection);
    if (c->missed_upper > 0.0)
        put(&b, "missed_upper", json_real(c->missed_upper));
    if (c->override)
        put(&b, "override", cls_override_json(r, c->override, c->label));
    return obj_end(&b);
}

static json_t *table_json(const struct cls_report *r, const struct cls_table_report *t)
{
    json_t *cols = json_array();
    for (size_t i = 0; cols && i < t->column_count; i++) {
        if (json_array_append_new(cols, column_json(r, &t->columns[i])) < 0) {
            json_decref(cols);
            cols = NULL;
        }
    }
    struct obj b = obj_new();
    put_str(&b, "source", t->source);
    put_str(&b, "database", t->database);
    put_str(&b, "schema", t->schema);
    put_str(&b, "table", t->table);
    put(&b, "rows_estimated",
        t->rows_estimated < 0 ? json_null() : json_integer(t->rows_estimated));
    put_int(&b, "rows_sampled", t->rows_sampled);
    put_str(&b, "label", cls_report_label_name(r, t->label));
    put(&b, "columns", cols);
    if (t->reason_count)
        put(&b, "reasons", strings_json(t->reasons, t->reason_count));
    if (t->override)
        put(&b, "override", cls_override_json(r, t->override, t->label));
    if (b.ok)
        cls_report_fleet_table_json(t, b.o);
    return obj_end(&b);
}

/* run.levels: the policy's level names, most sensitive first. */
static json_t *levels_json(const struct cls_report *r)
{
    json_t *a = json_array();
    size_t n = r->level_count ? r->level_count : CLS_LABEL_COUNT;
    for (size_t i = n; i-- > 0;)
        json_array_append_new(a, str(cls_report_label_name(r, (enum cls_label)i)));
    return a;
}

static json_t *violations_json(const struct cls_report *r)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r->violation_count; i++) {
        const struct cls_violation *v = &r->violations[i];
        json_array_append_new(
            a, json_pack("{s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:o}", "source", str(v->source),
                         "database", str(v->database), "schema", str(v->schema),
                         "table", str(v->table), "column", str(v->column),
                         "declared", cls_report_label_name(r, v->declared),
                         "detected", cls_report_label_name(r, v->detected),
                         "rule", str(v->rule)));
    }
    return a;
}

static json_t *exclusions_json(const struct cls_report *r)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r->exclusion_count; i++)
        json_array_append_new(a, json_pack("{s:o, s:o, s:o}", "schema",
                                           str(r->exclusions[i].schema), "table",
                                           str(r->exclusions[i].table), "rule",
                                           str(r->exclusions[i].rule)));
    return a;
}

static json_t *changes_json(const struct cls_report *r)
{
    json_t *items = json_array();
    for (size_t i = 0; i < r->change_count; i++) {
        const struct cls_change *c = &r->changes[i];
        json_array_append_new(
            items, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "change",
                             cls_change_kind_name(c->kind), "source", str(c->source),
                             "database", str(c->database), "schema", str(c->schema),
                             "table", str(c->table), "column", str(c->column),
                             "detector", str(c->detector), "before", str(c->before),
                             "after", str(c->after)));
    }
    json_t *ch = json_pack("{s:o, s:o}", "prior_started_at", str(r->changes_prior), "items",
                           items);
    if (ch && r->change_note_count)
        json_object_set_new(ch, "notes", strings_json(r->change_notes, r->change_note_count));
    return ch;
}

/* The whole report as a jansson tree; with_tables false leaves "tables"
 * empty, for the streaming writer that fills it in table by table. */
static json_t *report_json_tree(const struct cls_report *r, bool with_tables)
{
    json_t *run = json_pack("{s:o, s:o, s:o, s:o, s:I, s:b, s:o}",
                            "started_at", str(r->started_at),
                            "finished_at", str(r->finished_at),
                            "tool_version", str(r->tool_version),
                            "policy_sha256", str(r->policy_sha256),
                            "sample_rows", (json_int_t)r->sample_rows,
                            "complete", r->complete,
                            "warnings", strings_json(r->warnings, r->warning_count));
    json_t *tables = json_array();
    for (size_t i = 0; with_tables && i < r->table_count; i++)
        json_array_append_new(tables, table_json(r, &r->tables[i]));
    json_t *errors = json_array();
    for (size_t i = 0; i < r->error_count; i++)
        json_array_append_new(errors,
                              json_pack("{s:o, s:o, s:o}",
                                        "source", str(r->errors[i].source),
                                        "table", str(r->errors[i].table),
                                        "message", str(r->errors[i].message)));
    /* Only a page-level sample says so: a row-uniform run's report is as
     * it was before --sampling existed. */
    if (r->sample_pages)
        json_object_set_new(run, "sampling", json_string("pages"));
    json_object_set_new(run, "policy", str(r->policy ? r->policy : "built-in"));
    json_object_set_new(run, "levels", levels_json(r));
    json_object_set_new(run, "policy_rules",
                        strings_json(r->policy_rules, r->policy_rule_count));
    cls_report_selection_json(r, run);
    json_t *root = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "format", str(r->format),
                             "run", run, "tables", tables, "errors", errors, "violations",
                             violations_json(r), "excluded", exclusions_json(r));
    if (root && r->has_changes)
        json_object_set_new(root, "changes", changes_json(r));
    if (root && r->target_count)
        json_object_set_new(root, "targets", cls_report_targets_json(r));
    if (root && r->expired_count)
        json_object_set_new(root, "overrides_expired", cls_report_expired_json(r));
    if (root)
        cls_report_fleet_json(r, run);
    return root;
}

#define DUMP_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(6))

char *cls_report_to_json(const struct cls_report *r)
{
    json_t *root = report_json_tree(r, true);
    if (!root)
        return NULL;
    char *text = json_dumps(root, DUMP_FLAGS);
    json_decref(root);
    if (!text)
        return NULL;
    /* A report ends with a newline, like any text file. */
    size_t n = strlen(text);
    char *withnl = realloc(text, n + 2);
    if (!withnl) {
        free(text);
        return NULL;
    }
    withnl[n] = '\n';
    withnl[n + 1] = '\0';
    return withnl;
}

char *cls_report_changes_to_json(const struct cls_report *r)
{
    json_t *o = changes_json(r);
    char *text = o ? json_dumps(o, JSON_INDENT(2)) : NULL;
    json_decref(o);
    return text;
}

/* The buffers the streaming writer dumps every table into, and indents
 * it into. */
struct dump_buf {
    char *text;
    size_t cap;
    char *out;
    size_t out_cap;
};

size_t cls_json_dump_kept(const json_t *o, char **text, size_t *cap, size_t flags)
{
    size_t n = o ? json_dumpb(o, *text, *cap, flags) : 0;
    if (n == 0 || n < *cap)
        return n;
    size_t grown_cap = n * 2;
    char *grown = realloc(*text, grown_cap);
    if (!grown)
        return 0;
    *text = grown;
    *cap = grown_cap;
    return json_dumpb(o, *text, *cap, flags) == n ? n : 0;
}

/* Writes one table as an element of the top-level "tables" array: the
 * table alone is serialised, then indented two levels, so the file reads
 * exactly as cls_report_to_json's text. */
static int write_table(FILE *f, const struct cls_report *r, const struct cls_table_report *t,
                       struct dump_buf *b)
{
    json_t *o = table_json(r, t);
    size_t n = cls_json_dump_kept(o, &b->text, &b->cap, DUMP_FLAGS);
    json_decref(o);
    if (n == 0)
        return CLS_ENOMEM;
    size_t lines = 1;
    for (const char *p = b->text; (p = memchr(p, '\n', (size_t)(b->text + n - p))); p++)
        lines++;
    size_t need = n + 4 * lines;
    if (need > b->out_cap) {
        char *grown = realloc(b->out, need * 2);
        if (!grown)
            return CLS_ENOMEM;
        b->out = grown;
        b->out_cap = need * 2;
    }
    char *w = b->out;
    for (const char *p = b->text, *end = b->text + n; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
        memcpy(w, "    ", 4);
        memcpy(w + 4, p, len);
        w += 4 + len;
        p += len;
    }
    fwrite(b->out, 1, (size_t)(w - b->out), f);
    return 0;
}

/* Streams the report: the report without its tables is small; the tables
 * go out one at a time, so a scan of thousands of tables never holds its
 * whole JSON text (or tree) in memory. */
static int write_streamed(FILE *f, const struct cls_report *r)
{
    static const char marker[] = "\n  \"tables\": []";
    json_t *root = report_json_tree(r, false);
    char *shell = root ? json_dumps(root, DUMP_FLAGS) : NULL;
    json_decref(root);
    char *at = shell ? strstr(shell, marker) : NULL;
    if (!at) {
        free(shell);
        return CLS_ENOMEM;
    }
    size_t head = (size_t)(at - shell) + sizeof marker - 3;    /* up to "tables": */
    fwrite(shell, 1, head, f);
    if (r->table_count == 0)
        fputs("[]", f);
    struct dump_buf b = {NULL, 0, NULL, 0};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < r->table_count; i++) {
        fputs(i ? ",\n" : "[\n", f);
        rc = write_table(f, r, &r->tables[i], &b);
        if (i + 1 == r->table_count)
            fputs("\n  ]", f);
    }
    free(b.text);
    free(b.out);
    if (rc == 0) {
        fputs(at + sizeof marker - 1, f);
        fputc('\n', f);
    }
    free(shell);
    return rc;
}

int cls_report_write_json(const struct cls_report *r, const char *path,
                          struct cls_error *err)
{
    struct cls_atomic_file a;
    int rc = cls_atomic_open(&a, path, err);
    if (rc < 0)
        return rc;
    if (write_streamed(a.f, r) < 0) {
        cls_atomic_close(&a, false, NULL);
        return cls_error_set(err, CLS_ENOMEM, "cannot serialise the report");
    }
    return cls_atomic_close(&a, true, err);
}

/* ---- reading ------------------------------------------------------------ */

/* A report may come from anywhere: strings read from it are made safe for
 * a terminal (control characters become U+FFFD) like any outside text. */
static char *safe_dup(const char *s)
{
    return cls_strdup_text(s);
}

static char *get_str(json_t *o, const char *key)
{
    return safe_dup(json_string_value(json_object_get(o, key)));
}

static char *get_str_at(json_t *a, size_t i)
{
    return safe_dup(json_string_value(json_array_get(a, i)));
}

static uint64_t get_u64(json_t *o, const char *key)
{
    json_int_t v = json_integer_value(json_object_get(o, key));
    return v < 0 ? 0 : (uint64_t)v;
}

static enum cls_label get_label(const struct cls_report *r, json_t *o, const char *key)
{
    enum cls_label l = CLS_PUBLIC;
    const char *s = json_string_value(json_object_get(o, key));
    if (s)
        cls_report_label_parse(r, s, &l);
    return l;
}

static char **read_strings(json_t *a, size_t *count)
{
    size_t n = json_array_size(a);
    *count = 0;
    if (n == 0)
        return NULL;
    char **out = calloc(n, sizeof *out);
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const char *s = json_string_value(json_array_get(a, i));
        out[i] = safe_dup(s);
    }
    *count = n;
    return out;
}

static void read_finding(struct cls_finding *f, json_t *o)
{
    f->detector = get_str(o, "detector");
    f->matches = get_u64(o, "matches");
    f->candidates = get_u64(o, "candidates");
    f->ratio = json_number_value(json_object_get(o, "ratio"));
    f->ratio_low = json_number_value(json_object_get(o, "ratio_low"));
    f->ratio_high = json_number_value(json_object_get(o, "ratio_high"));
    json_t *fired = json_object_get(o, "fired");
    f->fired = fired ? json_is_true(fired) : true;
    f->basis = get_str(o, "basis");
    f->review = json_is_true(json_object_get(o, "review"));
    if (f->review)
        f->review_reason = get_str(o, "review_reason");
    json_t *ev = json_object_get(o, "evidence");
    for (size_t i = 0; i < json_array_size(ev) && i < CLS_EVIDENCE_MAX; i++) {
        const char *s = json_string_value(json_array_get(ev, i));
        f->evidence[f->evidence_count++] = safe_dup(s);
    }
}

static void read_column(const struct cls_report *r, struct cls_column_report *c, json_t *o)
{
    c->column = get_str(o, "column");
    c->data_type = get_str(o, "data_type");
    c->label = get_label(r, o, "label");
    c->values_sampled = get_u64(o, "values_sampled");
    c->values_non_null = get_u64(o, "values_non_null");
    c->skipped = json_is_true(json_object_get(o, "skipped"));
    if (json_is_string(json_object_get(o, "protection")))
        c->protection = get_str(o, "protection");
    c->missed_upper = json_number_value(json_object_get(o, "missed_upper"));
    json_t *fs = json_object_get(o, "findings");
    size_t n = json_array_size(fs);
    c->findings = n ? calloc(n, sizeof *c->findings) : NULL;
    if (c->findings) {
        for (size_t i = 0; i < n; i++)
            read_finding(&c->findings[i], json_array_get(fs, i));
        c->finding_count = n;
    }
    c->reasons = read_strings(json_object_get(o, "reasons"), &c->reason_count);
    c->override = cls_override_read(r, json_object_get(o, "override"));
}

static int read_table(struct cls_report *r, json_t *o)
{
    struct cls_table_report *t = cls_report_add_table(r);
    if (!t)
        return CLS_ENOMEM;
    t->source = get_str(o, "source");
    t->database = get_str(o, "database");
    t->schema = get_str(o, "schema");
    t->table = get_str(o, "table");
    json_t *est = json_object_get(o, "rows_estimated");
    t->rows_estimated = json_is_integer(est) ? (int64_t)json_integer_value(est) : -1;
    t->rows_sampled = get_u64(o, "rows_sampled");
    t->label = get_label(r, o, "label");
    t->reasons = read_strings(json_object_get(o, "reasons"), &t->reason_count);
    t->override = cls_override_read(r, json_object_get(o, "override"));
    cls_report_fleet_table_read(t, o);
    json_t *cols = json_object_get(o, "columns");
    size_t n = json_array_size(cols);
    t->columns = n ? calloc(n, sizeof *t->columns) : NULL;
    if (n && !t->columns)
        return CLS_ENOMEM;
    for (size_t i = 0; i < n; i++)
        read_column(r, &t->columns[i], json_array_get(cols, i));
    t->column_count = n;
    return 0;
}

/* run.levels (most sensitive first) into the report's names by rank; the
 * default four stay implicit so older reports read as before. The schema
 * has made it an array of at least two strings. */
static int read_levels(struct cls_report *r, json_t *a)
{
    size_t n = json_array_size(a);
    char *names[16] = {NULL};
    if (n == 0)
        return 0;
    if (n > 16)
        return CLS_EPARSE;
    bool is_default = n == CLS_LABEL_COUNT;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        size_t rank = n - 1 - i;
        if (!(names[rank] = get_str_at(a, i)))
            rc = CLS_ENOMEM;
        else if (strcmp(names[rank], cls_label_name((enum cls_label)rank)) != 0)
            is_default = false;
    }
    if (rc == 0 && !is_default)
        rc = cls_report_set_levels(r, (const char *const *)names, n);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    return rc;
}

/* Whether o[key] names a level of r (a label the policy does not have
 * would read as the lowest, and a diff would call it "lowered"). */
static bool known_label(const struct cls_report *r, json_t *o, const char *key)
{
    enum cls_label l;
    const char *s = json_string_value(json_object_get(o, key));
    return !s || cls_report_label_parse(r, s, &l) == 0;
}

static int unknown_label(struct cls_error *err, const char *file, const char *path)
{
    return cls_error_set(err, CLS_EPARSE, "%s: %s: not one of the report's levels", file, path);
}

/* Table i's label and its columns' are levels of the report; the error
 * names the first that is not by its JSON path. */
static int check_table_labels(const struct cls_report *r, json_t *t, size_t i, const char *file,
                              struct cls_error *err)
{
    char path[96];
    size_t j;
    json_t *c;
    snprintf(path, sizeof path, "$.tables[%zu].label", i);
    if (!known_label(r, t, "label"))
        return unknown_label(err, file, path);
    json_array_foreach(json_object_get(t, "columns"), j, c) {
        snprintf(path, sizeof path, "$.tables[%zu].columns[%zu].label", i, j);
        if (!known_label(r, c, "label"))
            return unknown_label(err, file, path);
    }
    return 0;
}

/* Every label in the report is one of its levels. */
static int check_labels(const struct cls_report *r, json_t *root, const char *file,
                        struct cls_error *err)
{
    static const char *const kinds[] = {"declared", "detected"};
    char path[96];
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(root, "tables"), i, t) {
        int rc = check_table_labels(r, t, i, file, err);
        if (rc < 0)
            return rc;
    }
    json_array_foreach(json_object_get(root, "violations"), i, t)
        for (size_t k = 0; k < 2; k++) {
            snprintf(path, sizeof path, "$.violations[%zu].%s", i, kinds[k]);
            if (!known_label(r, t, kinds[k]))
                return unknown_label(err, file, path);
        }
    return 0;
}

static void read_policy_parts(struct cls_report *r, json_t *root)
{
    json_t *a = json_object_get(root, "violations");
    for (size_t i = 0; i < json_array_size(a); i++) {
        json_t *o = json_array_get(a, i);
        struct cls_violation *v = cls_report_add_violation(r);
        if (!v)
            return;
        v->source = get_str(o, "source");
        v->database = get_str(o, "database");
        v->schema = get_str(o, "schema");
        v->table = get_str(o, "table");
        v->column = get_str(o, "column");
        v->declared = get_label(r, o, "declared");
        v->detected = get_label(r, o, "detected");
        v->rule = get_str(o, "rule");
    }
    a = json_object_get(root, "excluded");
    for (size_t i = 0; i < json_array_size(a); i++) {
        json_t *o = json_array_get(a, i);
        struct cls_exclusion *x = cls_report_add_exclusion(r);
        if (!x)
            return;
        x->schema = get_str(o, "schema");
        x->table = get_str(o, "table");
        x->rule = get_str(o, "rule");
    }
    json_t *ch = json_object_get(root, "changes");
    if (!json_is_object(ch))
        return;
    r->has_changes = true;
    r->changes_prior = get_str(ch, "prior_started_at");
    r->change_notes = read_strings(json_object_get(ch, "notes"), &r->change_note_count);
    a = json_object_get(ch, "items");
    for (size_t i = 0; i < json_array_size(a); i++) {
        json_t *o = json_array_get(a, i);
        enum cls_change_kind k;
        const char *kind = json_string_value(json_object_get(o, "change"));
        if (!kind || cls_change_kind_parse(kind, &k) < 0)
            continue;
        struct cls_change *c = cls_report_add_change(r);
        if (!c)
            return;
        c->kind = k;
        c->source = get_str(o, "source");
        c->database = get_str(o, "database");
        c->schema = get_str(o, "schema");
        c->table = get_str(o, "table");
        c->column = get_str(o, "column");
        c->detector = get_str(o, "detector");
        c->before = get_str(o, "before");
        c->after = get_str(o, "after");
    }
}

/* The document's checks before a value is taken: the format, then every
 * type and bound of schemas/report.schema.json, with the file named. */
static int check_document(json_t *root, struct cls_schema *schema, const char *path,
                          struct cls_error *err)
{
    const char *format = json_string_value(json_object_get(root, "format"));
    if (!format || strcmp(format, "classify-report/1") != 0)
        return cls_error_set(err, CLS_EPARSE,
                             "%s: not a classify report (\"format\" is not "
                             "\"classify-report/1\")", path);
    struct cls_error why = {0};
    int rc = cls_schema_check_at(schema, NULL, root, "$", &why);
    if (rc < 0)
        return cls_error_set(err, rc, "%s: %s", path, why.message);
    if (json_array_size(json_object_get(json_object_get(root, "run"), "levels")) > 16)
        return cls_error_set(err, CLS_EPARSE, "%s: $.run.levels: more than 16 levels", path);
    return 0;
}

static void read_run(struct cls_report *r, json_t *run)
{
    r->started_at = get_str(run, "started_at");
    r->finished_at = get_str(run, "finished_at");
    free(r->tool_version);
    r->tool_version = get_str(run, "tool_version");
    free(r->policy_sha256);
    r->policy_sha256 = get_str(run, "policy_sha256");
    r->sample_rows = get_u64(run, "sample_rows");
    json_t *sampling = json_object_get(run, "sampling");
    r->sample_pages = json_is_string(sampling) && strcmp(json_string_value(sampling), "pages") == 0;
    r->complete = json_is_true(json_object_get(run, "complete"));
    r->warnings = read_strings(json_object_get(run, "warnings"), &r->warning_count);
    r->policy = get_str(run, "policy");
    r->policy_rules = read_strings(json_object_get(run, "policy_rules"),
                                   &r->policy_rule_count);
    cls_report_fleet_read(r, run);
}

static void read_errors(struct cls_report *r, json_t *errors)
{
    bool complete = r->complete;
    for (size_t i = 0; i < json_array_size(errors); i++) {
        json_t *e = json_array_get(errors, i);
        cls_report_add_error(r, json_string_value(json_object_get(e, "source")),
                             json_string_value(json_object_get(e, "table")),
                             json_string_value(json_object_get(e, "message"))
                                 ? json_string_value(json_object_get(e, "message"))
                                 : "");
    }
    r->complete = complete;
}

/* The parts of the report before its tables: the run, its levels and
 * selection, every label checked (root holds the tables, or none yet). */
static int read_head(struct cls_report **out, json_t *root, struct cls_schema *schema,
                     const char *path, struct cls_error *err)
{
    struct cls_report *r = NULL;
    int rc = check_document(root, schema, path, err);
    if (rc == 0 && cls_report_new(&r) < 0)
        rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
    if (rc == 0) {
        read_run(r, json_object_get(root, "run"));
        if (read_levels(r, json_object_get(json_object_get(root, "run"), "levels")) < 0 ||
            cls_report_selection_read(r, json_object_get(root, "run")) < 0)
            rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    if (rc == 0)
        rc = check_labels(r, root, path, err);
    if (rc < 0) {
        cls_report_free(r);
        r = NULL;
    }
    *out = r;
    return rc;
}

/* The parts after the tables. */
static void read_tail(struct cls_report *r, json_t *root)
{
    read_errors(r, json_object_get(root, "errors"));
    read_policy_parts(r, root);
    cls_report_targets_read(r, json_object_get(root, "targets"));
    cls_report_expired_read(r, json_object_get(root, "overrides_expired"));
}

/* The built-in report schema, parsed; the error names the file read. */
static int open_schema(struct cls_schema **schema, const char *path, struct cls_error *err)
{
    struct cls_error why = {0};
    int rc = cls_schema_open(schema, cls_report_schema_text, &why);
    return rc < 0 ? cls_error_set(err, rc, "%s: %s", path, why.message) : 0;
}

int cls_report_read_json_whole(struct cls_report **out, const char *path,
                               struct cls_error *err)
{
    json_error_t jerr;
    struct cls_report *r = NULL;
    struct cls_schema *schema = NULL;
    *out = NULL;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root)
        return cls_error_set(err, CLS_EPARSE, "%s:%d:%d: %s", path, jerr.line,
                             jerr.column, jerr.text);
    int rc = open_schema(&schema, path, err);
    if (rc == 0)
        rc = read_head(&r, root, schema, path, err);
    if (rc == 0) {
        json_t *tables = json_object_get(root, "tables");
        for (size_t i = 0; i < json_array_size(tables); i++)
            read_table(r, json_array_get(tables, i));
        read_tail(r, root);
        *out = r;
    }
    cls_schema_close(schema);
    json_decref(root);
    return rc;
}

/* One table of a split report: parsed, checked against the schema's
 * table and the report's levels, read, freed. */
static int read_one_table(struct cls_report *r, struct cls_schema *schema, const char *text,
                          size_t len, size_t i, const char *path, struct cls_error *err)
{
    json_error_t jerr;
    json_t *t = json_loadb(text, len, 0, &jerr);
    if (!t)
        return CLS_EPARSE;
    char where[48];
    snprintf(where, sizeof where, "$.tables[%zu]", i);
    int rc = cls_schema_check_at(schema, "table", t, where, err);
    if (rc == 0)
        rc = check_table_labels(r, t, i, path, err);
    if (rc == 0)
        read_table(r, t);
    json_decref(t);
    return rc;
}

/* The report read a table at a time (report/json_split.h): a 100,000-table
 * report no longer becomes one jansson tree of over 600 MB. 0 with *out
 * set, or 1 when the document does not split or any part of it fails a
 * check: the caller then reads it whole, for the error it has always
 * given. */
static int read_split(struct cls_report **out, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 1;
    struct cls_error scratch = {0};
    struct cls_json_split split;
    struct cls_report *r = NULL;
    struct cls_schema *schema = NULL;
    json_t *root = NULL;
    char *buf = NULL;
    size_t cap = 0;
    json_error_t jerr;
    int rc = cls_json_split(f, "tables", &split) == 0 ? 0 : 1;
    if (rc == 0 && !(root = json_loadb(split.skeleton, split.skeleton_len, 0, &jerr)))
        rc = 1;
    if (rc == 0 && (open_schema(&schema, path, &scratch) < 0 ||
                    read_head(&r, root, schema, path, &scratch) < 0))
        rc = 1;
    for (size_t i = 0; rc == 0 && i < split.count; i++)
        if (cls_json_split_read(f, &split, i, &buf, &cap) < 0 ||
            read_one_table(r, schema, buf, split.elements[i].length, i, path, &scratch) < 0)
            rc = 1;
    if (rc == 0) {
        read_tail(r, root);
        *out = r;
        r = NULL;
    }
    cls_report_free(r);
    cls_schema_close(schema);
    json_decref(root);
    free(buf);
    cls_json_split_free(&split);
    fclose(f);
    return rc;
}

int cls_report_read_json(struct cls_report **out, const char *path,
                         struct cls_error *err)
{
    *out = NULL;
    if (read_split(out, path) == 0)
        return 0;
    return cls_report_read_json_whole(out, path, err);
}

/* ---- one table alone, for the checkpoint of a resumable run (fleet.h) ---- */

json_t *cls_report_table_json(const struct cls_report *r, const struct cls_table_report *t)
{
    return table_json(r, t);
}

int cls_report_table_read(struct cls_report *r, json_t *o)
{
    return json_is_object(o) ? read_table(r, o) : CLS_EPARSE;
}
