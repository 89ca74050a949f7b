/* What changed between two reports. Tables and columns are keyed by their
 * identity (source host and port, database, schema, table, column), both
 * reports' keys are sorted, and the two sorted lists are walked side by
 * side, so the result never depends on the order tables were scanned in.
 * Labels are compared by rank; prevalence only counts as changed when the
 * two 95% Wilson intervals do not overlap, so sampling noise is not news.
 * Runs are compared per target: the tables of a target the new run did not
 * cover are left out (with a note), so a history folder shared by two
 * databases never reports one's tables as removed by a scan of the other.
 * A target only the new run covered is new, and so are its tables. When the
 * policy changed between the runs, a label change whose evidence did not
 * change is the policy's doing and is listed as such (policy_raised,
 * policy_lowered), apart from the raises the gate counts. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/diff.h"
#include "report/selection.h"
#include "util/util.h"

struct entry {
    char *key;
    const struct cls_table_report *t;
    const struct cls_column_report *c;   /* NULL for a table entry */
};

struct side {
    const struct cls_report *r;
    struct entry *items;
    size_t count, cap;
};

struct diff {
    const struct cls_report *old;
    struct cls_report *new;
    bool policy_changed;    /* both runs name a policy, and not the same one */
    int rc;
};

/* "host:port" of a URI source (user and path dropped); for a file, its
 * name alone: the same export in another directory, or a report made on
 * another machine, is the same table. */
