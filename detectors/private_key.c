/* private_key: a PEM-armoured private key (RFC 7468 and its ancestors):
 * "-----BEGIN <type>-----", base64 of the key, "-----END <type>-----",
 * for PKCS#8 (PRIVATE KEY, ENCRYPTED PRIVATE KEY), PKCS#1 RSA, SEC 1 EC,
 * DSA, OpenSSH and OpenPGP (PGP PRIVATE KEY BLOCK). The body must look
 * like the format it claims (a DER SEQUENCE, the "openssh-key-v1" magic,
 * an OpenPGP packet), so a placeholder "-----BEGIN RSA PRIVATE KEY-----
 * ... -----END RSA PRIVATE KEY-----" in documentation does not count.
 * Line breaks may be real, spaces, or the two characters "\n" of an
 * escaped JSON string; a key cut at the 4 KiB value limit still counts. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common.h"

enum body_rule { BODY_DER, BODY_OPENSSH, BODY_PGP };

static const struct {
    const char *type;
    enum body_rule body;
} key_types[] = {
    {"PRIVATE KEY", BODY_DER},           {"ENCRYPTED PRIVATE KEY", BODY_DER},
    {"RSA PRIVATE KEY", BODY_DER},       {"EC PRIVATE KEY", BODY_DER},
    {"DSA PRIVATE KEY", BODY_DER},       {"OPENSSH PRIVATE KEY", BODY_OPENSSH},
    {"PGP PRIVATE KEY BLOCK", BODY_PGP},
};

static const char begin[] = "-----BEGIN ";
static const char end_mark[] = "-----END ";
static const char dashes[] = "-----";
#define LIT(s) (s), (sizeof(s) - 1)
/* A body line of base64 is 64 characters (70 for OpenSSH); a run this
 * long is no RFC 1421 header such as the DEK-Info IV. */
#define MIN_BODY_RUN 40
#define MAX_TYPE_LEN 40

static bool pem_could_match(const struct cls_shape *sh)
{
    return sh->dash >= 10 && sh->len >= 90;
}

static const char *find_lit(const char *s, size_t len, const char *lit, size_t n)
{
    return memmem(s, len, lit, n);
}

/* The type between "-----BEGIN " at s and the next "-----": sets *tlen
 * and returns it, or NULL. */
static const char *header_type(const char *s, size_t len, size_t *tlen)
{
    if (len < sizeof begin - 1 || memcmp(s, LIT(begin)) != 0)
        return NULL;
    const char *t = s + sizeof begin - 1;
    size_t room = len - (sizeof begin - 1);
    const char *d = find_lit(t, room < MAX_TYPE_LEN + 5 ? room : MAX_TYPE_LEN + 5, LIT(dashes));
    if (!d)
        return NULL;
    *tlen = (size_t)(d - t);
    return t;
}

static bool pem_find(const char *v, size_t len, size_t from, struct cls_span *span)
{
    while (from < len) {
        const char *b = find_lit(v + from, len - from, LIT(begin));
        if (!b)
            return false;
        size_t at = (size_t)(b - v), tlen;
        const char *t = header_type(b, len - at, &tlen);
        if (t && find_lit(t, tlen, LIT("PRIVATE KEY"))) {
            const char *body = t + tlen + 5;
            const char *e = find_lit(body, (size_t)(v + len - body), LIT(end_mark));
            const char *close = e ? find_lit(e + 9, (size_t)(v + len - e - 9), LIT(dashes)) : NULL;
            size_t stop = close ? (size_t)(close + 5 - v) : len;
            *span = (struct cls_span){.start = at, .len = stop - at};
            return true;
        }
        from = at + sizeof begin - 1;
    }
    return false;
}

static bool b64_char(char c)
{
    return cls_is_alnum(c) || c == '+' || c == '/';
}

/* The first run of at least MIN_BODY_RUN base64 characters in [s, s+n);
 * an escaped line break "\n" (backslash, n) ends a run like a real one. */
static const char *body_start(const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && s[i + 1] && strchr("nrt", s[i + 1])) {
            i++;
            run = 0;
            continue;
        }
        run = b64_char(s[i]) ? run + 1 : 0;
        if (run == MIN_BODY_RUN)
            return s + i + 1 - MIN_BODY_RUN;
    }
    return NULL;
}

/* Checks the first bytes of the body against the format's magic. */
static bool body_looks_right(const char *b, enum body_rule rule)
{
    if (rule == BODY_OPENSSH)
        return memcmp(b, LIT("b3BlbnNzaC1rZXktdjE")) == 0;   /* "openssh-key-v1" */
    char quad[4];
    unsigned char first[3];
    for (int i = 0; i < 4; i++)
        quad[i] = b[i] == '+' ? '-' : b[i] == '/' ? '_' : b[i];
    if (cls_base64url_decode(quad, 4, first, sizeof first) != 3)
        return false;
    /* DER: a SEQUENCE; OpenPGP: a packet header has its top bit set. */
    return rule == BODY_DER ? first[0] == 0x30 : (first[0] & 0x80) != 0;
}

