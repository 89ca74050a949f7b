/* Where a database connection really goes, decided before anything is
 * sent: host names resolved to the numeric addresses that will be
 * dialled, loopback told apart on those addresses (never on the spelling
 * of a name), and the TLS a connection needs before a credential may
 * leave the machine. Shared by pg_conn.c and mysql.c. */
#ifndef CLASSIFY_NETCHECK_H
#define CLASSIFY_NETCHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "classify/error.h"
#include "classify/source.h"

/* The numeric addresses a host name resolves to, in resolver order. */
struct cls_net_addrs {
    char **items;            /* "203.0.113.10", "::1" */
    size_t count;
    bool loopback;           /* every address is in 127.0.0.0/8 or ::1 */
};

/* True when the numeric address text is in 127.0.0.0/8, is ::1 or is
 * ::ffff:127.x.y.z; false for a name or anything else. */
bool cls_net_addr_is_loopback(const char *numeric);

/* True when text is a numeric IPv4 or IPv6 address. */
bool cls_net_is_numeric(const char *text);

/* Resolves host (a name or a numeric address) into out (cleared with
 * cls_net_addrs_clear). A numeric host is not looked up. Returns 0, or
 * CLS_ESOURCE naming the host when it does not resolve. */
int cls_net_resolve(const char *host, struct cls_net_addrs *out, struct cls_error *err);
void cls_net_addrs_clear(struct cls_net_addrs *a);

/* What a connection must have before a credential is sent. */
enum cls_tls_need {
    CLS_TLS_AS_ASKED,        /* loopback: the target's own TLS settings */
    CLS_TLS_PLAINTEXT_OK,    /* remote with --allow-plaintext */
    CLS_TLS_ENCRYPT,         /* remote with --tls-no-verify: TLS, unverified */
    CLS_TLS_VERIFY,          /* remote (default), IAM: TLS with a verified certificate */
};

/* The rule: a loopback destination keeps what the target asked for (an
 * IAM token still needs verified TLS); a remote one needs verified TLS,
 * unless --tls-no-verify (TLS only) or --allow-plaintext. Returns the need,
 * or CLS_EUSAGE when --iam-auth comes with --tls-no-verify. */
int cls_net_tls_need(bool loopback, const struct cls_source_options *o,
                     struct cls_error *err);

/* The system CA bundle verify-full uses when no --ssl-ca is given:
 * SSL_CERT_FILE, else OpenSSL's default file. Never NULL. */
const char *cls_net_system_ca(void);

/* The one-line refusals, shown as "<display>: <text>". */
#define CLS_NET_NO_TLS_HINT                                                        \
    "the server does not offer TLS; no credential was sent (a plaintext login "   \
    "needs --allow-plaintext)"
#define CLS_NET_UNVERIFIED_HINT                                                    \
    "the server's certificate could not be verified; no credential was sent "     \
    "(pass its CA with --ssl-ca, e.g. the RDS bundle, or accept an unverified "   \
    "server with --tls-no-verify)"
#endif
