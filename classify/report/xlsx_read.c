/* Reads the cells of named sheets from an .xlsx workbook, as Excel and
 * LibreOffice save it: the zip (libzip) holds xl/workbook.xml (sheet names
 * and relationship ids), xl/_rels/workbook.xml.rels (where each sheet and
 * the shared strings live), xl/sharedStrings.xml and one XML part per sheet,
 * parsed with expat (xlsx_xml.c). Cells may be shared strings, inline strings, formula
 * results or numbers (dates are serial numbers); rows and cells may come in
 * any order, and their r="A1" references may be omitted (then they follow
 * the one before).
 *
 * The workbook is outside input (a reviewer's file, mailed around), so
 * every size is capped: zip entries, bytes inflated per part and in all
 * (counted as read, never trusted from the zip's directory: a zip bomb
 * stops at the cap), XML nesting, cells, shared strings and text per cell.
 * A DTD or entity declaration is refused outright (no xlsx has one; it is
 * how "billion laughs" starts). Every refusal is one line naming what. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "report/xlsx_read.h"
#include "report/xlsx_xml.h"
#include "util/util.h"

struct reader {
    zip_t *zip;
    size_t inflated;          /* bytes read from the zip so far */
    struct cls_error *err;
};

/* ---- the zip -------------------------------------------------------------------- */

/* Reads one part into a NUL-terminated buffer; *len its size. A missing
 * part is CLS_EPARSE naming it (or 1 when optional). */
static int read_part(struct reader *rd, const char *name, bool optional, char **out,
                     size_t *len)
{
    *out = NULL;
    zip_int64_t idx = zip_name_locate(rd->zip, name, 0);
    if (idx < 0)
        return optional ? 1 : cls_error_set(rd->err, CLS_EPARSE, "missing part %s", name);
    zip_file_t *f = zip_fopen_index(rd->zip, (zip_uint64_t)idx, 0);
    if (!f)
        return cls_error_set(rd->err, CLS_EPARSE, "%s: cannot open: %s", name,
                             zip_strerror(rd->zip));
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    int rc = buf ? 0 : CLS_ENOMEM;
    while (rc == 0) {
        if (n == cap) {
            if (cap >= CLS_XLSX_PART_MAX) {
                rc = cls_error_set(rd->err, CLS_ETOOBIG, "%s: more than %u MB inflated "
                                   "(a zip bomb?)", name, CLS_XLSX_PART_MAX >> 20);
                break;
            }
            cap = cap * 2 > CLS_XLSX_PART_MAX ? CLS_XLSX_PART_MAX : cap * 2;
            char *p = realloc(buf, cap + 1);
            if (!p) {
                rc = CLS_ENOMEM;
                break;
            }
            buf = p;
        }
        zip_int64_t got = zip_fread(f, buf + n, cap - n);
        if (got < 0)
            rc = cls_error_set(rd->err, CLS_EPARSE, "%s: damaged: %s", name,
                               zip_file_strerror(f));
        else if (got == 0)
            break;
        n += (size_t)got;
        rd->inflated += (size_t)(got > 0 ? got : 0);
        if (rc == 0 && rd->inflated > CLS_XLSX_TOTAL_MAX)
            rc = cls_error_set(rd->err, CLS_ETOOBIG, "more than %u MB inflated in all "
                               "(a zip bomb?)", CLS_XLSX_TOTAL_MAX >> 20);
    }
    zip_fclose(f);
    if (rc < 0) {
        if (rc == CLS_ENOMEM)
            cls_error_set(rd->err, CLS_ENOMEM, "out of memory");
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

static int parse_part(struct reader *rd, const char *name, bool optional, struct xml *x)
{
    char *buf;
    size_t len = 0;
    int rc = read_part(rd, name, optional, &buf, &len);
    if (rc != 0)
        return rc;
    if (len > (size_t)INT32_MAX) {
        free(buf);
        return cls_error_set(rd->err, CLS_ETOOBIG, "%s: too large", name);
    }
    rc = xlsx_xml_parse(name, buf, len, x, rd->err);
    free(buf);
    return rc;
}

/* ---- a growable list of strings ------------------------------------------------------ */

struct strings {
    char **v;
    size_t n, cap;
};

static int strings_push(struct strings *s, char *str)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        char **p = realloc(s->v, cap * sizeof *p);
        if (!p)
            return CLS_ENOMEM;
        s->v = p;
        s->cap = cap;
    }
    s->v[s->n++] = str;
    return 0;
}

