/* Published check-digit algorithms and the masking helper shared by the
 * detectors. Each is a few lines over ASCII digits, with no allocation. */
#include <string.h>

#include "common.h"

size_t cls_digits_only(const char *s, size_t len, char *out, size_t outsz)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            if (n + 1 < outsz)
                out[n] = s[i];
            n++;
        }
    }
    if (outsz)
        out[n < outsz ? n : outsz - 1] = '\0';
    return n;
}

bool cls_luhn_valid(const char *d, size_t n)
{
    unsigned sum = 0;
    int dbl = 0;
    if (n == 0)
        return false;
    for (size_t i = n; i-- > 0;) {
        unsigned v = (unsigned)(d[i] - '0');
        if (v > 9)
            return false;
        if (dbl) {
            v *= 2;
            if (v > 9)
                v -= 9;
        }
        sum += v;
        dbl = !dbl;
    }
    return sum % 10 == 0;
}

static bool is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void cls_mask_keep(const char *s, size_t len, size_t keep_head, size_t keep_tail,
                   char *out, size_t outsz)
{
    size_t total = 0, seen = 0, o = 0;
    if (outsz == 0)
        return;
    for (size_t i = 0; i < len; i++)
        total += is_alnum(s[i]);
    /* Never reveal more than half of a short value. */
    while (keep_head + keep_tail > (total + 1) / 2 && (keep_head || keep_tail)) {
        if (keep_head >= keep_tail && keep_head)
            keep_head--;
        else
            keep_tail--;
    }
    for (size_t i = 0; i < len && o + 1 < outsz; i++) {
        char c = s[i];
        if (is_alnum(c)) {
            bool keep = seen < keep_head || seen >= total - keep_tail;
            out[o++] = keep ? c : '*';
            seen++;
        } else if ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f) {
            out[o++] = c;
        } else {
            out[o++] = '?';
        }
    }
    out[o] = '\0';
}
