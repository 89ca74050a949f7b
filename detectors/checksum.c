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

void cls_mask_keep(const char *s, size_t len, size_t keep_head, size_t keep_tail,
                   char *out, size_t outsz)
{
    size_t total = 0, seen = 0, o = 0;
    if (outsz == 0)
        return;
    for (size_t i = 0; i < len; i++)
        total += cls_is_alnum(s[i]);
    /* Never reveal more than half of a short value. */
    while (keep_head + keep_tail > (total + 1) / 2 && (keep_head || keep_tail)) {
        if (keep_head >= keep_tail && keep_head)
            keep_head--;
        else
            keep_tail--;
    }
    for (size_t i = 0; i < len && o + 1 < outsz; i++) {
        char c = s[i];
        if (cls_is_alnum(c)) {
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

bool cls_nhs_mod11_valid(const char *d, size_t n)
{
    unsigned sum = 0;
    if (n != 10)
        return false;
    for (size_t i = 0; i < 10; i++)
        if (d[i] < '0' || d[i] > '9')
            return false;
    for (size_t i = 0; i < 9; i++)
        sum += (unsigned)(d[i] - '0') * (unsigned)(10 - i);
    unsigned check = 11 - sum % 11;
    if (check == 11)
        check = 0;
    return check != 10 && check == (unsigned)(d[9] - '0');
}

int cls_mod97(int r, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9')
            r = (r * 10 + (c - '0')) % 97;
        else if (c >= 'A' && c <= 'Z')
            r = (r * 100 + (c - 'A' + 10)) % 97;
        else if (c >= 'a' && c <= 'z')
            r = (r * 100 + (c - 'a' + 10)) % 97;
        else
            return -1;
    }
    return r;
}

static int b64url_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

long cls_base64url_decode(const char *s, size_t n, unsigned char *out, size_t outsz)
{
    size_t o = 0;
    unsigned acc = 0, bits = 0;
    if (n % 4 == 1)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int v = b64url_value((unsigned char)s[i]);
        if (v < 0)
            return -1;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o >= outsz)
                return -1;
            out[o++] = (unsigned char)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    return (long)o;
}
