/* Helpers shared by pg.c and mysql.c: one-line, password-free
 * error messages from client libraries, percent-decoding of URI parts,
 * display forms of targets, and a string list. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "sources/db_util.h"
#include "sources/pg_conn.h"
#include "util/util.h"

int cls_strlist_add(struct cls_strlist *l, const char *fmt, ...)
{
    char *text = NULL;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (n < 0)
        return CLS_ENOMEM;
    char **p = realloc(l->items, (l->count + 1) * sizeof *p);
    if (!p) {
        free(text);
        return CLS_ENOMEM;
    }
    l->items = p;
    l->items[l->count++] = text;
    return 0;
}

void cls_strlist_clear(struct cls_strlist *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->count = 0;
}

/* Appends src[0..n) to dst (capacity cap, length *len), truncating. */
static void put(char *dst, size_t cap, size_t *len, const char *src, size_t n)
{
    if (*len + n >= cap)
        n = cap - 1 - *len;
    memcpy(dst + *len, src, n);
    *len += n;
    dst[*len] = '\0';
}

int cls_db_error(struct cls_error *err, int code, const char *secret, const char *prefix,
                 const char *msg)
{
    char out[sizeof err->message];
    size_t len = 0, slen = secret ? strlen(secret) : 0;
    out[0] = '\0';
    if (prefix && *prefix) {
        put(out, sizeof out, &len, prefix, strlen(prefix));
        put(out, sizeof out, &len, ": ", 2);
    }
    msg = msg ? msg : "unknown error";
    for (const char *p = msg; *p;) {
        if (slen && strncmp(p, secret, slen) == 0) {
            put(out, sizeof out, &len, "********", 8);
            p += slen;
        } else if (*p == '\n' || *p == '\r') {
            while (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
                p++;
            if (*p)
                put(out, sizeof out, &len, "; ", 2);
        } else {
            put(out, sizeof out, &len, p++, 1);
        }
    }
    return cls_error_set(err, code, "%s", out);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *cls_db_percent_decode(const char *s, size_t len)
{
    char *out = malloc(len + 1);
    size_t o = 0;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '%') {
            out[o++] = s[i];
            continue;
        }
        /* Both hex digits must be inside the component; %00 is refused. */
        int hi = i + 2 < len ? hexval(s[i + 1]) : -1;
        int lo = hi >= 0 ? hexval(s[i + 2]) : -1;
        if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
            free(out);
            return NULL;
        }
        out[o++] = (char)(hi * 16 + lo);
        i += 2;
    }
    out[o] = '\0';
    return out;
}

static const char *pg_opt(const PQconninfoOption *o, const char *key)
{
    for (; o && o->keyword; o++)
        if (strcmp(o->keyword, key) == 0)
            return o->val;
    return NULL;
}

/* What pg_conn.c finds the target dials (target, service file, PG*
 * environment), without looking names up: host, port and dbname only. */
static char *redact_pg(const char *target)
{
    struct cls_pg_plan plan;
    if (cls_pg_plan_build(&plan, target, false, NULL) < 0)
        return cls_strdup("postgresql://(unparsable target)");
    char *out = cls_strdup(plan.display);
    cls_pg_plan_clear(&plan);
    return out;
}

int cls_db_uri_userinfo(const char *auth, const char **at)
{
    size_t std = strcspn(auth, "/?#");
    const char *last = strrchr(auth, '@'), *std_at = NULL;
    for (const char *p = auth; p < auth + std; p++)
        if (*p == '@')
            std_at = p;
    *at = std_at;
    if (!last || last < auth + std)
        return 0;
    /* The last '@' comes after a '/', '?' or '#': either the password holds
     * such a character unencoded, or that '@' belongs to the path or the
     * query. The user name (up to the first ':') never holds one of them
     * or an '@' unencoded, so when it does, the '@' is not the userinfo's. */
    const char *colon = memchr(auth, ':', (size_t)(last - auth));
    const char *uend = colon ? colon : last;
    /* The user name ends before a '/', '?' or '#': with an '@' before
     * them, that '@' ends the userinfo and the later one is in the path or
     * query. With none but a ':' before the later '@' ("r/ot:pw@h"), what
     * precedes that '@' may be a password that would be shown and sent as
     * a database name: refused rather than guessed (an '@' in a path or
     * query must then be written %40). Without a ':' no password is there. */
    if (auth + strcspn(auth, "/?#@") < uend)
        return std_at || !colon ? 0 : -1;
    if (std_at)
        return -1;                     /* both readings are possible */
    *at = last;
    return 0;
}

/* The scheme of target and the text "(unparsable target)". */
static char *unparsable(const char *target, const char *sep)
{
    return cls_asprintf("%.*s://(unparsable target)", (int)(sep - target), target);
}

/* scheme://[userinfo@]authority[/path][?query]: userinfo and query go. */
static char *redact_uri(const char *target, const char *sep)
{
    const char *auth = sep + 3, *at;
    if (cls_db_uri_userinfo(auth, &at) < 0)
        return unparsable(target, sep);
    const char *host = at ? at + 1 : auth;
    size_t hlen = strcspn(host, "/?#");
    size_t plen = host[hlen] == '/' ? strcspn(host + hlen, "?#") : 0;
    /* An '@' left in the path means another reading put a password there
     * (fuzz_target): refused rather than shown. */
    if (memchr(host + hlen, '@', plen))
        return unparsable(target, sep);
    return cls_asprintf("%.*s://%.*s%.*s", (int)(sep - target), target, (int)hlen, host,
                        (int)plen, host + hlen);
}

/* A URI's scheme is letters, digits, '+', '-' and '.' from the first byte
 * up to "://" (RFC 3986); anything else holding "://" is not a URI. */
static const char *uri_sep(const char *t)
{
    const char *sep = strstr(t, "://");
    if (!sep || sep == t)
        return NULL;
    for (const char *p = t; p < sep; p++)
        if (!isalnum((unsigned char)*p) && *p != '+' && *p != '-' && *p != '.')
            return NULL;
    return sep;
}

static bool is_pg_target(const char *t)
{
    return strncmp(t, "postgresql://", 13) == 0 || strncmp(t, "postgres://", 11) == 0 ||
           (strchr(t, '=') && !uri_sep(t));
}

char *cls_db_redact_target(const char *target)
{
    if (is_pg_target(target))
        return redact_pg(target);
    const char *sep = uri_sep(target);
    if (sep)
        return redact_uri(target, sep);
    return cls_abs_path(target);   /* a CSV file, named as its source names it */
}

bool cls_db_target_has_password(const char *target)
{
    if (is_pg_target(target)) {
        PQconninfoOption *o = PQconninfoParse(target, NULL);
        const char *pw = pg_opt(o, "password");
        bool has = pw && *pw;
        PQconninfoFree(o);
        return has;
    }
    const char *sep = uri_sep(target);
    if (!sep)
        return false;
    const char *auth = sep + 3, *at;
    if (cls_db_uri_userinfo(auth, &at) < 0)
        return true;                   /* cannot tell: warn rather than not */
    return at && memchr(auth, ':', (size_t)(at - auth)) != NULL;
}

bool cls_db_type_length_fits(const char *type, const char *const *prefixes, size_t count,
                             long max)
{
    for (size_t i = 0; i < count; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(type, prefixes[i], n) != 0)
            continue;
        if (type[n] < '0' || type[n] > '9')
            return false;
        char *end = NULL;
        long len = strtol(type + n, &end, 10);
        return strcmp(end, ")") == 0 && len > 0 && len <= max;
    }
    return false;
}
