/* jwt: a JSON Web Token in compact serialisation (RFC 7519 / RFC 7515):
 * three base64url parts joined by dots, whose first part decodes to a JSON
 * object (the JOSE header) with an "alg" member. The signature may be
 * empty only for "alg": "none". Found anywhere in a value: bearer headers,
 * cookies, log lines. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "common.h"

/* A JOSE header is small; anything longer is not one worth decoding. */
#define MAX_HEADER_B64 1024
#define MIN_JWT_LEN 30

static bool jwt_could_match(const struct cls_shape *sh)
{
    return sh->dot >= 2 && sh->len >= MIN_JWT_LEN;
}

static bool b64url_char(char c)
{
    return cls_is_alnum(c) || c == '-' || c == '_';
}

static size_t b64url_run(const char *v, size_t len, size_t p)
{
    size_t n = 0;
    while (p + n < len && b64url_char(v[p + n]))
        n++;
    return n;
}

/* Shape at i: "eyJ" (base64 of '{"') starting part one, then
 * part.part.part with parts one and two non-empty, standing alone. */
static size_t jwt_match_at(const char *v, size_t len, size_t i)
{
    if (len - i < MIN_JWT_LEN || memcmp(v + i, "eyJ", 3) != 0)
        return 0;
    if (i > 0 && (b64url_char(v[i - 1]) || v[i - 1] == '.'))
        return 0;
    size_t p = i;
    for (int part = 0; part < 3; part++) {
        size_t n = b64url_run(v, len, p);
        if (n == 0 && part < 2)
            return 0;
        p += n;
        if (part < 2) {
            if (p >= len || v[p] != '.')
                return 0;
            p++;
        }
    }
    /* A fourth part would make it a JWE or something else. */
    if (p < len && v[p] == '.')
        return 0;
    return p - i;
}

static bool jwt_find(const char *v, size_t len, size_t from, struct cls_span *span)
{
    for (size_t i = from; i + 3 <= len; i++) {
        const char *e = memchr(v + i, 'e', len - i);
        if (!e)
            return false;
        i = (size_t)(e - v);
        size_t n = jwt_match_at(v, len, i);
        if (n) {
            *span = (struct cls_span){.start = i, .len = n};
            return true;
        }
    }
    return false;
}

/* True when the base64url header h decodes to a JSON object with a string
 * "alg"; copies it into alg (NUL-terminated, truncated to algsz). */
static bool header_alg(const char *h, size_t n, char *alg, size_t algsz)
{
    unsigned char buf[MAX_HEADER_B64];
    long dn = n <= MAX_HEADER_B64 ? cls_base64url_decode(h, n, buf, sizeof buf) : -1;
    if (dn <= 0)
        return false;
    json_error_t jerr;
    json_t *root = json_loadb((const char *)buf, (size_t)dn, JSON_REJECT_DUPLICATES, &jerr);
    json_t *a = json_is_object(root) ? json_object_get(root, "alg") : NULL;
    bool ok = json_is_string(a);
    if (ok)
        snprintf(alg, algsz, "%s", json_string_value(a));
    json_decref(root);
    return ok;
}

/* Part two must be base64url of some length base64 can have. */
static bool valid_b64url_len(size_t n)
{
    return n % 4 != 1;
}

static bool jwt_validate(const char *s, size_t len)
{
    const char *d1 = memchr(s, '.', len);
    const char *d2 = d1 ? memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - s)) : NULL;
    if (!d2)
        return false;
    char alg[16];
    if (!header_alg(s, (size_t)(d1 - s), alg, sizeof alg))
        return false;
    size_t payload = (size_t)(d2 - d1 - 1), sig = len - (size_t)(d2 + 1 - s);
    if (!valid_b64url_len(payload) || !valid_b64url_len(sig))
        return false;
    return sig > 0 || strcmp(alg, "none") == 0;
}

/* The header says only which algorithm; the claims and signature are
 * the token. */
static void jwt_mask(const char *s, size_t len, char *out, size_t outsz)
{
    snprintf(out, outsz, "eyJ***.***.*** [JWT, %zu characters]", len);
    (void)s;
}

static const char *const positives[] = {
    /* jwt.io's example token (HS256, key "your-256-bit-secret") */
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiw"
    "iaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    "Authorization: Bearer eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJleGFtcGxlLm9yZyIsImV4"
    "cCI6MTkwMDAwMDAwMH0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    /* an unsecured JWT (RFC 7519 section 6): "alg": "none", no signature */
    "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5"
    "MDIyfQ.",
    NULL,
};

static const char *const negatives[] = {
    /* header without "alg" */
    "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MD"
    "IyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    /* HS256 with the signature missing */
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiw"
    "iaWF0IjoxNTE2MjM5MDIyfQ.",
    /* two parts only */
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiw",
    /* header damaged: one character changed, no longer JSON */
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ8.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiw"
    "iaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    "example.com.evil.org.and.more.dots.here",
    "v1.2.3-eyJfoo.bar",
    NULL,
};

const struct cls_detector cls_detector_jwt = {
    .id = "jwt",
    .category = "credential",
    .label = CLS_PROTECTED,
    .rule = "three base64url parts joined by dots; the first decodes to a JSON object with "
            "\"alg\"; empty signature only with alg none",
    .example = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
    .could_match = jwt_could_match,
    .needs = CLS_NEED_DOT,
    .find = jwt_find,
    .validate = jwt_validate,
    .mask = jwt_mask,
    /* One live bearer token is a leak; random data never forms one. */
    .min_count = 1,
    .name_hint = "jwt|token|bearer|authori[sz]ation",
    .positives = positives,
    .negatives = negatives,
};
