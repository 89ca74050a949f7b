/* Fuzz target: the CSV reader over arbitrary bytes. Every row's fields must
 * stay within CLS_VALUE_MAX and the reader must end (EOF or an error). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "classify/source.h"
#include "sources/csv_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    FILE *f = fmemopen((void *)data, size, "rb");
    if (!f)
        return 0;
    struct cls_csv *csv;
    if (cls_csv_new(&csv, f, "fuzz.csv") == 0) {
        struct cls_csv_row row;
        struct cls_error err;
        while (cls_csv_next(csv, &row, &err) > 0)
            for (size_t i = 0; i < row.count; i++)
                if (row.lens[i] > CLS_VALUE_MAX)
                    abort();
        cls_csv_free(csv);
    }
    fclose(f);
    return 0;
}
