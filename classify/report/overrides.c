/* Overrides in the report: a reviewer's decision applied to a column or
 * table (`override`: the detected label beside the applied one, and who
 * decided), and the reviews that expired because the data no longer
 * matches what was reviewed (`overrides_expired`). Kept apart from
 * report.c and json.c, which other work also grows. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report/overrides.h"
#include "util/util.h"

void cls_override_free(struct cls_override **slot)
{
    struct cls_override *o = *slot;
    if (!o)
        return;
    free(o->decision);
    free(o->reviewer);
    free(o->date);
    free(o->comment);
    free(o);
    *slot = NULL;
}

struct cls_expired_override *cls_report_add_expired(struct cls_report *r)
{
    struct cls_expired_override *p =
        realloc(r->expired, (r->expired_count + 1) * sizeof *r->expired);
    if (!p)
        return NULL;
    r->expired = p;
    memset(&p[r->expired_count], 0, sizeof *p);
    return &p[r->expired_count++];
}

void cls_report_clear_expired(struct cls_report *r)
{
    for (size_t i = 0; i < r->expired_count; i++) {
        struct cls_expired_override *e = &r->expired[i];
        char *fields[] = {e->source, e->schema, e->table, e->column, e->decision,
                          e->reviewer, e->date, e->reviewed, e->now};
        for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
            free(fields[k]);
    }
    free(r->expired);
    r->expired = NULL;
    r->expired_count = 0;
}

static json_t *str(const char *s)
{
    return json_string(s ? s : "");
}

json_t *cls_override_json(const struct cls_report *r, const struct cls_override *o,
                          enum cls_label applied)
{
    return json_pack("{s:o, s:s, s:s, s:o, s:o, s:o}", "decision", str(o->decision),
                     "detected_label", cls_report_label_name(r, o->detected), "applied_label",
                     cls_report_label_name(r, applied), "reviewer", str(o->reviewer), "date",
                     str(o->date), "comment", str(o->comment));
}

static char *field(json_t *o, const char *key)
{
    return cls_strdup_text(json_string_value(json_object_get(o, key)));
}

struct cls_override *cls_override_read(const struct cls_report *r, json_t *o)
{
    if (!json_is_object(o))
        return NULL;
    struct cls_override *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    const char *det = json_string_value(json_object_get(o, "detected_label"));
    if (!det || cls_report_label_parse(r, det, &v->detected) < 0)
        v->detected = 0;
    v->decision = field(o, "decision");
    v->reviewer = field(o, "reviewer");
    v->date = field(o, "date");
    v->comment = field(o, "comment");
    if (!v->decision || !v->reviewer || !v->date || !v->comment)
        cls_override_free(&v);
    return v;
}

json_t *cls_report_expired_json(const struct cls_report *r)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < r->expired_count; i++) {
        const struct cls_expired_override *e = &r->expired[i];
        json_array_append_new(
            a, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "source",
                         str(e->source), "schema", str(e->schema), "table", str(e->table),
                         "column", str(e->column), "decision", str(e->decision), "reviewer",
                         str(e->reviewer), "date", str(e->date), "reviewed", str(e->reviewed),
                         "now", str(e->now)));
    }
    return a;
}

void cls_report_expired_read(struct cls_report *r, json_t *array)
{
    for (size_t i = 0; i < json_array_size(array); i++) {
        json_t *o = json_array_get(array, i);
        struct cls_expired_override *e = json_is_object(o) ? cls_report_add_expired(r) : NULL;
        if (!e)
            continue;
        e->source = field(o, "source");
        e->schema = field(o, "schema");
        e->table = field(o, "table");
        e->column = field(o, "column");
        e->decision = field(o, "decision");
        e->reviewer = field(o, "reviewer");
        e->date = field(o, "date");
        e->reviewed = field(o, "reviewed");
        e->now = field(o, "now");
    }
}
