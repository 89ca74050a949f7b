/* AWS SigV4 for RDS IAM authentication: canonical request, string to sign,
 * the HMAC-SHA256 key chain (OpenSSL), and the presigned `connect` URL that
 * RDS takes as a password. Checked against AWS's published vectors
 * (tests/db/test_sigv4.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "sources/aws_creds.h"
#include "sources/sigv4.h"
#include "util/util.h"

/* The SHA-256 of an empty body: RDS tokens sign no payload. */
#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static void hex(char *out, const unsigned char *d, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[2 * n] = '\0';
}

static int hmac(unsigned char out[32], const void *key, size_t klen, const char *data)
{
    unsigned len = 0;
    return HMAC(EVP_sha256(), key, (int)klen, (const unsigned char *)data, strlen(data), out,
                &len) && len == 32
               ? 0
               : -1;
}

static int valid_date(const char *d)
{
    if (!d || strlen(d) != 16 || d[8] != 'T' || d[15] != 'Z')
        return 0;
    for (int i = 0; i < 15; i++)
        if (i != 8 && (d[i] < '0' || d[i] > '9'))
            return 0;
    return 1;
}

int cls_sigv4_sign(char sig[65], const char *secret, const char *amz_date,
                   const char *region, const char *service, const char *canonical_request)
{
    if (!valid_date(amz_date))
        return -1;
    char date[9], creq_hash[65], *sts = NULL, *k0 = cls_asprintf("AWS4%s", secret);
    unsigned char digest[32], k1[32], k2[32], k3[32], k4[32], s[32];
    memcpy(date, amz_date, 8);
    date[8] = '\0';
    SHA256((const unsigned char *)canonical_request, strlen(canonical_request), digest);
    hex(creq_hash, digest, 32);
    sts = cls_asprintf("AWS4-HMAC-SHA256\n%s\n%s/%s/%s/aws4_request\n%s", amz_date, date,
                       region, service, creq_hash);
    int rc = k0 && sts ? 0 : -1;
    if (rc == 0)
        rc = hmac(k1, k0, strlen(k0), date) | hmac(k2, k1, 32, region) |
             hmac(k3, k2, 32, service) | hmac(k4, k3, 32, "aws4_request") |
             hmac(s, k4, 32, sts);
    if (rc == 0)
        hex(sig, s, 32);
    if (k0)
        OPENSSL_cleanse(k0, strlen(k0));
    OPENSSL_cleanse(k1, sizeof k1);
    OPENSSL_cleanse(k4, sizeof k4);
    free(k0);
    free(sts);
    return rc;
}

/* RFC 3986 percent-encoding of everything but the unreserved characters. */
char *cls_sigv4_uri_encode(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(3 * n + 1), *o = out;
    if (!out)
        return NULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~')
            *o++ = (char)*p;
        else
            o += sprintf(o, "%%%02X", *p);
    }
    *o = '\0';
    return out;
}

/* "key=value", both encoded. */
static char *pair(const char *k, const char *v)
{
    char *ek = cls_sigv4_uri_encode(k), *ev = cls_sigv4_uri_encode(v);
    char *p = ek && ev ? cls_asprintf("%s=%s", ek, ev) : NULL;
    free(ek);
    free(ev);
    return p;
}

/* Orders "k=v" strings by key alone: '=' must not take part, as it sorts
 * below '_' and letters. */
static int key_order(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    size_t nx = strcspn(x, "="), ny = strcspn(y, "=");
    int c = strncmp(x, y, nx < ny ? nx : ny);
    return c ? c : (nx > ny) - (nx < ny);
}

/* The canonical query: the request's params plus the X-Amz-* ones, encoded
 * and sorted by key, joined with '&'. */
