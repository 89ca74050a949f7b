/* The decisions of a reviewed workbook: the rows of its Columns and Tables
 * sheets that carry a Decision, found by their header names (so a reviewer
 * who moves a column does not lose a decision), read through the xlsx
 * reader (xlsx_read.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/xlsx.h"

const struct cls_xlsx_review *cls_xlsx_reviews_find(const struct cls_xlsx_reviews *rv,
                                                    const char *source, const char *schema,
                                                    const char *table, const char *column)
{
    for (size_t i = 0; rv && i < rv->count; i++) {
        const struct cls_xlsx_review *v = &rv->items[i];
        if (strcmp(v->source, source ? source : "") == 0 &&
            strcmp(v->schema, schema ? schema : "") == 0 &&
            strcmp(v->table, table ? table : "") == 0 &&
            strcmp(v->column, column ? column : "") == 0)
            return v;
    }
    return NULL;
}

void cls_xlsx_reviews_free(struct cls_xlsx_reviews *rv)
{
    for (size_t i = 0; rv && i < rv->count; i++) {
        struct cls_xlsx_review *v = &rv->items[i];
        free(v->source);
        free(v->schema);
        free(v->table);
        free(v->column);
        free(v->fingerprint);
        free(v->decision);
        free(v->corrected);
        free(v->reviewer);
        free(v->date);
        free(v->comment);
    }
    if (rv) {
        free(rv->items);
        rv->items = NULL;
        rv->count = 0;
    }
}
