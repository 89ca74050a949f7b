/* Fuzz target: the COPY text row decoder (sources/copy_text.c) over
 * arbitrary bytes, as a row from a server that would send anything.
 * Checked: no out-of-bounds access (ASan/UBSan), at most max columns, each
 * value inside the row and no longer than its escaped form; and a round
 * trip: the decoded values, escaped as the server escapes them (\\, \b \f
 * \n \r \t \v, NULL as \N), decode to the same values. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sources/copy_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXC 64

/* The server's escaping of one value into out (room for 2 len). */
static size_t escape(const char *v, size_t len, char *out)
{
    static const char from[] = "\\\b\f\n\r\t\v", to[] = "\\bfnrtv";
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        const char *e = v[i] ? memchr(from, v[i], sizeof from - 1) : NULL;
        if (e) {
            out[o++] = '\\';
            out[o++] = to[e - from];
        } else {
            out[o++] = v[i];
        }
    }
    return o;
}

/* Escapes n values as one row into out; returns its length. */
static size_t escape_row(const char *const *vals, const size_t *lens, int n, char *out)
{
    size_t o = 0;
    for (int i = 0; i < n; i++) {
        if (i)
            out[o++] = '\t';
        if (!vals[i]) {
            memcpy(out + o, "\\N", 2);
            o += 2;
        } else {
            o += escape(vals[i], lens[i], out + o);
        }
    }
    return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The first byte picks the column limit. */
    size_t max = size ? (size_t)(data[0] % MAXC) + 1 : 1;
    size_t len = size ? size - 1 : 0;
    char *line = malloc(len + 1), *again = malloc(2 * len + 3 * MAXC + 1);
    const char *vals[MAXC], *vals2[MAXC];
    size_t lens[MAXC], lens2[MAXC];
    if (!line || !again)
        abort();
    if (len)
        memcpy(line, data + 1, len);
    int n = cls_copy_text_row(line, len, vals, lens, max);
    if (n == 0 || n > (int)max)
        abort();
    for (int i = 0; i < n; i++)
        if (vals[i] && (vals[i] < line || vals[i] + lens[i] > line + len))
            abort();
    /* Decoded in place, each value stays in its own field: the values are
     * still whole here, escaped again and decoded again. */
    if (n > 0) {
        size_t o = escape_row(vals, lens, n, again);
        if (cls_copy_text_row(again, o, vals2, lens2, max) != n)
            abort();
        for (int i = 0; i < n; i++)
            if (!vals[i] != !vals2[i] || lens[i] != lens2[i] ||
                (vals[i] && lens[i] && memcmp(vals[i], vals2[i], lens[i]) != 0))
                abort();
    }
    free(line);
    free(again);
    return 0;
}
