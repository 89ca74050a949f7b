/* Fuzz target: the detector engine over arbitrary bytes. The input's first
 * line names the column; every further line is one sampled value (a line
 * holding one NUL byte is SQL NULL). Each value goes through every
 * detector (cls_scan_value) and into a column accumulator, which then
 * decides the column into a report that is serialised to JSON. Checked:
 * every validated span lies inside its value, the counts and ratios are
 * consistent, evidence stays within CLS_EVIDENCE_MAX, the label is a
 * level, and nothing reads or writes out of bounds (ASan/UBSan). The
 * engine is compiled once, as a scan does. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "classify/engine.h"
#include "classify/report.h"
#include "classify/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cls_engine *engine;
static struct cls_scanner *scanner;

static void check_value(const char *v, size_t len)
{
    const struct cls_value_result *res = cls_scan_value(scanner, v, len);
    for (size_t i = 0; i < cls_engine_detector_count(engine); i++)
        if (res->hit[i] == CLS_HIT_MATCH &&
            (res->span[i].start > len || res->span[i].len > len - res->span[i].start))
            abort();
}

static void check_column(const struct cls_column_report *c)
{
    if ((int)c->label < 0 || c->label >= CLS_LABEL_COUNT ||
        c->values_non_null > c->values_sampled)
        abort();
    for (size_t i = 0; i < c->finding_count; i++) {
        const struct cls_finding *f = &c->findings[i];
        if (f->evidence_count > CLS_EVIDENCE_MAX || f->matches > c->values_non_null ||
            !(f->ratio >= 0 && f->ratio <= 1))
            abort();
    }
}

/* Feeds the lines after the first to acc and the scanner. */
static void feed(struct cls_column_acc *acc, const char *p, const char *end)
{
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = (size_t)((nl ? nl : end) - p);
        if (len > CLS_VALUE_MAX)
            len = CLS_VALUE_MAX;   /* sources cut values to this */
        if (len == 1 && p[0] == '\0') {
            cls_column_acc_add(acc, scanner, NULL, 0);
        } else {
            check_value(p, len);
            cls_column_acc_add(acc, scanner, p, len);
        }
        p = nl ? nl + 1 : end;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cls_error err = {0};
    if (!engine && (cls_engine_new(&engine, &err) < 0 ||
                    cls_scanner_new(&scanner, engine, &err) < 0))
        abort();
    const char *p = (const char *)data, *end = p + size;
    const char *nl = memchr(p, '\n', size);
    char *name = strndup(p, nl ? (size_t)(nl - p) : size);
    struct cls_report *r = NULL;
    if (!name || cls_report_new(&r) < 0) {
        free(name);
        return 0;
    }
    struct cls_table_report *t = cls_report_add_table(r);
    struct cls_column_ctx ctx = {.table = "fuzz", .column = name, .data_type = "text"};
    struct cls_column_acc *acc = NULL;
    if (t && (t->columns = calloc(1, sizeof *t->columns)) &&
        cls_column_acc_new(&acc, engine, &ctx) == 0) {
        t->column_count = 1;
        feed(acc, nl ? nl + 1 : end, end);
        if (cls_column_acc_decide(acc, &t->columns[0]) == 0)
            check_column(&t->columns[0]);
        free(cls_report_to_json(r));
    }
    cls_column_acc_free(acc);
    cls_report_free(r);
    free(name);
    return 0;
}