static char *canonical_query(const struct cls_sigv4_presign *r)
{
    char date[9], expires[16];
    memcpy(date, r->amz_date, 8);
    date[8] = '\0';
    snprintf(expires, sizeof expires, "%u", r->expires);
    char *cred = cls_asprintf("%s/%s/%s/%s/aws4_request", r->creds->access_key, date,
                              r->region, r->service);
    size_t n = 0, cap = r->param_count + 6;
    char **pairs = calloc(cap, sizeof *pairs);
    int ok = cred && pairs;
    for (size_t i = 0; ok && i < r->param_count; i++)
        ok = (pairs[n++] = pair(r->params[i].key, r->params[i].value)) != NULL;
    const char *const amz[][2] = {
        {"X-Amz-Algorithm", "AWS4-HMAC-SHA256"}, {"X-Amz-Credential", cred ? cred : ""},
        {"X-Amz-Date", r->amz_date}, {"X-Amz-Expires", expires},
        {"X-Amz-SignedHeaders", "host"},
    };
    for (size_t i = 0; ok && i < 5; i++)
        ok = (pairs[n++] = pair(amz[i][0], amz[i][1])) != NULL;
    const char *tok = r->creds->session_token;
    if (ok && tok && *tok)
        ok = (pairs[n++] = pair("X-Amz-Security-Token", tok)) != NULL;
    char *q = NULL;
    if (ok) {
        qsort(pairs, n, sizeof *pairs, key_order);
        size_t len = 1;
        for (size_t i = 0; i < n; i++)
            len += strlen(pairs[i]) + 1;
        q = calloc(1, len);
        for (size_t i = 0; q && i < n; i++) {
            if (i)
                strcat(q, "&");
            strcat(q, pairs[i]);
        }
    }
    for (size_t i = 0; pairs && i < n; i++)
        free(pairs[i]);
    free(pairs);
    free(cred);
    return q;
}

char *cls_sigv4_presign_query(const struct cls_sigv4_presign *r)
{
    if (!valid_date(r->amz_date))
        return NULL;
    char sig[65], *out = NULL;
    char *q = canonical_query(r);
    char *creq = q ? cls_asprintf("GET\n%s\n%s\nhost:%s\n\nhost\n%s", r->path, q, r->host,
                                  r->payload_hash)
                   : NULL;
    if (creq && cls_sigv4_sign(sig, r->creds->secret_key, r->amz_date, r->region, r->service,
                               creq) == 0)
        out = cls_asprintf("%s&X-Amz-Signature=%s", q, sig);
    free(q);
    free(creq);
    return out;
}

char *cls_rds_auth_token(const char *host, unsigned port, const char *user,
                         const char *region, const struct cls_aws_creds *creds, time_t now)
{
    char amz_date[32];
    struct tm tm;
    if (!gmtime_r(&now, &tm) || !strftime(amz_date, sizeof amz_date, "%Y%m%dT%H%M%SZ", &tm))
        return NULL;
    char *hostport = cls_asprintf("%s:%u", host, port);
    const struct cls_sigv4_param params[] = {{"Action", "connect"}, {"DBUser", user}};
    struct cls_sigv4_presign req = {
        .host = hostport, .path = "/", .params = params, .param_count = 2,
        .region = region, .service = "rds-db", .amz_date = amz_date,
        .expires = 900,   /* RDS accepts a token for 15 minutes */
        .payload_hash = EMPTY_SHA256, .creds = creds,
    };
    char *q = hostport ? cls_sigv4_presign_query(&req) : NULL;
    char *token = q ? cls_asprintf("%s/?%s", hostport, q) : NULL;
    free(hostport);
    free(q);
    return token;
}

/* "k=v&k=v" of the params, encoded and sorted by key; "" for none. */
static char *sorted_query(const struct cls_sigv4_param *params, size_t n)
{
    char **pairs = calloc(n + 1, sizeof *pairs), *q = NULL;
    size_t made = 0, len = 1;
    for (; pairs && made < n; made++)
        if (!(pairs[made] = pair(params[made].key, params[made].value)))
            break;
    if (pairs && made == n) {
        qsort(pairs, n, sizeof *pairs, key_order);
        for (size_t i = 0; i < n; i++)
            len += strlen(pairs[i]) + 1;
        q = calloc(1, len);
        for (size_t i = 0; q && i < n; i++) {
            if (i)
                strcat(q, "&");
            strcat(q, pairs[i]);
        }
    }
    for (size_t i = 0; pairs && i < made; i++)
        free(pairs[i]);
    free(pairs);
    return q;
}