static void strings_free(struct strings *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
}

/* ---- workbook.xml and its relationships -------------------------------------------- */

struct sheets_list {
    struct strings names, rids;
};

static void wb_start(struct xml *x, const char *name, const char **attrs)
{
    struct sheets_list *l = x->user;
    if (strcmp(name, "sheet") != 0)
        return;
    const char *n = xlsx_xml_attr(attrs, "name"), *id = xlsx_xml_attr(attrs, "id");
    if (!n || !id)
        return xlsx_xml_stop(x, CLS_EPARSE, "a sheet without a name or relationship id");
    char *a = cls_strdup(n), *b = cls_strdup(id);
    if (!a || !b || strings_push(&l->names, a) < 0 || strings_push(&l->rids, b) < 0) {
        free(b);
        return xlsx_xml_stop(x, CLS_ENOMEM, "out of memory");
    }
    if (l->names.n > 4096)
        xlsx_xml_stop(x, CLS_ETOOBIG, "more than 4096 sheets");
}

struct rels {
    struct strings ids, targets;
    char *shared;             /* target of the shared strings, or NULL */
};

static void rel_start(struct xml *x, const char *name, const char **attrs)
{
    struct rels *r = x->user;
    if (strcmp(name, "Relationship") != 0)
        return;
    const char *id = xlsx_xml_attr(attrs, "Id"), *target = xlsx_xml_attr(attrs, "Target"),
               *type = xlsx_xml_attr(attrs, "Type");
    if (!id || !target)
        return;
    if (type && strlen(type) >= 14 && strcmp(type + strlen(type) - 14, "/sharedStrings") == 0 &&
        !r->shared && !(r->shared = cls_strdup(target)))
        return xlsx_xml_stop(x, CLS_ENOMEM, "out of memory");
    char *a = cls_strdup(id), *b = cls_strdup(target);
    if (!a || !b || strings_push(&r->ids, a) < 0 || strings_push(&r->targets, b) < 0) {
        free(b);
        return xlsx_xml_stop(x, CLS_ENOMEM, "out of memory");
    }
    if (r->ids.n > 20000)
        xlsx_xml_stop(x, CLS_ETOOBIG, "too many relationships");
}

/* A relationship target as a zip path: "worksheets/sheet1.xml" is under
 * xl/, "/xl/worksheets/sheet1.xml" is from the root. */
static char *part_path(const char *target)
{
    return target[0] == '/' ? cls_strdup(target + 1) : cls_asprintf("xl/%s", target);
}

/* ---- sharedStrings.xml -------------------------------------------------------------- */

struct sst {
    struct strings items;
    int in_si, in_rph;        /* inside <si>, inside a phonetic run (not text) */
    char *cur;
    size_t cur_len;
};

static void sst_start(struct xml *x, const char *name, const char **attrs)
{
    struct sst *s = x->user;
    if (strcmp(name, "si") == 0) {
        s->in_si = 1;
        s->cur_len = 0;
    } else if (strcmp(name, "rPh") == 0) {
        s->in_rph = 1;
    } else if (strcmp(name, "t") == 0 && s->in_si && !s->in_rph) {
        x->collect = true;
    }
}

static void sst_end(struct xml *x, const char *name)
{
    struct sst *s = x->user;
    if (strcmp(name, "rPh") == 0) {
        s->in_rph = 0;
    } else if (strcmp(name, "t") == 0 && x->collect) {
        char *t = xlsx_xml_take_text(x);
        size_t n = t ? strlen(t) : 0;
        char *p = t && s->cur_len + n <= CLS_XLSX_TEXT_MAX ? realloc(s->cur, s->cur_len + n + 1)
                                                           : NULL;
        if (!p) {
            free(t);
            return xlsx_xml_stop(x, t ? CLS_ETOOBIG : CLS_ENOMEM, "a shared string is too long");
        }
        memcpy(p + s->cur_len, t, n + 1);
        s->cur = p;
        s->cur_len += n;
        free(t);
    } else if (strcmp(name, "si") == 0 && s->in_si) {
        char *str = s->cur ? s->cur : cls_strdup("");
        s->cur = NULL;
        s->cur_len = 0;
        s->in_si = 0;
        if (!str || strings_push(&s->items, str) < 0) {
            free(str);
            return xlsx_xml_stop(x, CLS_ENOMEM, "out of memory");
        }
        if (s->items.n > CLS_XLSX_STRINGS_MAX)
            xlsx_xml_stop(x, CLS_ETOOBIG, "too many shared strings");
    }
}

