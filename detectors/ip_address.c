/* ip_address: an IPv4 address in dotted-decimal with every octet 0-255 and
 * no leading zeros (first octet not 0), or an IPv6 address in any RFC 4291
 * text form, compressed "::" and embedded IPv4 included (checked by
 * inet_pton). Version strings look the same: a column named `version`,
 * `firmware` or `release` counts against (name_veto). */
#include <arpa/inet.h>
#include <string.h>

#include "common.h"

static bool is_hex(char c)
{
    return cls_is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_word(char c)
{
    return cls_is_alnum(c) || c == '_';
}

/* Length of a dotted run "d.d.d.d" of 1-3 digit groups at v[i], or 0. */
static size_t v4_shape(const char *v, size_t len, size_t i)
{
    size_t p = i;
    for (int oct = 0; oct < 4; oct++) {
        size_t d = 0;
        while (p < len && cls_is_digit(v[p]) && d < 4)
            p++, d++;
        if (d == 0 || d > 3)
            return 0;
        if (oct < 3) {
            if (p >= len || v[p] != '.')
                return 0;
            p++;
        }
    }
    /* "1.2.3.4.5" and "1.2.3.4a" are something else. */
    if (p < len && (is_word(v[p]) || (v[p] == '.' && p + 1 < len && cls_is_digit(v[p + 1]))))
        return 0;
    return p - i;
}

/* Length of a run of hex digits, ':' and '.' holding at least two ':', or 0. */
static size_t v6_shape(const char *v, size_t len, size_t i)
{
    size_t p = i, colons = 0;
    while (p < len && (is_hex(v[p]) || v[p] == ':' || v[p] == '.') && p - i < 46)
        colons += v[p++] == ':';
    while (p > i && v[p - 1] == '.')
        p--;                           /* sentence full stop */
    if (colons < 2 || (p < len && (is_word(v[p]) || v[p] == ':')))
        return 0;
    return p - i;
}

static bool ip_find(const char *v, size_t len, size_t from, struct cls_span *span)
{
    for (size_t i = from; i < len; i++) {
        char c = v[i];
        if (!is_hex(c) && c != ':')
            continue;
        if (i > 0 && (is_word(v[i - 1]) || v[i - 1] == '.' || v[i - 1] == ':'))
            continue;
        /* "Chrome/131.0.0.0": a product version in a user agent. */
        if (i > 1 && v[i - 1] == '/' && is_word(v[i - 2]))
            continue;
        size_t n = cls_is_digit(c) ? v4_shape(v, len, i) : 0;
        if (!n)
            n = v6_shape(v, len, i);
        if (n) {
            span->start = i;
            span->len = n;
            return true;
        }
        while (i + 1 < len && (is_hex(v[i + 1]) || v[i + 1] == ':' || v[i + 1] == '.'))
            i++;
    }
    return false;
}

static bool v4_valid(const char *s, size_t len)
{
    unsigned oct = 0, digits = 0, n = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '.') {
            if (digits == 0 || oct > 255 || (n == 0 && oct == 0))
                return false;
            n++;
            oct = digits = 0;
            continue;
        }
        if (!cls_is_digit(s[i]) || (digits == 1 && oct == 0))
            return false;              /* a leading zero: "010" */
        oct = oct * 10 + (unsigned)(s[i] - '0');
        digits++;
    }
    return n == 4;
}

static bool ip_validate(const char *s, size_t len)
{
    char buf[64];
    unsigned char addr[16];
    if (memchr(s, ':', len) == NULL)
        return v4_valid(s, len);
    if (len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return inet_pton(AF_INET6, buf, addr) == 1 && len > 2;
}

static bool ip_could_match(const struct cls_shape *sh)
{
    /* An ISO timestamp has two colons and two dashes; IPv6 has no dash. */
    bool v6 = sh->colon >= 2 && !(sh->dash >= 2 && sh->len <= 40);
    return (sh->dot >= 3 && sh->digits >= 4) || v6;
}

/* "192.0.2.10" -> "192.*.*.*", "2001:db8::1" -> "2001:****": the network
 * part an ISP shares with many users, no more. */
static void ip_mask(const char *s, size_t len, char *out, size_t outsz)
{
    size_t o = 0, i = 0;
    char sep = memchr(s, ':', len) ? ':' : '.';
    while (i < len && s[i] != sep && o + 1 < outsz)
        out[o++] = s[i++];
    const char *tail = sep == '.' ? ".*.*.*" : ":****";
    for (size_t k = 0; tail[k] && o + 1 < outsz; k++)
        out[o++] = tail[k];
    out[o] = '\0';
}

static const char *const positives[] = {
    "192.0.2.44",               /* RFC 5737 documentation range */
    "198.51.100.7:8080",
    "2001:db8::1",              /* RFC 3849 documentation prefix */
    "::ffff:192.0.2.128",
    NULL,
};

static const char *const negatives[] = {
    "256.1.2.3",                /* octet out of range */
    "192.168.001.002",          /* leading zeros */
    "1.2.3.4.5",                /* five parts: a version or an OID */
    "2001:db8:::1",             /* malformed compression */
    "00:1a:2b:3c:4d:5e",        /* a MAC address */
    NULL,
};

const struct cls_detector cls_detector_ip_address = {
    .id = "ip_address",
    .category = "contact",
    .label = CLS_CONFIDENTIAL,
    .rule = "IPv4 dotted quad, octets 0-255 without leading zeros; IPv6 in any RFC 4291 "
            "form incl. \"::\" compression (inet_pton); not in a column named for versions",
    .example = "192.0.2.44",
    .could_match = ip_could_match,
    .needs_any = CLS_NEED_DOT | CLS_NEED_COLON,
    .find = ip_find,
    .validate = ip_validate,
    .mask = ip_mask,
    .positives = positives,
    .negatives = negatives,
    .min_count = 2,
    .name_hint = "ip_?addr|(^|_)ip(v[46])?($|_)|(?-i:[a-z]Ip(?:[A-Z]|$))|remote_?addr|"
                 "client_?addr|peer_?addr|(^|_)(src|dst|source|dest)_?ip",
    .name_alone = true,
    .name_veto = "version|(^|_)ver($|_)|release|firmware|(^|_)build|(^|_)oid($|_)|semver",
};
