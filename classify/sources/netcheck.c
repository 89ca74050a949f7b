/* Destination checks for database connections: resolve once, decide on
 * numeric addresses, and pick the TLS a credential needs (netcheck.h).
 * A name like "127.db.example.com" is loopback only if it resolves there. */
#include "config.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <openssl/x509.h>

#include "sources/netcheck.h"
#include "util/util.h"

bool cls_net_is_numeric(const char *text)
{
    unsigned char buf[sizeof(struct in6_addr)];
    return text && (inet_pton(AF_INET, text, buf) == 1 || inet_pton(AF_INET6, text, buf) == 1);
}

bool cls_net_addr_is_loopback(const char *numeric)
{
    struct in_addr v4;
    struct in6_addr v6;
    if (!numeric)
        return false;
    if (inet_pton(AF_INET, numeric, &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    if (inet_pton(AF_INET6, numeric, &v6) != 1)
        return false;
    if (IN6_IS_ADDR_LOOPBACK(&v6))
        return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
}

void cls_net_addrs_clear(struct cls_net_addrs *a)
{
    for (size_t i = 0; i < a->count; i++)
        free(a->items[i]);
    free(a->items);
    memset(a, 0, sizeof *a);
}

static int add_addr(struct cls_net_addrs *a, const char *text)
{
    for (size_t i = 0; i < a->count; i++)
        if (strcmp(a->items[i], text) == 0)
            return 0;
    char **p = realloc(a->items, (a->count + 1) * sizeof *p);
    if (!p)
        return CLS_ENOMEM;
    a->items = p;
    if (!(a->items[a->count] = cls_strdup(text)))
        return CLS_ENOMEM;
    a->count++;
    a->loopback = a->loopback && cls_net_addr_is_loopback(text);
    return 0;
}

int cls_net_resolve(const char *host, struct cls_net_addrs *out, struct cls_error *err)
{
    memset(out, 0, sizeof *out);
    out->loopback = true;
    if (cls_net_is_numeric(host))
        return add_addr(out, host) < 0 ? cls_error_set(err, CLS_ENOMEM, "out of memory") : 0;
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_family = AF_UNSPEC}, *res = NULL;
    int gai = getaddrinfo(host, NULL, &hints, &res);
    if (gai != 0 || !res) {
        if (res)
            freeaddrinfo(res);
        return cls_error_set(err, CLS_ESOURCE, "cannot resolve host \"%s\": %s", host,
                             gai_strerror(gai));
    }
    int rc = 0;
    for (struct addrinfo *ai = res; ai && rc == 0; ai = ai->ai_next) {
        char text[INET6_ADDRSTRLEN];
        if (getnameinfo(ai->ai_addr, ai->ai_addrlen, text, sizeof text, NULL, 0,
                        NI_NUMERICHOST) == 0)
            rc = add_addr(out, text);
    }
    freeaddrinfo(res);
    if (rc == 0 && out->count == 0)
        rc = cls_error_set(err, CLS_ESOURCE, "cannot resolve host \"%s\"", host);
    else if (rc < 0 && rc == CLS_ENOMEM)
        cls_error_set(err, CLS_ENOMEM, "out of memory");
    if (rc < 0)
        cls_net_addrs_clear(out);
    return rc;
}

int cls_net_tls_need(bool loopback, const struct cls_source_options *o, struct cls_error *err)
{
    if (o->iam_auth && o->tls_no_verify)
        return cls_error_set(err, CLS_EUSAGE, "--iam-auth sends a token that must only go over "
                                              "verified TLS: drop --tls-no-verify");
    if (o->iam_auth)
        return CLS_TLS_VERIFY;
    if (loopback)
        return CLS_TLS_AS_ASKED;
    if (o->allow_plaintext)
        return CLS_TLS_PLAINTEXT_OK;
    return o->tls_no_verify ? CLS_TLS_ENCRYPT : CLS_TLS_VERIFY;
}

const char *cls_net_system_ca(void)
{
    const char *env = getenv(X509_get_default_cert_file_env());
    return env && *env ? env : X509_get_default_cert_file();
}