/* ---- a sheet -------------------------------------------------------------------------- */

struct sheet_state {
    const struct strings *sst;
    struct cls_xlsx_sheet *out;
    size_t cap;
    uint32_t row, col;        /* where the next cell goes (0-based) */
    bool in_row;
    char type[12];            /* the t attribute of the current cell */
    bool in_cell, in_is;
    char *value;              /* the <v> text, or the inline string */
};

/* "AB12" -> col 27, row 11; false when malformed or out of Excel's range. */
static bool parse_ref(const char *ref, uint32_t *row, uint32_t *col)
{
    uint32_t c = 0, r = 0;
    const char *p = ref;
    for (; *p >= 'A' && *p <= 'Z'; p++)
        if ((c = c * 26 + (uint32_t)(*p - 'A' + 1)) > 16384)
            return false;
    if (p == ref || *p < '1' || *p > '9')
        return false;
    for (; *p >= '0' && *p <= '9'; p++)
        if ((r = r * 10 + (uint32_t)(*p - '0')) > 1048576)
            return false;
    if (*p)
        return false;
    *row = r - 1;
    *col = c - 1;
    return true;
}

static bool parse_row(const char *s, uint32_t *row)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (*end || v < 1 || v > 1048576)
        return false;
    *row = (uint32_t)(v - 1);
    return true;
}

static void cell_start(struct xml *x, struct sheet_state *s, const char **attrs)
{
    const char *r = xlsx_xml_attr(attrs, "r"), *t = xlsx_xml_attr(attrs, "t");
    if (r && !parse_ref(r, &s->row, &s->col))
        return xlsx_xml_stop(x, CLS_EPARSE, "a cell reference is malformed");
    snprintf(s->type, sizeof s->type, "%s", t ? t : "n");
    s->in_cell = true;
    free(s->value);
    s->value = NULL;
}

static void sheet_start(struct xml *x, const char *name, const char **attrs)
{
    struct sheet_state *s = x->user;
    if (strcmp(name, "row") == 0) {
        const char *r = xlsx_xml_attr(attrs, "r");
        if (r && !parse_row(r, &s->row))
            return xlsx_xml_stop(x, CLS_EPARSE, "a row number is malformed");
        if (!r && s->in_row)
            s->row++;
        s->in_row = true;
        s->col = 0;
    } else if (strcmp(name, "c") == 0) {
        cell_start(x, s, attrs);
    } else if (s->in_cell && strcmp(name, "is") == 0) {
        s->in_is = true;
    } else if (s->in_cell && (strcmp(name, "v") == 0 ||
                              (s->in_is && strcmp(name, "t") == 0))) {
        x->collect = true;
    }
}

static int add_cell(struct sheet_state *s, char type, char *text)
{
    struct cls_xlsx_sheet *o = s->out;
    if (o->count == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        struct cls_xlsx_cell *p = realloc(o->cells, cap * sizeof *p);
        if (!p)
            return CLS_ENOMEM;
        o->cells = p;
        s->cap = cap;
    }
    o->cells[o->count++] = (struct cls_xlsx_cell){s->row, s->col, type, text};
    return 0;
}