char *cls_diff_source_identity(const char *src)
{
    const char *p = strstr(src, "://");
    if (!p) {
        const char *base = strrchr(src, '/');
        return cls_strdup(base ? base + 1 : src);
    }
    p += 3;
    size_t hostlen = strcspn(p, "/?");
    const char *at = memchr(p, '@', hostlen);
    if (at) {
        hostlen -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    return cls_asprintf("%.*s", (int)hostlen, p);
}

char *cls_diff_target_key(const char *src)
{
    const char *p = strstr(src ? src : "", "://");
    if (!p)
        return cls_diff_source_identity(src ? src : "");
    p += 3;
    size_t len = strcspn(p, "?#");
    const char *at = memchr(p, '@', strcspn(p, "/?#"));
    if (at) {
        len -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    while (len && p[len - 1] == '/')
        len--;
    return cls_asprintf("%.*s", (int)len, p);
}

/* The targets a run covered: its tables', its errors' and the ones it was
 * asked to scan (run.selection). Keys, malloc'd, each once: a target of
 * 100,000 tables is one key, not 100,000 that every lookup would walk. */
struct cover {
    char **keys;
    size_t count, cap;
};

static int cover_add(struct cover *c, const char *source)
{
    char *key = cls_diff_target_key(source);
    if (!key)
        return CLS_ENOMEM;
    /* The newest key first: a report's tables come grouped by target. */
    for (size_t i = c->count; i-- > 0;)
        if (strcmp(c->keys[i], key) == 0) {
            free(key);
            return 0;
        }
    if (cls_grow((void **)&c->keys, &c->cap, c->count, sizeof *c->keys) < 0) {
        free(key);
        return CLS_ENOMEM;
    }
    c->keys[c->count++] = key;
    return 0;
}

static int cover_build(struct cover *c, const struct cls_report *r)
{
    for (size_t i = 0; i < r->table_count; i++)
        if (cover_add(c, r->tables[i].source) < 0)
            return CLS_ENOMEM;
    for (size_t i = 0; i < r->error_count; i++)
        if (cover_add(c, r->errors[i].source) < 0)
            return CLS_ENOMEM;
    for (size_t i = 0; i < r->selection.target_count; i++)
        if (cover_add(c, r->selection.targets[i]) < 0)
            return CLS_ENOMEM;
    return 0;
}

static bool cover_has(const struct cover *c, const char *source)
{
    char *key = cls_diff_target_key(source);
    bool hit = false;
    for (size_t i = 0; key && i < c->count && !hit; i++)
        hit = strcmp(c->keys[i], key) == 0;
    free(key);
    return hit;
}

static void cover_free(struct cover *c)
{
    for (size_t i = 0; i < c->count; i++)
        free(c->keys[i]);
    free(c->keys);
}

static char *make_key(const struct cls_table_report *t, const char *column)
{
    char *id = cls_diff_source_identity(t->source ? t->source : "");
    char *key = id ? cls_asprintf("%s\x1f%s\x1f%s\x1f%s\x1f%s", id, t->database, t->schema,
                                  t->table, column ? column : "")
                   : NULL;
    free(id);
    return key;
}

static int add_entry(struct side *s, const struct cls_table_report *t,
                     const struct cls_column_report *c)
{
    if (cls_grow((void **)&s->items, &s->cap, s->count, sizeof *s->items) < 0)
        return CLS_ENOMEM;
    struct entry *e = &s->items[s->count];
    e->key = make_key(t, c ? c->column : NULL);
    e->t = t;
    e->c = c;
    if (!e->key)
        return CLS_ENOMEM;
    s->count++;
    return 0;
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->key, ((const struct entry *)b)->key);
}

/* Every table and column of r (when other is not NULL: only those whose
 * target the other run covered), sorted by identity. A table's key sorts
 * before its columns' keys (the column part is empty). */
static int side_build(struct side *s, const struct cls_report *r, const struct cover *other)
{
    s->r = r;
    for (size_t i = 0; i < r->table_count; i++) {
        if (other && !cover_has(other, r->tables[i].source))
            continue;
        if (add_entry(s, &r->tables[i], NULL) < 0)
            return CLS_ENOMEM;
        for (size_t j = 0; j < r->tables[i].column_count; j++)
            if (add_entry(s, &r->tables[i], &r->tables[i].columns[j]) < 0)
                return CLS_ENOMEM;
    }
    if (s->count)       /* qsort(NULL, 0, ...) is undefined */
        qsort(s->items, s->count, sizeof *s->items, by_key);
    return 0;
}

static void side_free(struct side *s)
{
    for (size_t i = 0; i < s->count; i++)
        free(s->items[i].key);
    free(s->items);
}

static void record(struct diff *d, enum cls_change_kind kind, const struct cls_table_report *t,
                   const char *column, const char *detector, char *before, char *after)
{
    struct cls_change *c = d->rc == 0 ? cls_report_add_change(d->new) : NULL;
    if (c) {
        c->kind = kind;
        c->source = cls_strdup(t->source);
        c->database = cls_strdup(t->database);
        c->schema = cls_strdup(t->schema);
        c->table = cls_strdup(t->table);
        c->column = cls_strdup(column ? column : "");
        c->detector = cls_strdup(detector ? detector : "");
        c->before = before ? before : cls_strdup("");
        c->after = after ? after : cls_strdup("");
        before = after = NULL;
    }
    if (!c || !c->source || !c->table || !c->column || !c->detector || !c->before || !c->after)
        d->rc = CLS_ENOMEM;
    free(before);
    free(after);
}

static char *label_text(const struct cls_report *r, enum cls_label l)
{
    return cls_strdup(cls_report_label_name(r, l));
}

static char *prevalence_text(const struct cls_finding *f)
{
    return cls_asprintf("%.1f%% [%.1f-%.1f%%]", f->ratio * 100.0, f->ratio_low * 100.0,
                        f->ratio_high * 100.0);
}

static const struct cls_finding *fired(const struct cls_column_report *c, const char *id)
{
    for (size_t i = 0; i < c->finding_count; i++)
        if (c->findings[i].fired && strcmp(c->findings[i].detector, id) == 0)
            return &c->findings[i];
    return NULL;
}

static const struct cls_finding *finding_of(const struct cls_column_report *c, const char *id)
{
    for (size_t i = 0; i < c->finding_count; i++)
        if (strcmp(c->findings[i].detector, id) == 0)
            return &c->findings[i];
    return NULL;
}

static bool has_evidence(const struct cls_finding *f)
{
    return f && (f->matches > 0 || f->ratio > 0);
}

/* True when every detector with evidence in one column has it in the other
 * too, at a prevalence whose 95% interval overlaps: what the data showed
 * did not change, so a changed label is the policy's reading of it. */
static bool same_evidence(const struct cls_column_report *a, const struct cls_column_report *b)
{
    for (size_t i = 0; i < a->finding_count; i++) {
        const struct cls_finding *f = &a->findings[i], *g = finding_of(b, f->detector);
        if (has_evidence(f) != has_evidence(g))
            return false;
        if (has_evidence(f) && (f->ratio_low > g->ratio_high || f->ratio_high < g->ratio_low))
            return false;
    }
    for (size_t i = 0; i < b->finding_count; i++)
        if (has_evidence(&b->findings[i]) && !has_evidence(finding_of(a, b->findings[i].detector)))
            return false;
    return true;
}

static void compare_label(struct diff *d, const struct entry *o, const struct entry *n)
{
    enum cls_label ol = o->c ? o->c->label : o->t->label, nl = n->c ? n->c->label : n->t->label;
    if (ol == nl)
        return;
    bool by_policy = d->policy_changed && o->c && n->c && same_evidence(o->c, n->c);
    enum cls_change_kind kind =
        nl > ol ? (by_policy ? CLS_CHANGE_POLICY_RAISED : CLS_CHANGE_LABEL_RAISED)
                : (by_policy ? CLS_CHANGE_POLICY_LOWERED : CLS_CHANGE_LABEL_LOWERED);
    record(d, kind, n->t, n->c ? n->c->column : NULL, NULL, label_text(d->old, ol),
           label_text(d->new, nl));
}

static void compare_findings(struct diff *d, const struct entry *o, const struct entry *n)
{
    for (size_t i = 0; i < n->c->finding_count; i++) {
        const struct cls_finding *nf = &n->c->findings[i], *of;
        if (!nf->fired)
            continue;
        of = fired(o->c, nf->detector);
        if (!of)
            record(d, CLS_CHANGE_DETECTOR_APPEARED, n->t, n->c->column, nf->detector, NULL,
                   prevalence_text(nf));
        else if (nf->ratio_low > of->ratio_high || nf->ratio_high < of->ratio_low)
            record(d, CLS_CHANGE_PREVALENCE, n->t, n->c->column, nf->detector,
                   prevalence_text(of), prevalence_text(nf));
    }
    for (size_t i = 0; i < o->c->finding_count; i++) {
        const struct cls_finding *of = &o->c->findings[i];
        if (of->fired && !fired(n->c, of->detector))
            record(d, CLS_CHANGE_DETECTOR_GONE, n->t, n->c->column, of->detector,
                   prevalence_text(of), NULL);
    }
}

/* True when the new run could not read this table (or its whole target):
 * its absence is then not news, and not reported as a removal. */
static bool unreadable(const struct cls_report *r, const struct cls_table_report *t)
{
    char *id = cls_diff_source_identity(t->source ? t->source : ""), *qualified = NULL;
    bool hit = false;
    if (id && t->schema && t->schema[0])
        qualified = cls_asprintf("%s.%s", t->schema, t->table);
    for (size_t i = 0; id && i < r->error_count && !hit; i++) {
        char *eid = cls_diff_source_identity(r->errors[i].source);
        const char *et = r->errors[i].table;
        hit = eid && strcmp(eid, id) == 0 &&
              (!et[0] || strcmp(et, t->table) == 0 || (qualified && strcmp(et, qualified) == 0));
        free(eid);
    }
    free(id);
    free(qualified);
    return hit;
}

/* A key only in the old report: the table or column was removed. A
 * removed table's columns are not listed one by one. */
static void removed(struct diff *d, const struct entry *o, const void *gone_table)
{
    if (o->t == gone_table && unreadable(d->new, o->t))
        return;
    if (!o->c)
        record(d, CLS_CHANGE_TABLE_REMOVED, o->t, NULL, NULL, label_text(d->old, o->t->label),
               NULL);
    else if (o->t != gone_table)
        record(d, CLS_CHANGE_COLUMN_REMOVED, o->t, o->c->column, NULL,
               label_text(d->old, o->c->label), NULL);
}

static void added(struct diff *d, const struct entry *n, const void *new_table)
{
    if (!n->c)
        record(d, CLS_CHANGE_TABLE_ADDED, n->t, NULL, NULL, NULL,
               label_text(d->new, n->t->label));
    else if (n->t != new_table)
        record(d, CLS_CHANGE_COLUMN_ADDED, n->t, n->c->column, NULL, NULL,
               label_text(d->new, n->c->label));
}

static void walk(struct diff *d, const struct side *o, const struct side *n)
{
    size_t i = 0, j = 0;
    const void *gone_table = NULL, *new_table = NULL;
    while (i < o->count || j < n->count) {
        int cmp = i == o->count ? 1 : j == n->count ? -1 : strcmp(o->items[i].key,
                                                                    n->items[j].key);
        if (cmp < 0) {
            if (!o->items[i].c)
                gone_table = o->items[i].t;
            removed(d, &o->items[i++], gone_table);
        } else if (cmp > 0) {
            if (!n->items[j].c)
                new_table = n->items[j].t;
            added(d, &n->items[j++], new_table);
        } else {
            compare_label(d, &o->items[i], &n->items[j]);
            if (o->items[i].c && n->items[j].c)
                compare_findings(d, &o->items[i], &n->items[j]);
            i++;
            j++;
        }
    }
}

static char *violation_key(const struct cls_violation *v)
{
    char *id = cls_diff_source_identity(v->source ? v->source : "");
    char *key = id ? cls_asprintf("%s\x1f%s\x1f%s\x1f%s\x1f%s", id, v->database, v->schema,
                                  v->table, v->column)
                   : NULL;
    free(id);
    return key;
}

static bool had_violation(const struct cls_report *old, const char *key)
{
    for (size_t i = 0; i < old->violation_count; i++) {
        char *k = violation_key(&old->violations[i]);
        bool same = k && strcmp(k, key) == 0;
        free(k);
        if (same)
            return true;
    }
    return false;
}

static void new_violations(struct diff *d)
{
    for (size_t i = 0; i < d->new->violation_count && d->rc == 0; i++) {
        const struct cls_violation *v = &d->new->violations[i];
        char *key = violation_key(v);
        if (!key) {
            d->rc = CLS_ENOMEM;
            return;
        }
        if (!had_violation(d->old, key)) {
            struct cls_table_report t = {.source = v->source, .database = v->database,
                                         .schema = v->schema, .table = v->table};
            record(d, CLS_CHANGE_VIOLATION_NEW, &t, v->column, NULL,
                   label_text(d->new, v->declared), label_text(d->new, v->detected));
        }
        free(key);
    }
}

static bool same_table(const struct cls_change *a, const struct cls_change *b)
{
    return strcmp(a->table, b->table) == 0 && strcmp(a->schema ? a->schema : "",
                                                     b->schema ? b->schema : "") == 0 &&
           strcmp(a->database ? a->database : "", b->database ? b->database : "") == 0 &&
           strcmp(a->source, b->source) == 0;
}

/* A column change that comes from the data, not from the policy. */
static bool data_change(enum cls_change_kind k)
{
    return k != CLS_CHANGE_POLICY_RAISED && k != CLS_CHANGE_POLICY_LOWERED &&
           k != CLS_CHANGE_VIOLATION_NEW;
}

/* A table's label change is the policy's when none of its columns changed
 * for reasons of data (a combination rule, a new level for a detector). */
static void attribute_tables(struct diff *d)
{
    struct cls_report *r = d->new;
    for (size_t i = 0; d->policy_changed && i < r->change_count; i++) {
        struct cls_change *t = &r->changes[i];
        if (t->column[0] ||
            (t->kind != CLS_CHANGE_LABEL_RAISED && t->kind != CLS_CHANGE_LABEL_LOWERED))
            continue;
        bool data = false;
        for (size_t j = 0; j < r->change_count && !data; j++)
            data = r->changes[j].column[0] && data_change(r->changes[j].kind) &&
                   same_table(&r->changes[j], t);
        if (!data)
            t->kind = t->kind == CLS_CHANGE_LABEL_RAISED ? CLS_CHANGE_POLICY_RAISED
                                                         : CLS_CHANGE_POLICY_LOWERED;
    }
}

static void add_note(struct diff *d, char *text)
{
    struct cls_report *r = d->new;
    char **p = text && d->rc == 0
                   ? realloc(r->change_notes, (r->change_note_count + 1) * sizeof *p)
                   : NULL;
    if (!p) {
        free(text);
        d->rc = CLS_ENOMEM;
        return;
    }
    p[r->change_note_count++] = text;
    r->change_notes = p;
}

/* One note per target that only one of the two runs covered. */
static void note_targets(struct diff *d, const struct cls_report *r, const struct cover *other,
                         const char *what)
{
    struct cover seen = {0};
    for (size_t i = 0; i < r->table_count && d->rc == 0; i++) {
        const char *src = r->tables[i].source;
        if (cover_has(other, src) || cover_has(&seen, src))
            continue;
        if (cover_add(&seen, src) < 0)
            d->rc = CLS_ENOMEM;
        else
            add_note(d, cls_asprintf("%s: %s", src, what));
    }
    cover_free(&seen);
}

static void notes(struct diff *d, const struct cover *oc, const struct cover *nc)
{
    if (d->policy_changed)
        add_note(d, cls_asprintf("the policy changed (sha256 %.12s... before, %.12s... now): "
                                 "label changes its new reading of the same evidence explains "
                                 "are listed as policy_raised/policy_lowered",
                                 d->old->policy_sha256, d->new->policy_sha256));
    char *sel = cls_report_selection_difference(d->old, d->new);
    if (sel)
        add_note(d, sel);
    if (d->old->sample_rows && d->new->sample_rows && d->old->sample_rows != d->new->sample_rows)
        add_note(d, cls_asprintf("the two runs sampled different numbers of rows per table "
                                 "(%llu before, %llu now)",
                                 (unsigned long long)d->old->sample_rows,
                                 (unsigned long long)d->new->sample_rows));
    note_targets(d, d->new, oc, "not in the prior run; all its tables are new");
    note_targets(d, d->old, nc, "in the prior run but not in this one; not compared");
}

int cls_diff_reports(const struct cls_report *prior, struct cls_report *report,
                     struct cls_error *err)
{
    struct side o = {0}, n = {0};
    struct cover oc = {0}, nc = {0};
    struct diff d = {.old = prior, .new = report};
    const char *ps = prior->policy_sha256 ? prior->policy_sha256 : "";
    const char *ns = report->policy_sha256 ? report->policy_sha256 : "";
    d.policy_changed = ps[0] && ns[0] && strcmp(ps, ns) != 0;
    cls_report_clear_changes(report);
    report->has_changes = true;
    report->changes_prior = cls_strdup(prior->started_at ? prior->started_at : "");
    if (!report->changes_prior || cover_build(&oc, prior) < 0 || cover_build(&nc, report) < 0 ||
        side_build(&o, prior, &nc) < 0 || side_build(&n, report, NULL) < 0)
        d.rc = CLS_ENOMEM;
    if (d.rc == 0)
        walk(&d, &o, &n);
    if (d.rc == 0)
        new_violations(&d);
    if (d.rc == 0)
        attribute_tables(&d);
    if (d.rc == 0)
        notes(&d, &oc, &nc);
    side_free(&o);
    side_free(&n);
    cover_free(&oc);
    cover_free(&nc);
    return d.rc < 0 ? cls_error_set(err, d.rc, "out of memory") : 0;
}

size_t cls_diff_count(const struct cls_report *r, enum cls_change_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < r->change_count; i++)
        n += r->changes[i].kind == kind;
    return n;
}