/* Appends "name:value\n" to the canonical headers and "name;" to the
 * signed list. */
static int add_header(char **canon, char **names, const char *name, const char *value)
{
    char *c = cls_asprintf("%s%s:%s\n", *canon, name, value);
    char *n = cls_asprintf("%s%s%s", *names, **names ? ";" : "", name);
    free(*canon);
    free(*names);
    *canon = c;
    *names = n;
    return c && n ? 0 : -1;
}

/* The canonical headers and the signed-header list: the caller's headers
 * merged in order with host, x-amz-date and x-amz-security-token. */
static int canonical_headers(const struct cls_sigv4_request *r, char **canon, char **names)
{
    const char *tok = r->creds->session_token;
    struct cls_sigv4_param fixed[3] = {{"host", r->host}, {"x-amz-date", r->amz_date},
                                       {"x-amz-security-token", tok}};
    size_t nfixed = tok && *tok ? 3 : 2, i = 0, j = 0;
    *canon = cls_strdup("");
    *names = cls_strdup("");
    int rc = *canon && *names ? 0 : -1;
    for (size_t k = 1; rc == 0 && k < r->header_count; k++)
        if (strcmp(r->headers[k - 1].key, r->headers[k].key) >= 0)
            rc = -1;
    while (rc == 0 && (i < r->header_count || j < nfixed)) {
        int take_own = j == nfixed ||
                       (i < r->header_count && strcmp(r->headers[i].key, fixed[j].key) < 0);
        const struct cls_sigv4_param *h = take_own ? &r->headers[i++] : &fixed[j++];
        if (!take_own && i < r->header_count && strcmp(r->headers[i].key, h->key) == 0)
            rc = -1;
        else
            rc = add_header(canon, names, h->key, h->value);
    }
    return rc;
}

char *cls_sigv4_authorization(const struct cls_sigv4_request *r)
{
    if (!valid_date(r->amz_date))
        return NULL;
    char sig[65], payload_hash[65], date[9], *canon = NULL, *names = NULL, *creq = NULL;
    char *out = NULL, *q = sorted_query(r->query, r->query_count);
    unsigned char digest[32];
    SHA256((const unsigned char *)(r->payload ? r->payload : ""), r->payload ? r->payload_len : 0,
           digest);
    hex(payload_hash, digest, 32);
    memcpy(date, r->amz_date, 8);
    date[8] = '\0';
    if (q && canonical_headers(r, &canon, &names) == 0)
        creq = cls_asprintf("%s\n%s\n%s\n%s\n%s\n%s", r->method, r->path, q, canon, names,
                            payload_hash);
    if (creq && cls_sigv4_sign(sig, r->creds->secret_key, r->amz_date, r->region, r->service,
                               creq) == 0)
        out = cls_asprintf("AWS4-HMAC-SHA256 Credential=%s/%s/%s/%s/aws4_request, "
                           "SignedHeaders=%s, Signature=%s",
                           r->creds->access_key, date, r->region, r->service, names, sig);
    free(q);
    free(canon);
    free(names);
    free(creq);
    return out;
}

int cls_rds_token_from_env(char **out, const char *host, unsigned port, const char *user,
                           const char *region, struct cls_error *err)
{
    struct cls_aws_credentials c = {0};
    if (!region || !*region)
        region = getenv("AWS_REGION");
    if (!region || !*region)
        region = getenv("AWS_DEFAULT_REGION");
    if (!region || !*region)
        return cls_error_set(err, CLS_EUSAGE, "--iam-auth: no region (--region or AWS_REGION)");
    if (!host || !*host || !user || !*user)
        return cls_error_set(err, CLS_EUSAGE, "--iam-auth: the target must name a host and a user");
    int rc = cls_aws_creds_resolve(&c, region, err);
    if (rc < 0)
        return rc;
    struct cls_aws_creds view = cls_aws_creds_view(&c);
    *out = cls_rds_auth_token(host, port, user, region, &view, time(NULL));
    cls_aws_creds_clear(&c);
    return *out ? 0 : cls_error_set(err, CLS_ENOMEM, "out of memory");
}
