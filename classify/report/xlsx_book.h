/* What the parts of the compliance workbook share (report/xlsx*.c): the
 * book being written, its formats, and the cell helpers. Internal to the
 * report part; the interface is report/xlsx.h. */
#ifndef CLASSIFY_REPORT_XLSX_BOOK_H
#define CLASSIFY_REPORT_XLSX_BOOK_H

#include <stdbool.h>
#include <stddef.h>

#include <xlsxwriter.h>

#include "classify/report.h"
#include "report/xlsx.h"

#define CELL_TEXT_MAX 32000   /* Excel's limit is 32767 characters a cell */
#define LEVELS_MAX 16
#define SHEET_COLS_MAX 48

struct book {
    lxw_workbook *wb;
    const struct cls_report *r;
    const struct cls_xlsx_reviews *prior;   /* decisions to carry over, or NULL */
    size_t levels;            /* number of levels, ranks 0 .. levels-1 */
    lxw_format *title, *head, *review_head, *key, *wrap, *warn, *banner, *date, *note, *top;
    lxw_format *input, *input_date, *stale, *grey, *hidden;
    lxw_format *label[LEVELS_MAX];
    lxw_format *label_head[LEVELS_MAX];  /* a header cell in the level's colour */
    const char *level_names[LEVELS_MAX + 1];  /* for the Corrected label list */
    char marking[64];         /* "Classification: Secret" (highest label) */
    char run_date[16];        /* YYYY-MM-DD of the run */
    double fit[SHEET_COLS_MAX]; /* longest line written per column, this sheet */
    const char *const *head_names; /* this sheet's header row (for its height) */
    size_t head_count;
};

/* A growable text buffer for joined cells. */
struct text {
    char buf[CELL_TEXT_MAX + 1];
    size_t len;
};

/* Writes text as a string cell (never a formula), cut at a UTF-8 boundary
 * below Excel's cell limit, and remembers its longest line for the
 * column's width. Empty text with a format writes a formatted blank. */
void xb_put(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text,
            lxw_format *fmt);
void xb_putf(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, lxw_format *fmt,
             const char *f, ...) __attribute__((format(printf, 6, 7)));
/* A number cell (counted for width as its digits). */
void xb_num(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v,
            lxw_format *fmt);
/* Starts a sheet: clears the width memory, sets print layout (landscape,
 * one page wide, header and footer with the marking, run date and page
 * numbers). */
lxw_worksheet *xb_sheet(struct book *b, const char *name);
/* A header row (row 0) that stays in view, is repeated on every printed
 * page; review columns (from first_review, or n for none) are yellow. */
void xb_header(struct book *b, lxw_worksheet *ws, const char *const *names, size_t n,
               size_t first_review);
/* Sets each column's width to fit what was written (between 6 and
 * max[i]); fmt[i] (may be NULL, or the array NULL) is the column's format. */
void xb_fit(struct book *b, lxw_worksheet *ws, size_t n, const double *max,
            lxw_format *const *fmt);
/* Lines a wrapped cell of this width needs. */
size_t xb_wrapped_lines(const char *text, double width);
void xb_text_reset(struct text *t);
void xb_text_add(struct text *t, const char *sep, const char *f, ...)
    __attribute__((format(printf, 3, 4)));
const char *xb_label_name(const struct book *b, enum cls_label l);
lxw_format *xb_label_format(const struct book *b, enum cls_label l);
lxw_color_t xb_level_color(size_t rank, size_t levels);
/* The detectors that fired in a column, comma-separated, in report
 * order. */
void xb_fired(struct text *t, const struct cls_column_report *c);
/* The detectors that drove a table's label: the fired detectors of its
 * columns at the table's label, once each. */
void xb_table_drivers(struct text *t, const struct cls_table_report *tb);

/* The sheets, in workbook order. */
void xb_sheet_summary(struct book *b);
void xb_sheet_tables(struct book *b);
void xb_sheet_columns(struct book *b);
void xb_sheet_review(struct book *b);
void xb_sheet_signoff(struct book *b);
void xb_sheet_changes(struct book *b);
void xb_sheet_violations(struct book *b);
void xb_sheet_policy(struct book *b);
void xb_sheet_errors(struct book *b);

/* The decision columns (xlsx_decide.c): Decision, Corrected label,
 * Reviewed by, Review date, Comment, then Prior review and the hidden
 * review key. */
#define XB_DECISION_COLS 7
extern const char *const xb_decision_names[XB_DECISION_COLS];
extern const double xb_decision_widths[XB_DECISION_COLS];
/* Writes one row's decision cells from col on: carried over from the prior
 * workbook when the key matches and the fingerprint is unchanged, shown as
 * stale otherwise, blank (unlocked) when there was none. */
void xb_decision_row(struct book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                     const struct cls_table_report *t, const char *column,
                     const char *fingerprint);
/* Lists, date validation and input prompts over rows 1..last, hides the
 * key column, and protects the sheet except the input cells. */
void xb_decision_finish(struct book *b, lxw_worksheet *ws, lxw_col_t col, lxw_row_t last);
/* How many rows of this report have no decision yet (for Sign-off). */
size_t xb_open_decisions(const struct book *b);

#endif