/* A table or column that is new since the prior run, labelled above the
 * lowest level. */
static bool added_sensitive(const struct cls_report *r, const struct cls_change *c)
{
    enum cls_label l;
    return (c->kind == CLS_CHANGE_TABLE_ADDED || c->kind == CLS_CHANGE_COLUMN_ADDED) &&
           cls_report_label_parse(r, c->after, &l) == 0 && l > CLS_PUBLIC;
}

void cls_diff_gate(const struct cls_report *r, bool policy_changes, struct cls_gate *g)
{
    memset(g, 0, sizeof *g);
    for (size_t i = 0; r->has_changes && i < r->change_count; i++) {
        const struct cls_change *c = &r->changes[i];
        g->raised += c->kind == CLS_CHANGE_LABEL_RAISED;
        g->added += added_sensitive(r, c);
        g->policy += c->kind == CLS_CHANGE_POLICY_RAISED;
    }
    g->violations = r->violation_count;
    g->tripped = g->raised || g->added || g->violations || (policy_changes && g->policy);
}

bool cls_diff_gate_raise(const struct cls_report *r)
{
    struct cls_gate g;
    cls_diff_gate(r, false, &g);
    return g.tripped;
}

/* ---- text ------------------------------------------------------------------------ */

const char *cls_diff_kind_words(enum cls_change_kind kind)
{
    static const char *const words[CLS_CHANGE_KIND_COUNT] = {
        [CLS_CHANGE_TABLE_ADDED] = "table added",
        [CLS_CHANGE_TABLE_REMOVED] = "table removed",
        [CLS_CHANGE_COLUMN_ADDED] = "column added",
        [CLS_CHANGE_COLUMN_REMOVED] = "column removed",
        [CLS_CHANGE_LABEL_RAISED] = "label raised",
        [CLS_CHANGE_LABEL_LOWERED] = "label lowered",
        [CLS_CHANGE_DETECTOR_APPEARED] = "detector appeared",
        [CLS_CHANGE_DETECTOR_GONE] = "detector gone",
        [CLS_CHANGE_PREVALENCE] = "prevalence changed",
        [CLS_CHANGE_VIOLATION_NEW] = "new violation",
        [CLS_CHANGE_POLICY_RAISED] = "raised by policy",
        [CLS_CHANGE_POLICY_LOWERED] = "lowered by policy",
    };
    return (unsigned)kind < CLS_CHANGE_KIND_COUNT ? words[kind] : "change";
}

