/* PostgreSQL's COPY text format, one row at a time (copy_text.h). The
 * server writes a value as its type's text output with only backslash,
 * the tab, newline and carriage return, and the other C0 controls that
 * have a letter (\b \f \v), escaped, and \N for NULL; the octal and hex
 * escapes are read too, as the format defines them, although the server
 * never writes them. Most values hold no backslash: they are left where
 * they are. */
#include "config.h"

#include <stdbool.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "sources/copy_text.h"

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes the escapes of the value [p, end), whose first backslash is at
 * bs, in place. Returns the decoded end, or NULL on a lone final
 * backslash. */
static char *unescape(char *bs, const char *end)
{
    char *w = bs;
    const char *p = bs;
    while (p < end) {
        if (*p != '\\') {
            *w++ = *p++;
            continue;
        }
        if (++p == end)
            return NULL;
        unsigned char c = (unsigned char)*p++;
        switch (c) {
        case 'b': *w++ = '\b'; break;
        case 'f': *w++ = '\f'; break;
        case 'n': *w++ = '\n'; break;
        case 'r': *w++ = '\r'; break;
        case 't': *w++ = '\t'; break;
        case 'v': *w++ = '\v'; break;
        case 'x':
            if (p < end && hex_value((unsigned char)*p) >= 0) {
                int v = hex_value((unsigned char)*p++);
                if (p < end && hex_value((unsigned char)*p) >= 0)
                    v = v * 16 + hex_value((unsigned char)*p++);
                *w++ = (char)v;
            } else {
                *w++ = 'x';
            }
            break;
        default:
            if (c >= '0' && c <= '7') {
                int v = c - '0';
                for (int k = 0; k < 2 && p < end && *p >= '0' && *p <= '7'; k++)
                    v = v * 8 + (*p++ - '0');
                *w++ = (char)(v & 0xFF);
            } else {
                *w++ = (char)c;
            }
        }
    }
    return w;
}

#ifdef __SSE2__
static unsigned specials16(const char *p)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
                               _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
    return (unsigned)_mm_movemask_epi8(hit);
}
#endif

/* Bits of the bytes at p (16, or up to end) that are a tab or a
 * backslash: one pass over the row finds both, where a memchr for each per
 * value cost more than the bytes (values are short). The last bytes of a
 * row of 16 or more are read as the row's last 16 (never past its end). */
static unsigned specials(const char *line, const char *p, const char *end)
{
    unsigned mask = 0;
#ifdef __SSE2__
    if (end - p >= 16)
        return specials16(p);
    if (end - line >= 16)
        return specials16(end - 16) >> (16 - (end - p));
#else
    (void)line;
#endif
    for (int i = 0; i < 16 && p + i < end; i++)
        mask |= (unsigned)(p[i] == '\t' || p[i] == '\\') << i;
    return mask;
}

/* The value [p, fend), whose first backslash is bs (NULL if none), into
 * *val and *len. -1 on a lone final backslash. */
static int put_value(char *p, char *fend, char *bs, const char **val, size_t *len)
{
    if (fend - p == 2 && p[0] == '\\' && p[1] == 'N') {
        *val = NULL;
        *len = 0;
        return 0;
    }
    char *vend = bs ? unescape(bs, fend) : fend;
    if (!vend)
        return -1;
    *val = p;
    *len = (size_t)(vend - p);
    return 0;
}

int cls_copy_text_row(char *line, size_t len, const char **vals, size_t *lens, size_t max)
{
    char *end = line + len, *field = line, *bs = NULL;
    if (line < end && end[-1] == '\n')
        end--;
    size_t n = 0;
    /* A raw tab always ends a value (the server escapes a tab in one as
     * \t); only the first backslash of a value is needed, unescape()
     * reads the rest. */
    for (char *p = line; p < end; p += 16) {
        for (unsigned mask = specials(line, p, end); mask; mask &= mask - 1) {
            char *q = p + __builtin_ctz(mask);
            if (*q == '\\') {
                bs = bs ? bs : q;
                continue;
            }
            if (n + 1 >= max || put_value(field, q, bs, &vals[n], &lens[n]) < 0)
                return -1;
            n++;
            field = q + 1;
            bs = NULL;
        }
    }
    if (n >= max || put_value(field, end, bs, &vals[n], &lens[n]) < 0)
        return -1;
    return (int)n + 1;
}
