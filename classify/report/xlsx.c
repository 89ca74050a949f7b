/* The compliance workbook: a report as an .xlsx file for someone who never
 * saw the tool, and the file the officer reviews in each quarter. This file
 * holds what the sheets share (cell helpers, formats, print layout) and
 * writes the file; each sheet lives in its own xlsx_*.c.
 *
 * Every text cell is written with worksheet_write_string, so text from a
 * database that starts with = + - @ is a string cell and never a formula
 * (formula injection); nothing here writes a formula. The model holds only
 * masked evidence, so no raw value can reach the workbook. The file is made
 * 0600 by mkstemp under a temp name and renamed into place when complete. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/xlsx_book.h"
#include "util/util.h"

/* ---- cells ---------------------------------------------------------------------- */

/* The longest line of text, in characters (UTF-8 continuation bytes not
 * counted); for a header, the longest word, since headers wrap. */
static size_t longest(const char *text, bool words)
{
    size_t best = 0, cur = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '\n' || (words && *p == ' ')) {
            cur = 0;
            continue;
        }
        if ((*p & 0xC0) != 0x80 && ++cur > best)
            best = cur;
    }
    return best;
}

static void remember(struct book *b, lxw_col_t col, double len)
{
    if (col < SHEET_COLS_MAX && len > b->fit[col])
        b->fit[col] = len;
}

void xb_put(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text,
            lxw_format *fmt)
{
    char cut[CELL_TEXT_MAX + 1];
    text = text ? text : "";
    size_t len = strlen(text);
    if (len > CELL_TEXT_MAX) {
        len = CELL_TEXT_MAX;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
        memcpy(cut, text, len);
        cut[len] = '\0';
        text = cut;
    }
    bool head = fmt == b->head || fmt == b->review_head;
    for (size_t i = 0; i < b->levels; i++)
        head = head || fmt == b->label_head[i];
    remember(b, col, (double)longest(text, head));
    if (*text)
        worksheet_write_string(ws, row, col, text, fmt);
    else if (fmt)
        worksheet_write_blank(ws, row, col, fmt);
}

void xb_putf(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, lxw_format *fmt,
             const char *f, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, f);
    vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    xb_put(b, ws, row, col, buf, fmt);
}

void xb_num(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v,
            lxw_format *fmt)
{
    char digits[32];
    remember(b, col, (double)snprintf(digits, sizeof digits, "%.0f", v));
    worksheet_write_number(ws, row, col, v, fmt);
}

lxw_worksheet *xb_sheet(struct book *b, const char *name)
{
    char head[160], foot[160];
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
    memset(b->fit, 0, sizeof b->fit);
    b->head_names = NULL;
    b->head_count = 0;
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.4, 0.4, 0.7, 0.7);
    /* Every printed page carries the workbook's own marking, so a page
     * found on a printer says how it must be handled. */
    snprintf(head, sizeof head, "&L&\"-,Bold\"%s&C&A&RRun of %s", b->marking, b->run_date);
    snprintf(foot, sizeof foot, "&L%s&CPage &P of &N&Rclassify %s", b->marking,
             b->r->tool_version ? b->r->tool_version : "");
    worksheet_set_header(ws, head);
    worksheet_set_footer(ws, foot);
    return ws;
}

void xb_header(struct book *b, lxw_worksheet *ws, const char *const *names, size_t n,
               size_t first_review)
{
    for (size_t i = 0; i < n; i++)
        xb_put(b, ws, 0, (lxw_col_t)i, names[i], i >= first_review ? b->review_head : b->head);
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 0);
    b->head_names = names;
    b->head_count = n;
}

/* Lines a header needs when its words wrap at width (spreadsheets do not
 * grow a row for text a program wrote, so the writer sets the height). */
static size_t word_lines(const char *text, double width)
{
    size_t per = width > 2 ? (size_t)width - 1 : 1, lines = 1, used = 0;
    while (*text) {
        size_t len = strcspn(text, " ");
        if (used && used + 1 + len > per) {
            lines++;
            used = 0;
        }
        used += (used ? 1 : 0) + len;
        text += len + (text[len] == ' ');
    }
    return lines;
}