static bool pem_validate(const char *s, size_t len)
{
    size_t tlen;
    const char *t = header_type(s, len, &tlen);
    if (!t)
        return false;
    size_t k = 0, nk = sizeof key_types / sizeof key_types[0];
    while (k < nk && !(strlen(key_types[k].type) == tlen && memcmp(key_types[k].type, t, tlen) == 0))
        k++;
    if (k == nk)
        return false;
    const char *body = t + tlen + 5, *stop = s + len;
    const char *e = find_lit(body, (size_t)(stop - body), LIT(end_mark));
    const char *b = body_start(body, (size_t)((e ? e : stop) - body));
    if (!b || !body_looks_right(b, key_types[k].body))
        return false;
    /* An END line, when the value has one, names the same type. */
    if (e && ((size_t)(stop - e) < 9 + tlen + 5 || memcmp(e + 9, t, tlen) != 0 ||
              memcmp(e + 9 + tlen, LIT(dashes)) != 0))
        return false;
    return true;
}

/* Only the armour line: nothing of the key itself. */
static void pem_mask(const char *s, size_t len, char *out, size_t outsz)
{
    size_t tlen;
    const char *t = header_type(s, len, &tlen);
    if (t && tlen <= MAX_TYPE_LEN)
        snprintf(out, outsz, "-----BEGIN %.*s----- [%zu characters]", (int)tlen, t, len);
    else
        snprintf(out, outsz, "[private key, %zu characters]", len);
}

static const char *const positives[] = {
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEowIBAAKCAQEACZdC0U2K1iUqSGQ88/FE7BbLKXYI9OopvjQKlf69pn0mt7bM\n"
    "2QcNct3vhOGTvKX5rYu/RnmyCIYIeck9yYIrYvBA0+knRrdogiN1oOQ8SMX8goYb\n"
    "qrTirEQY3CNQrRR8\n"
    "-----END RSA PRIVATE KEY-----\n",
    "-----BEGIN EC PRIVATE KEY----- MHcCAQEEICuTFRIG3avWmbMK0ks4R1Rxn0A+AxebUBzExnz3wceIg3jL"
    "skssbTrg3UEZGVMK6LG2nEkKlxMuqA68jvg4khNEZkv+Df95DkaxzvZE3pcl -----END EC PRIVATE KEY-----",
    "{\"key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgljZEwQie9Md5KlCGoZKlAq8ue7ksivXSbBd3B7"
    "cozB+ojFrnBOtGAiB8J+4/kvheXOSdE/3zr4gnYXFibShRF4ziSVtN7g+LVFy0cb1PfROuSUxJW6XHP9io5Po1KPhMI="
    "\\n-----END PRIVATE KEY-----\\n\"}",
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmVuBS/RwYCGGTajkpk6IgsmISUUjMsRdfd20L+/KutUqu1ItlqyKc/m7fkBtf"
    "YkDglw+wVsR21uess5+4nD2EYQxqJnegp34KsAqjQ92vnoZw==\n"
    "-----END OPENSSH PRIVATE KEY-----",
    "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
    "MIIFHDBOBgncqV7xtdiKT/DfBICU8h8OFsl60HJhjTOU7iQVHRz5rOADGilj9okPl39snHkgtjlnQfJ+/gMXMjyNQ50T"
    "nS63zzMK+Z4updBEPWGhmoEwsngbmT1mMr5m+pmjZCVZm0c=\n"
    "-----END ENCRYPTED PRIVATE KEY-----",
    "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n"
    "lQPGBB0TeI/VPJ5td354prG4LJ8GQRjwmOOQZc+ToAa8EJY9Yv/iu4QWzammFHH/CGwMSpMxVgkbReBz6eT1aT4g+Gw"
    "rxR6n81KojzhVSymzL8MI\n=ab12\n-----END PGP PRIVATE KEY BLOCK-----",
    NULL,
};

static const char *const negatives[] = {
    "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",  /* placeholder */
    "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo"
    "4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u\n-----END PUBLIC KEY-----",
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "2QcNct3vhOGTvKX5rYu/RnmyCIYIeck9yYIrYvBA0+knRrdogiN1oOQ8SMX8goYb\n"
    "-----END RSA PRIVATE KEY-----",   /* body is no DER SEQUENCE */
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEowIBAAKCAQEACZdC0U2K1iUqSGQ88/FE7BbLKXYI9OopvjQKlf69pn0mt7bM\n"
    "-----END EC PRIVATE KEY-----",    /* END names another type */
    "-----BEGIN FOO PRIVATE KEY-----\n"
    "MIIEowIBAAKCAQEACZdC0U2K1iUqSGQ88/FE7BbLKXYI9OopvjQKlf69pn0mt7bM\n"
    "-----END FOO PRIVATE KEY-----",   /* no such key type */
    NULL,
};

const struct cls_detector cls_detector_private_key = {
    .id = "private_key",
    .category = "credential",
    .label = CLS_SECRET,
    .rule = "PEM block -----BEGIN (RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) PRIVATE KEY----- whose "
            "base64 body starts like the format (DER SEQUENCE, openssh-key-v1, OpenPGP packet)",
    .example = "-----BEGIN EC PRIVATE KEY----- MHcCAQEEICuTFRIG3avWmbMK0ks4R1Rxn0A+AxebUBzE "
               "-----END EC PRIVATE KEY-----",
    .could_match = pem_could_match,
    .needs = CLS_NEED_DASH,
    .find = pem_find,
    .validate = pem_validate,
    .mask = pem_mask,
    /* One leaked key is a leak; random data never forms one. */
    .min_count = 1,
    .name_hint = "private_?key|priv_?key|ssh_?key|pem",
    .positives = positives,
    .negatives = negatives,
};
