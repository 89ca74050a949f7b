/* The terminal form of a report: per table, one line per column with its
 * label, the detectors that fired with their prevalence, and one masked
 * example. Colour only when asked (a terminal, NO_COLOR unset). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "classify/report.h"

static const char *label_color(enum cls_label l)
{
    switch (l) {
    case CLS_SECRET: return "\033[1;31m";
    case CLS_PROTECTED: return "\033[1;35m";
    case CLS_CONFIDENTIAL: return "\033[33m";
    default: return "\033[32m";
    }
}

/* The policy may rename or reduce the levels: names come from the report. */
static void print_label(FILE *out, const struct cls_report *r, enum cls_label l,
                        const struct cls_text_style *st, int width)
{
    const char *name = cls_report_label_name(r, l);
    if (st->color)
        fprintf(out, "%s%-*s\033[0m", label_color(l), width, name);
    else
        fprintf(out, "%-*s", width, name);
}

/* "credit_card 99.2%, email 3.0%" for the findings that fired, into buf. */
static void format_detectors(char *buf, size_t cap, const struct cls_column_report *c)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < c->finding_count && len < cap; i++) {
        const struct cls_finding *f = &c->findings[i];
        if (!f->fired)
            continue;
        len += (size_t)snprintf(buf + len, cap - len, "%s%s %.1f%%", len ? ", " : "",
                                f->detector, f->ratio * 100.0);
    }
    if (len == 0)
        snprintf(buf, cap, "%s", c->skipped ? "(not sampled)" : "-");
}

static const char *first_evidence(const struct cls_column_report *c)
{
    for (size_t i = 0; i < c->finding_count; i++)
        if (c->findings[i].fired && c->findings[i].evidence_count)
            return c->findings[i].evidence[0];
    return "";
}

static void print_table(FILE *out, const struct cls_report *r,
                        const struct cls_table_report *t, const struct cls_text_style *st)
{
    int w = 6;
    for (size_t i = 0; i < t->column_count; i++) {
        int n = (int)strlen(t->columns[i].column);
        if (n > w)
            w = n > 40 ? 40 : n;
    }
    fprintf(out, "%s%s%s  ", t->schema, t->schema[0] ? "." : "", t->table);
    print_label(out, r, t->label, st, 0);
    fprintf(out, "  (%llu rows sampled, %s)\n", (unsigned long long)t->rows_sampled, t->source);
    fprintf(out, "  %-*s  %-12s  %-32s  %s\n", w, "COLUMN", "LABEL", "DETECTORS", "EXAMPLE");
    for (size_t i = 0; i < t->column_count; i++) {
        const struct cls_column_report *c = &t->columns[i];
        fprintf(out, "  %-*.*s  ", w, w, c->column);
        print_label(out, r, c->label, st, 12);
        char dets[256];
        format_detectors(dets, sizeof dets, c);
        fprintf(out, "  %-32s", dets);
        fprintf(out, "  %s\n", first_evidence(c));
    }
}

void cls_report_print_text(const struct cls_report *r, void *stream,
                           const struct cls_text_style *st)
{
    FILE *out = stream;
    for (size_t i = 0; i < r->table_count; i++) {
        if (i)
            fputc('\n', out);
        print_table(out, r, &r->tables[i], st);
    }
    if (!r->complete)
        fprintf(out, "\nINCOMPLETE: %zu table(s) or target(s) could not be read\n",
                r->error_count);
}