void xb_fit(struct book *b, lxw_worksheet *ws, size_t n, const double *max,
            lxw_format *const *fmt)
{
    size_t lines = 1;
    for (size_t i = 0; i < n && i < SHEET_COLS_MAX; i++) {
        double w = b->fit[i] + 2;
        w = w < 6 ? 6 : w > max[i] ? max[i] : w;
        worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, w, fmt ? fmt[i] : NULL);
        size_t l = i < b->head_count && w >= 6 ? word_lines(b->head_names[i], w) : 1;
        l = l > 3 ? 3 : l;
        lines = l > lines ? l : lines;
    }
    if (b->head_count)
        worksheet_set_row(ws, 0, 15.0 * (double)lines + 2, NULL);
}

size_t xb_wrapped_lines(const char *text, double width)
{
    size_t lines = 0, per_line = width > 2 ? (size_t)width - 1 : 1;
    while (*text) {
        size_t len = strcspn(text, "\n");
        lines += len ? (len + per_line - 1) / per_line : 1;
        text += len + (text[len] == '\n');
    }
    return lines;
}

void xb_text_reset(struct text *t)
{
    t->len = 0;
    t->buf[0] = '\0';
}

void xb_text_add(struct text *t, const char *sep, const char *f, ...)
{
    va_list ap;
    if (t->len && t->len < sizeof t->buf)
        t->len += (size_t)snprintf(t->buf + t->len, sizeof t->buf - t->len, "%s", sep);
    if (t->len >= sizeof t->buf)
        return;
    va_start(ap, f);
    t->len += (size_t)vsnprintf(t->buf + t->len, sizeof t->buf - t->len, f, ap);
    va_end(ap);
}

const char *xb_label_name(const struct book *b, enum cls_label l)
{
    return cls_report_label_name(b->r, l);
}

lxw_format *xb_label_format(const struct book *b, enum cls_label l)
{
    return (size_t)l < b->levels ? b->label[l] : NULL;
}

void xb_fired(struct text *t, const struct cls_column_report *c)
{
    for (size_t i = 0; i < c->finding_count; i++)
        if (c->findings[i].fired)
            xb_text_add(t, ",", "%s", c->findings[i].detector);
}

/* ---- fingerprints ------------------------------------------------------------------- */

/* A table's label is driven by the fired detectors of its columns at the
 * table's label. */
void xb_table_drivers(struct text *t, const struct cls_table_report *tb)
{
    for (size_t c = 0; c < tb->column_count; c++) {
        const struct cls_column_report *col = &tb->columns[c];
        if (col->skipped || col->label != tb->label)
            continue;
        for (size_t i = 0; i < col->finding_count; i++) {
            const char *id = col->findings[i].detector;
            if (!col->findings[i].fired || !id)
                continue;
            /* once each, in the order first met */
            size_t n = strlen(id);
            const char *p = t->buf;
            bool seen = false;
            while (!seen && (p = strstr(p, id)) != NULL) {
                seen = (p == t->buf || p[-1] == ',') && (p[n] == ',' || p[n] == '\0');
                p += n;
            }
            if (!seen)
                xb_text_add(t, ",", "%s", id);
        }
    }
}

char *cls_xlsx_fingerprint_as(const char *label, const struct cls_table_report *tb,
                              const struct cls_column_report *c)
{
    struct text *t = malloc(sizeof *t);
    if (!t)
        return NULL;
    xb_text_reset(t);
    if (c)
        xb_fired(t, c);
    else
        xb_table_drivers(t, tb);
    char *fp = cls_asprintf("%s|%s|%s", c && c->skipped ? "Not assessed" : label, t->buf,
                            c && c->protection ? c->protection : "");
    free(t);
    return fp;
}

