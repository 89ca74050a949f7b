/* Fuzz target: person_name's word scanner and the name lookup over
 * arbitrary bytes (column values come from any database, in any encoding,
 * truncated UTF-8 included). Every candidate span must lie inside the
 * value and move forward, and the mask must stay within its buffer and
 * keep the span's length (one output byte per input byte). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "classify/detector.h"
#include "names.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct cls_detector *d = cls_detector_find("person_name");
    /* A copy of exactly size bytes, so ASan sees any read past the end. */
    char *v = malloc(size ? size : 1);
    if (!d || !v)
        abort();
    memcpy(v, data, size);
    struct cls_span span;
    size_t from = 0;
    while (from <= size && d->find(v, size, from, &span)) {
        if (span.start < from || span.start + span.len > size || span.len == 0)
            abort();
        char out[96];
        if (d->validate(v + span.start, span.len)) {
            d->mask(v + span.start, span.len, out, sizeof out);
            if (strlen(out) != (span.len < sizeof out ? span.len : sizeof out - 1))
                abort();
        }
        from = span.start + span.len;
    }
    (void)cls_name_lookup(v, size);
    free(v);
    return 0;
}