static void print_where(FILE *out, const struct cls_change *c)
{
    const char *parts[4] = {c->database, c->schema, c->table, c->column};
    bool first = true;
    for (size_t i = 0; i < 4; i++) {
        if (!parts[i] || !parts[i][0])
            continue;
        fprintf(out, "%s%s", first ? "" : ".", parts[i]);
        first = false;
    }
}

static void print_change(FILE *out, const struct cls_change *c)
{
    fprintf(out, "  %-19s ", cls_diff_kind_words(c->kind));
    print_where(out, c);
    if (c->detector[0])
        fprintf(out, "  %s", c->detector);
    if (c->kind == CLS_CHANGE_VIOLATION_NEW)
        fprintf(out, "  declared %s, detected %s", c->before, c->after);
    else if (c->before[0] && c->after[0])
        fprintf(out, "  %s -> %s", c->before, c->after);
    else if (c->before[0] || c->after[0])
        fprintf(out, "  (%s)", c->before[0] ? c->before : c->after);
    fprintf(out, "  [%s]\n", c->source);
}

static bool by_policy(enum cls_change_kind k)
{
    return k == CLS_CHANGE_POLICY_RAISED || k == CLS_CHANGE_POLICY_LOWERED;
}

void cls_diff_print_text(const struct cls_report *r, FILE *out)
{
    fprintf(out, "Changes from the run of %s to the run of %s:\n",
            r->changes_prior && r->changes_prior[0] ? r->changes_prior : "(unknown)",
            r->started_at ? r->started_at : "(unknown)");
    for (size_t i = 0; i < r->change_note_count; i++)
        fprintf(out, "  note: %s\n", r->change_notes[i]);
    for (size_t i = 0; i < r->change_count; i++)
        if (!by_policy(r->changes[i].kind))
            print_change(out, &r->changes[i]);
    size_t np = cls_diff_count(r, CLS_CHANGE_POLICY_RAISED) +
                cls_diff_count(r, CLS_CHANGE_POLICY_LOWERED);
    if (np)
        fprintf(out, "Explained by the policy change (%zu; not counted as raises unless "
                     "--fail-on policy-change):\n", np);
    for (size_t i = 0; i < r->change_count; i++)
        if (by_policy(r->changes[i].kind))
            print_change(out, &r->changes[i]);
    if (r->change_count == 0) {
        fprintf(out, "  none\n");
        return;
    }
    fprintf(out, "%zu change%s:", r->change_count, r->change_count == 1 ? "" : "s");
    const char *sep = " ";
    for (int k = 0; k < CLS_CHANGE_KIND_COUNT; k++) {
        size_t n = cls_diff_count(r, (enum cls_change_kind)k);
        if (n) {
            fprintf(out, "%s%s %zu", sep, cls_diff_kind_words((enum cls_change_kind)k), n);
            sep = ", ";
        }
    }
    fputc('\n', out);
}