char *cls_xlsx_fingerprint(const struct cls_report *r, const struct cls_table_report *tb,
                           const struct cls_column_report *c)
{
    const struct cls_override *o = c ? c->override : tb->override;
    enum cls_label detected = o ? o->detected : c ? c->label : tb->label;
    return cls_xlsx_fingerprint_as(cls_report_label_name(r, detected), tb, c);
}

/* ---- formats ---------------------------------------------------------------------- */

/* Fill colours from the least to the most sensitive level: green, yellow,
 * orange, red; a policy with other level counts is spread over them. */
static const lxw_color_t palette[] = {0xC6EFCE, 0xFFEB9C, 0xF8CBAD, 0xFF9999};

lxw_color_t xb_level_color(size_t rank, size_t levels)
{
    size_t top = sizeof palette / sizeof palette[0] - 1;
    size_t i = levels > 1 ? (rank * top + (levels - 1) / 2) / (levels - 1) : 0;
    return palette[i > top ? top : i];
}

static lxw_format *top_format(lxw_workbook *wb)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

static void make_head_formats(struct book *b)
{
    b->title = workbook_add_format(b->wb);
    format_set_bold(b->title);
    format_set_font_size(b->title, 16);
    b->head = top_format(b->wb);
    format_set_bold(b->head);
    format_set_bg_color(b->head, 0xD9E1F2);
    format_set_border(b->head, LXW_BORDER_THIN);
    format_set_text_wrap(b->head);
    b->review_head = top_format(b->wb);
    format_set_bold(b->review_head);
    format_set_bg_color(b->review_head, 0xFFE699);
    format_set_border(b->review_head, LXW_BORDER_THIN);
    format_set_text_wrap(b->review_head);
    b->key = top_format(b->wb);
    format_set_bold(b->key);
    b->warn = workbook_add_format(b->wb);
    format_set_bold(b->warn);
    format_set_font_color(b->warn, 0x9C0006);
    format_set_bg_color(b->warn, 0xFFC7CE);
    b->banner = workbook_add_format(b->wb);
    format_set_bold(b->banner);
    format_set_font_color(b->banner, 0x9C0006);
    format_set_bg_color(b->banner, 0xFFC7CE);
    format_set_text_wrap(b->banner);
    format_set_align(b->banner, LXW_ALIGN_VERTICAL_CENTER);
}

static void make_cell_formats(struct book *b)
{
    b->wrap = top_format(b->wb);
    format_set_text_wrap(b->wrap);
    b->date = top_format(b->wb);
    format_set_num_format(b->date, "yyyy-mm-dd");
    b->top = top_format(b->wb);
    b->note = top_format(b->wb);
    format_set_italic(b->note);
    format_set_font_color(b->note, 0x595959);
    /* Cells a reviewer fills in: pale yellow and unlocked, so they are the
     * only cells of a protected sheet that take input. */
    b->input = top_format(b->wb);
    format_set_unlocked(b->input);
    format_set_bg_color(b->input, 0xFFF9E5);
    format_set_border(b->input, LXW_BORDER_HAIR);
    format_set_border_color(b->input, 0xBFBFBF);
    format_set_text_wrap(b->input);
    b->input_date = top_format(b->wb);
    format_set_unlocked(b->input_date);
    format_set_bg_color(b->input_date, 0xFFF9E5);
    format_set_border(b->input_date, LXW_BORDER_HAIR);
    format_set_border_color(b->input_date, 0xBFBFBF);
    format_set_num_format(b->input_date, "yyyy-mm-dd");
    b->stale = top_format(b->wb);
    format_set_text_wrap(b->stale);
    format_set_italic(b->stale);
    format_set_font_color(b->stale, 0x9C5700);
    b->grey = top_format(b->wb);
    format_set_bg_color(b->grey, 0xD9D9D9);
    format_set_font_color(b->grey, 0x404040);
    format_set_italic(b->grey);
    b->hidden = workbook_add_format(b->wb);
    format_set_hidden(b->hidden);
    for (size_t i = 0; i < b->levels; i++) {
        b->label[i] = top_format(b->wb);
        format_set_bg_color(b->label[i], xb_level_color(i, b->levels));
        format_set_bold(b->label[i]);
        b->label_head[i] = top_format(b->wb);
        format_set_bg_color(b->label_head[i], xb_level_color(i, b->levels));
        format_set_bold(b->label_head[i]);
        format_set_text_wrap(b->label_head[i]);
        format_set_border(b->label_head[i], LXW_BORDER_THIN);
    }
}

