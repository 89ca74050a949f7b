/* A reader of .xlsx workbooks (report/xlsx_read.c): the cells of named
 * sheets, as text, from the zip of XML a spreadsheet program saved. Outside
 * input: every size is bounded and a hostile file is refused. */
#ifndef CLASSIFY_REPORT_XLSX_READ_H
#define CLASSIFY_REPORT_XLSX_READ_H

#include <stddef.h>
#include <stdint.h>

#include "classify/error.h"

/* Limits on what a workbook may make the reader do. */
#define CLS_XLSX_PART_MAX (64u * 1024 * 1024)  /* bytes of one XML part, inflated */
#define CLS_XLSX_TOTAL_MAX (256u * 1024 * 1024) /* bytes inflated in all */
#define CLS_XLSX_ENTRIES_MAX 10000             /* files in the zip */
#define CLS_XLSX_DEPTH_MAX 64                  /* XML element nesting */
#define CLS_XLSX_CELLS_MAX 4000000             /* cells of the sheets read */
#define CLS_XLSX_STRINGS_MAX 2000000           /* shared strings */
#define CLS_XLSX_TEXT_MAX (256u * 1024)        /* bytes of one cell's text */

/* One cell with a value. type: 's' text (shared, inline or formula
 * string), 'n' number (as written, e.g. a date's serial "46296"), 'b'
 * boolean, 'e' error. row and col are 0-based. */
struct cls_xlsx_cell {
    uint32_t row, col;
    char type;
    char *text;
};

struct cls_xlsx_sheet {
    char *name;
    struct cls_xlsx_cell *cells;   /* sorted by row, then column */
    size_t count;
};

struct cls_xlsx_book {
    struct cls_xlsx_sheet *sheets; /* the sheets asked for that exist */
    size_t count;
};

/* Reads the sheets named in wanted (NULL-terminated) from the workbook in
 * memory (data, size) or at path. A wanted sheet the workbook lacks is
 * simply absent from out. Returns 0, or CLS_EPARSE / CLS_EIO / CLS_ENOMEM
 * with err naming what was wrong (the caller prefixes the file name). */
int cls_xlsx_read_mem(const void *data, size_t size, const char *const *wanted,
                      struct cls_xlsx_book *out, struct cls_error *err);
int cls_xlsx_read_file(const char *path, const char *const *wanted,
                       struct cls_xlsx_book *out, struct cls_error *err);
void cls_xlsx_book_free(struct cls_xlsx_book *book);

/* A sheet by name (case-sensitive), or NULL. */
const struct cls_xlsx_sheet *cls_xlsx_sheet_find(const struct cls_xlsx_book *book,
                                                 const char *name);
/* The cell at (row, col), or NULL when it is empty. */
const struct cls_xlsx_cell *cls_xlsx_cell_at(const struct cls_xlsx_sheet *sheet, uint32_t row,
                                             uint32_t col);
/* The last row with a value, +1 (0 for an empty sheet). */
uint32_t cls_xlsx_sheet_rows(const struct cls_xlsx_sheet *sheet);

#endif
