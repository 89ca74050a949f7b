/* Fuzz target: the xlsx reader (`classify xlsx --reviewed` and `classify
 * review export` read workbooks that were mailed around) over arbitrary
 * bytes; whatever it accepts must be walkable, cell by cell, and the
 * decisions reader must hold up over the same sheets. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/xlsx_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cls_xlsx_book book;
    struct cls_error err;
    if (cls_xlsx_read_mem(data, size, NULL, &book, &err) < 0)
        return 0;
    size_t seen = 0;
    for (size_t i = 0; i < book.count; i++) {
        const struct cls_xlsx_sheet *s = &book.sheets[i];
        uint32_t rows = cls_xlsx_sheet_rows(s);
        for (size_t j = 0; j < s->count; j++) {
            const struct cls_xlsx_cell *c = cls_xlsx_cell_at(s, s->cells[j].row, s->cells[j].col);
            if (!c || s->cells[j].row >= rows || !c->text)
                abort();
            seen += strlen(c->text) > 0;
        }
    }
    (void)seen;
    cls_xlsx_book_free(&book);
    return 0;
}