/* The text of the cell that just ended, by its type. */
static void cell_end(struct xml *x, struct sheet_state *s)
{
    char *v = s->value;
    s->value = NULL;
    s->in_cell = s->in_is = false;
    if (v) {
        char type = 'n';
        if (strcmp(s->type, "s") == 0) {
            char *end;
            unsigned long i = strtoul(v, &end, 10);
            bool bad = !v[0] || *end || i >= s->sst->n;
            free(v);
            if (bad)
                return xlsx_xml_stop(x, CLS_EPARSE, "a shared string index is out of range");
            v = cls_strdup(s->sst->v[i]);
            type = 's';
        } else if (!strcmp(s->type, "inlineStr") || !strcmp(s->type, "str")) {
            type = 's';
        } else if (strcmp(s->type, "b") == 0 || strcmp(s->type, "e") == 0) {
            type = s->type[0];
        }
        if (!v || add_cell(s, type, v) < 0) {
            free(v);
            return xlsx_xml_stop(x, CLS_ENOMEM, "out of memory");
        }
        if (s->out->count > CLS_XLSX_CELLS_MAX)
            return xlsx_xml_stop(x, CLS_ETOOBIG, "too many cells");
    }
    s->col = s->col < 16383 ? s->col + 1 : s->col;
}

static void sheet_end(struct xml *x, const char *name)
{
    struct sheet_state *s = x->user;
    if (x->collect && (strcmp(name, "v") == 0 || strcmp(name, "t") == 0)) {
        char *t = xlsx_xml_take_text(x);
        if (!t)
            return;
        if (s->value && strcmp(name, "t") == 0) {   /* rich inline string: runs */
            char *j = cls_asprintf("%s%s", s->value, t);
            free(t);
            t = j;
            if (!t)
                return xlsx_xml_stop(x, CLS_ENOMEM, "out of memory");
        }
        free(s->value);
        s->value = t;
    } else if (strcmp(name, "c") == 0 && s->in_cell) {
        cell_end(x, s);
    } else if (strcmp(name, "is") == 0) {
        s->in_is = false;
    }
}

static int by_position(const void *pa, const void *pb)
{
    const struct cls_xlsx_cell *a = pa, *b = pb;
    if (a->row != b->row)
        return a->row < b->row ? -1 : 1;
    return a->col < b->col ? -1 : a->col > b->col;
}

static int read_sheet(struct reader *rd, const char *path, const struct strings *sst,
                      struct cls_xlsx_sheet *out)
{
    struct sheet_state s = {.sst = sst, .out = out};
    struct xml x = {.user = &s, .start = sheet_start, .end = sheet_end};
    int rc = parse_part(rd, path, false, &x);
    free(s.value);
    if (rc == 0 && out->count)
        qsort(out->cells, out->count, sizeof *out->cells, by_position);
    return rc;
}

/* ---- the book ----------------------------------------------------------------------- */

static bool wanted_has(const char *const *wanted, const char *name)
{
    for (size_t i = 0; wanted && wanted[i]; i++)
        if (strcmp(wanted[i], name) == 0)
            return true;
    return !wanted;
}

static const char *rel_target(const struct rels *r, const char *id)
{
    for (size_t i = 0; i < r->ids.n; i++)
        if (strcmp(r->ids.v[i], id) == 0)
            return r->targets.v[i];
    return NULL;
}