/* The highest label any table carries: the workbook's own marking. */
static void set_marking(struct book *b)
{
    enum cls_label top = 0;
    for (size_t i = 0; i < b->r->table_count; i++)
        if (b->r->tables[i].label > top)
            top = b->r->tables[i].label;
    snprintf(b->marking, sizeof b->marking, "Classification: %s", xb_label_name(b, top));
    snprintf(b->run_date, sizeof b->run_date, "%.10s",
             b->r->started_at ? b->r->started_at : "");
    for (size_t l = 0; l < b->levels; l++)
        b->level_names[l] = xb_label_name(b, (enum cls_label)(b->levels - 1 - l));
    b->level_names[b->levels] = NULL;
}

/* ---- the file --------------------------------------------------------------------- */

static int build(const struct cls_report *r, const struct cls_xlsx_reviews *prior,
                 const char *tmp, struct cls_error *err)
{
    struct book *b = calloc(1, sizeof *b);
    if (!b)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    b->r = r;
    b->prior = prior;
    b->levels = r->level_count ? r->level_count : CLS_LABEL_COUNT;
    if (b->levels > LEVELS_MAX)
        b->levels = LEVELS_MAX;
    b->wb = workbook_new(tmp);
    if (!b->wb) {
        free(b);
        return cls_error_set(err, CLS_EIO, "%s: cannot create the workbook", tmp);
    }
    lxw_doc_properties props = {.title = "Data classification report",
                                .comments = "Written by classify " PACKAGE_VERSION};
    workbook_set_properties(b->wb, &props);
    make_head_formats(b);
    make_cell_formats(b);
    set_marking(b);
    xb_sheet_summary(b);
    xb_sheet_tables(b);
    xb_sheet_columns(b);
    xb_sheet_review(b);
    xb_sheet_signoff(b);
    xb_sheet_changes(b);
    xb_sheet_violations(b);
    xb_sheet_policy(b);
    xb_sheet_errors(b);
    lxw_error rc = workbook_close(b->wb);
    free(b);
    if (rc != LXW_NO_ERROR)
        return cls_error_set(err, CLS_EIO, "cannot write the workbook: %s", lxw_strerror(rc));
    return 0;
}

int cls_report_write_xlsx_reviewed(const struct cls_report *r,
                                   const struct cls_xlsx_reviews *prior, const char *path,
                                   struct cls_error *err)
{
    char *tmp = cls_asprintf("%s.XXXXXX", path);
    if (!tmp)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    /* mkstemp makes the file 0600; libxlsxwriter then rewrites it in place,
     * so the workbook is never readable by others, even half-written. */
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return cls_error_set(err, CLS_EIO, "%s: cannot create: %s", path, strerror(e));
    }
    close(fd);
    int rc = build(r, prior, tmp, err);
    if (rc == 0 && rename(tmp, path) < 0)
        rc = cls_error_set(err, CLS_EIO, "%s: cannot rename into place: %s", path,
                           strerror(errno));
    if (rc < 0) {
        unlink(tmp);
        if (strncmp(err->message, "cannot write", 12) == 0) {
            char msg[sizeof err->message];
            snprintf(msg, sizeof msg, "%s", err->message);
            cls_error_set(err, CLS_EIO, "%s: %s", path, msg);
        }
    }
    free(tmp);
    return rc;
}

int cls_report_write_xlsx(const struct cls_report *r, const char *path,
                          struct cls_error *err)
{
    return cls_report_write_xlsx_reviewed(r, NULL, path, err);
}
