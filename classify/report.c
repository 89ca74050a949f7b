/* The report model: allocation, appends and release. Writers live in
 * report_json.c and report_text.c. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify/report.h"
#include "util.h"

int cls_report_new(struct cls_report **out)
{
    struct cls_report *r = calloc(1, sizeof *r);
    if (!r)
        return CLS_ENOMEM;
    r->format = strdup("classify-report/1");
    r->tool_version = strdup(PACKAGE_VERSION);
    r->policy_sha256 = strdup("");
    r->complete = true;
    if (!r->format || !r->tool_version || !r->policy_sha256) {
        cls_report_free(r);
        return CLS_ENOMEM;
    }
    *out = r;
    return 0;
}

static void finding_clear(struct cls_finding *f)
{
    free(f->detector);
    free(f->basis);
    for (size_t i = 0; i < f->evidence_count; i++)
        free(f->evidence[i]);
}

static void column_clear(struct cls_column_report *c)
{
    free(c->column);
    free(c->data_type);
    for (size_t i = 0; i < c->finding_count; i++)
        finding_clear(&c->findings[i]);
    free(c->findings);
    for (size_t i = 0; i < c->reason_count; i++)
        free(c->reasons[i]);
    free(c->reasons);
}

static void table_clear(struct cls_table_report *t)
{
    free(t->source);
    free(t->database);
    free(t->schema);
    free(t->table);
    for (size_t i = 0; i < t->column_count; i++)
        column_clear(&t->columns[i]);
    free(t->columns);
}

void cls_report_free(struct cls_report *r)
{
    if (!r)
        return;
    free(r->format);
    free(r->started_at);
    free(r->finished_at);
    free(r->tool_version);
    free(r->policy_sha256);
    for (size_t i = 0; i < r->warning_count; i++)
        free(r->warnings[i]);
    free(r->warnings);
    for (size_t i = 0; i < r->table_count; i++)
        table_clear(&r->tables[i]);
    free(r->tables);
    for (size_t i = 0; i < r->error_count; i++) {
        free(r->errors[i].source);
        free(r->errors[i].table);
        free(r->errors[i].message);
    }
    free(r->errors);
    cls_report_clear_targets(r);
    free(r);
}

/* Appends one zeroed element to a report array; realloc per append is fine
 * here, reports have thousands of tables at most. */
static void *append(void **items, size_t *count, size_t elem)
{
    void *p = realloc(*items, (*count + 1) * elem);
    if (!p)
        return NULL;
    *items = p;
    void *slot = (char *)p + *count * elem;
    memset(slot, 0, elem);
    (*count)++;
    return slot;
}

struct cls_table_report *cls_report_add_table(struct cls_report *r)
{
    struct cls_table_report *t =
        append((void **)&r->tables, &r->table_count, sizeof *t);
    if (t)
        t->rows_estimated = -1;
    return t;
}

int cls_report_add_error(struct cls_report *r, const char *source,
                         const char *table, const char *message)
{
    struct cls_report_error *e =
        append((void **)&r->errors, &r->error_count, sizeof *e);
    r->complete = false;
    if (!e)
        return CLS_ENOMEM;
    e->source = cls_strdup_utf8(source ? source : "", source ? strlen(source) : 0);
    e->table = cls_strdup_utf8(table ? table : "", table ? strlen(table) : 0);
    e->message = cls_strdup_utf8(message, strlen(message));
    return (e->source && e->table && e->message) ? 0 : CLS_ENOMEM;
}

int cls_report_add_warning(struct cls_report *r, const char *message)
{
    char **slot = append((void **)&r->warnings, &r->warning_count, sizeof *slot);
    if (!slot)
        return CLS_ENOMEM;
    *slot = cls_strdup_utf8(message, strlen(message));
    return *slot ? 0 : CLS_ENOMEM;
}

int cls_column_add_reason(struct cls_column_report *c, const char *fmt, ...)
{
    char *text = NULL;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (n < 0)
        return CLS_ENOMEM;
    char **slot = append((void **)&c->reasons, &c->reason_count, sizeof *slot);
    if (!slot) {
        free(text);
        return CLS_ENOMEM;
    }
    *slot = text;
    return 0;
}

void cls_report_stamp(char **slot)
{
    char buf[32];
    cls_utc_now(buf);
    free(*slot);
    *slot = strdup(buf);
}
