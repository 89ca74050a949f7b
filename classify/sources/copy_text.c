/* PostgreSQL's COPY text format, one row at a time (copy_text.h). The
 * server writes a value as its type's text output with only backslash,
 * the tab, newline and carriage return, and the other C0 controls that
 * have a letter (\b \f \v), escaped, and \N for NULL; the octal and hex
 * escapes are read too, as the format defines them, although the server
 * never writes them. Most values hold no backslash: they are found with
 * memchr and left where they are. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

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

int cls_copy_text_row(char *line, size_t len, const char **vals, size_t *lens, size_t max)
{
    char *p = line, *end = line + len;
    if (p < end && end[-1] == '\n')
        end--;
    for (size_t n = 0;; n++) {
        if (n == max)
            return -1;
        char *tab = memchr(p, '\t', (size_t)(end - p));
        char *fend = tab ? tab : end;
        if (fend - p == 2 && p[0] == '\\' && p[1] == 'N') {
            vals[n] = NULL;
            lens[n] = 0;
        } else {
            char *bs = memchr(p, '\\', (size_t)(fend - p));
            char *vend = bs ? unescape(bs, fend) : fend;
            if (!vend)
                return -1;
            vals[n] = p;
            lens[n] = (size_t)(vend - p);
        }
        if (!tab)
            return (int)n + 1;
        p = tab + 1;
    }
}