static int read_sheets(struct reader *rd, const struct sheets_list *l, const struct rels *r,
                       const struct strings *sst, const char *const *wanted,
                       struct cls_xlsx_book *out)
{
    out->sheets = calloc(l->names.n + 1, sizeof *out->sheets);
    if (!out->sheets)
        return cls_error_set(rd->err, CLS_ENOMEM, "out of memory");
    for (size_t i = 0; i < l->names.n; i++) {
        if (!wanted_has(wanted, l->names.v[i]) || cls_xlsx_sheet_find(out, l->names.v[i]))
            continue;
        const char *target = rel_target(r, l->rids.v[i]);
        if (!target)
            return cls_error_set(rd->err, CLS_EPARSE, "sheet \"%.80s\" has no part",
                                 l->names.v[i]);
        char *path = part_path(target);
        struct cls_xlsx_sheet *s = &out->sheets[out->count++];
        s->name = cls_strdup(l->names.v[i]);
        int rc = path && s->name ? read_sheet(rd, path, sst, s)
                                 : cls_error_set(rd->err, CLS_ENOMEM, "out of memory");
        free(path);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int read_book(struct reader *rd, const char *const *wanted, struct cls_xlsx_book *out)
{
    struct sheets_list l = {0};
    struct rels r = {0};
    struct sst s = {0};
    struct xml wx = {.user = &l, .start = wb_start};
    struct xml rx = {.user = &r, .start = rel_start};
    struct xml sx = {.user = &s, .start = sst_start, .end = sst_end};
    char *sst_path = NULL;
    int rc;
    if (zip_get_num_entries(rd->zip, 0) > CLS_XLSX_ENTRIES_MAX) {
        rc = cls_error_set(rd->err, CLS_ETOOBIG, "more than %d files in the zip",
                           CLS_XLSX_ENTRIES_MAX);
        goto done;
    }
    if ((rc = parse_part(rd, "xl/workbook.xml", false, &wx)) < 0 ||
        (rc = parse_part(rd, "xl/_rels/workbook.xml.rels", false, &rx)) < 0)
        goto done;
    sst_path = r.shared ? part_path(r.shared) : cls_strdup("xl/sharedStrings.xml");
    if (!sst_path) {
        rc = cls_error_set(rd->err, CLS_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = parse_part(rd, sst_path, true, &sx)) < 0)
        goto done;
    rc = read_sheets(rd, &l, &r, &s.items, wanted, out);
done:
    free(sst_path);
    free(s.cur);
    strings_free(&s.items);
    strings_free(&l.names);
    strings_free(&l.rids);
    strings_free(&r.ids);
    strings_free(&r.targets);
    free(r.shared);
    if (rc < 0)
        cls_xlsx_book_free(out);
    return rc < 0 ? rc : 0;
}

static int read_zip(zip_source_t *src, const char *const *wanted, struct cls_xlsx_book *out,
                    struct cls_error *err)
{
    zip_error_t ze;
    zip_error_init(&ze);
    memset(out, 0, sizeof *out);
    zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!z) {
        int rc = cls_error_set(err, CLS_EPARSE, "not an xlsx workbook (zip: %s)",
                               zip_error_strerror(&ze));
        zip_error_fini(&ze);
        zip_source_free(src);
        return rc;
    }
    zip_error_fini(&ze);
    struct reader rd = {.zip = z, .err = err};
    int rc = read_book(&rd, wanted, out);
    zip_discard(z);
    return rc;
}

int cls_xlsx_read_mem(const void *data, size_t size, const char *const *wanted,
                      struct cls_xlsx_book *out, struct cls_error *err)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, size, 0, &ze);
    zip_error_fini(&ze);
    memset(out, 0, sizeof *out);
    if (!src)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    return read_zip(src, wanted, out, err);
}

int cls_xlsx_read_file(const char *path, const char *const *wanted,
                       struct cls_xlsx_book *out, struct cls_error *err)
{
    zip_error_t ze;
    zip_error_init(&ze);
    memset(out, 0, sizeof *out);
    zip_source_t *src = zip_source_file_create(path, 0, -1, &ze);
    zip_error_fini(&ze);
    if (!src)
        return cls_error_set(err, CLS_EIO, "cannot open");
    return read_zip(src, wanted, out, err);
}

void cls_xlsx_book_free(struct cls_xlsx_book *b)
{
    for (size_t i = 0; b && i < b->count; i++) {
        for (size_t j = 0; j < b->sheets[i].count; j++)
            free(b->sheets[i].cells[j].text);
        free(b->sheets[i].cells);
        free(b->sheets[i].name);
    }
    if (b) {
        free(b->sheets);
        b->sheets = NULL;
        b->count = 0;
    }
}

const struct cls_xlsx_sheet *cls_xlsx_sheet_find(const struct cls_xlsx_book *b,
                                                 const char *name)
{
    for (size_t i = 0; b && i < b->count; i++)
        if (b->sheets[i].name && strcmp(b->sheets[i].name, name) == 0)
            return &b->sheets[i];
    return NULL;
}

const struct cls_xlsx_cell *cls_xlsx_cell_at(const struct cls_xlsx_sheet *s, uint32_t row,
                                             uint32_t col)
{
    struct cls_xlsx_cell key = {.row = row, .col = col};
    /* a cell written twice (no spreadsheet does) answers with one of them */
    size_t lo = 0, hi = s->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (by_position(&s->cells[mid], &key) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && by_position(&s->cells[lo - 1], &key) == 0 ? &s->cells[lo - 1] : NULL;
}

uint32_t cls_xlsx_sheet_rows(const struct cls_xlsx_sheet *s)
{
    return s->count ? s->cells[s->count - 1].row + 1 : 0;
}
