/* The terminal form of a report: per table, one line per column with its
 * label, the detectors that fired with their prevalence, and one masked
 * example, and under it, marked "!", each finding that did not fire but is
 * flagged for review, with its reason; then what the policy excluded and any violations, so an absence
 * is never mistaken for "nothing found". Colour only when asked (a
 * terminal, NO_COLOR unset). Widths count characters, not bytes, and long
 * names are cut on a character boundary. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "classify/report.h"

#define NAME_MAX_CHARS 40
/* Marks a column with a finding for review (README "Review flags"). */
#define REVIEW_MARK "!"

/* Colours from the top level down: red, magenta, yellow, then green for the
 * bottom; a policy with other levels is coloured by its rank. */
static const char *label_color(const struct cls_report *r, enum cls_label l)
{
    size_t levels = r->level_count ? r->level_count : CLS_LABEL_COUNT;
    size_t from_top = levels - 1 - ((size_t)l < levels ? (size_t)l : levels - 1);
    if ((size_t)l == 0)
        return "\033[32m";
    static const char *const top_down[] = {"\033[1;31m", "\033[1;35m", "\033[33m"};
    return top_down[from_top < 3 ? from_top : 2];
}

/* Characters (UTF-8 code points) in s. */
static size_t text_width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Prints s padded to width characters, cut (with "~") past max characters. */
static void print_cell(FILE *out, const char *s, size_t width, size_t max)
{
    size_t chars = 0, i = 0;
    for (; s[i]; i++) {
        bool lead = ((unsigned char)s[i] & 0xC0) != 0x80;
        if (lead && chars == max)
            break;
        chars += lead;
    }
    fwrite(s, 1, i, out);
    if (s[i]) {
        fputc('~', out);
        chars++;
    }
    for (; chars < width; chars++)
        fputc(' ', out);
}

static void print_label(FILE *out, const struct cls_report *r, enum cls_label l,
                        const struct cls_text_style *st, size_t width)
{
    const char *name = cls_report_label_name(r, l);
    if (st->color)
        fputs(label_color(r, l), out);
    print_cell(out, name, width, NAME_MAX_CHARS);
    if (st->color)
        fputs("\033[0m", out);
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
    /* A finding held back with more than chance evidence is shown, marked,
     * so "Public  -" never hides valid numbers. */
    for (size_t i = 0; i < c->finding_count && len < cap; i++) {
        const struct cls_finding *f = &c->findings[i];
        if (f->review && !f->fired)
            len += (size_t)snprintf(buf + len, cap - len, "%s" REVIEW_MARK " %s?",
                                    len ? ", " : "", f->detector);
    }
    if (len == 0)
        snprintf(buf, cap, "%s", c->skipped ? "(not sampled)" : "-");
}

/* One line per finding flagged for review, under its column:
 * "    ! review credit_card: 4 of 4 distinct candidates pass ...". */
static void print_reviews(FILE *out, const struct cls_column_report *c)
{
    for (size_t i = 0; i < c->finding_count; i++) {
        const struct cls_finding *f = &c->findings[i];
        if (f->review && !f->fired)
            fprintf(out, "    " REVIEW_MARK " review %s: %s\n", f->detector,
                    f->review_reason ? f->review_reason : "more than chance evidence");
    }
}

static const char *first_evidence(const struct cls_column_report *c)
{
    for (size_t i = 0; i < c->finding_count; i++)
        if (c->findings[i].fired && c->findings[i].evidence_count)
            return c->findings[i].evidence[0];
    return "";
}

/* The widest level name of the policy in force, at least "LABEL". */
static size_t label_width(const struct cls_report *r)
{
    size_t levels = r->level_count ? r->level_count : CLS_LABEL_COUNT, w = 5;
    for (size_t i = 0; i < levels; i++) {
        size_t n = text_width(cls_report_label_name(r, (enum cls_label)i));
        if (n > w)
            w = n > NAME_MAX_CHARS ? NAME_MAX_CHARS : n;
    }
    return w;
}

static void print_table(FILE *out, const struct cls_report *r,
                        const struct cls_table_report *t, const struct cls_text_style *st)
{
    size_t w = 6, lw = label_width(r);
    for (size_t i = 0; i < t->column_count; i++) {
        size_t n = text_width(t->columns[i].column);
        if (n > w)
            w = n > NAME_MAX_CHARS ? NAME_MAX_CHARS + 1 : n;
    }
    fprintf(out, "%s%s%s  ", t->schema, t->schema[0] ? "." : "", t->table);
    print_label(out, r, t->label, st, 0);
    fprintf(out, "  (%llu rows sampled, %s)\n", (unsigned long long)t->rows_sampled, t->source);
    fputs("  ", out);
    print_cell(out, "COLUMN", w, NAME_MAX_CHARS);
    fputs("  ", out);
    print_cell(out, "LABEL", lw, NAME_MAX_CHARS);
    fprintf(out, "  %-32s  %s\n", "DETECTORS", "EXAMPLE");
    for (size_t i = 0; i < t->column_count; i++) {
        const struct cls_column_report *c = &t->columns[i];
        char dets[256];
        format_detectors(dets, sizeof dets, c);
        fputs("  ", out);
        print_cell(out, c->column, w, NAME_MAX_CHARS);
        fputs("  ", out);
        print_label(out, r, c->label, st, lw);
        fprintf(out, "  %-32s  %s\n", dets, first_evidence(c));
        print_reviews(out, c);
    }
}

/* What the policy kept out of the scan, and where data sits above the
 * label its owner declared. */
static void print_policy_notes(FILE *out, const struct cls_report *r)
{
    for (size_t i = 0; i < r->exclusion_count; i++) {
        const struct cls_exclusion *x = &r->exclusions[i];
        fprintf(out, "\nexcluded by the policy: %s%s%s (rule %s): not sampled", x->schema,
                x->schema[0] ? "." : "", x->table, x->rule);
    }
    if (r->exclusion_count)
        fputc('\n', out);
    for (size_t i = 0; i < r->violation_count; i++) {
        const struct cls_violation *v = &r->violations[i];
        fprintf(out, "%sVIOLATION: %s%s%s%s%s detected %s, declared %s (rule %s)\n",
                i ? "" : "\n", v->schema, v->schema[0] ? "." : "", v->table,
                v->column[0] ? "." : "", v->column, cls_report_label_name(r, v->detected),
                cls_report_label_name(r, v->declared), v->rule);
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
    print_policy_notes(out, r);
    if (!r->complete)
        fprintf(out, "\nINCOMPLETE: %zu table(s) or target(s) could not be read\n",
                r->error_count);
}
