/* Connecting to MySQL/MariaDB without handing a credential to a server
 * that has not proved itself (my_conn.c): where the connection goes,
 * decided on numeric addresses, the TLS that destination needs, the
 * authentication plugins allowed, and a connect that stops before the
 * login packet when the server's greeting offers no TLS. */
#ifndef CLASSIFY_MY_CONN_H
#define CLASSIFY_MY_CONN_H

#include <stdbool.h>

#include <mysql.h>

#include "classify/error.h"
#include "classify/source.h"

struct cls_my_dest {
    char *host;          /* what mysql_real_connect is given */
    bool loopback;       /* a socket or loopback addresses only */
    int need;            /* enum cls_tls_need */
    bool verify;         /* certificate and host name verified */
    bool require_tls;    /* TLS before any credential */
    bool ca_given;       /* --ssl-ca or ssl-ca=: not the system bundle */
};

/* Decides where host (from the URI; "" or NULL: the local socket, never
 * a host= from ~/.my.cnf) goes and what it needs; ca is the CA file asked
 * for (--ssl-ca or ssl-ca=), want_tls/want_plain what the URI's ssl/ssl-mode
 * asked. Sets the TLS and authentication options on m. Returns 0, or a
 * one-line refusal (naming --allow-plaintext) before anything is dialled. */
int cls_my_dest_setup(struct cls_my_dest *d, MYSQL *m, const char *host, const char *ca,
                      bool want_tls, bool want_plain, const struct cls_source_options *o,
                      const char *display, struct cls_error *err);
void cls_my_dest_clear(struct cls_my_dest *d);

/* mysql_real_connect, but when d->require_tls the server's greeting is
 * read first and the connection dropped, before the login packet, if it
 * does not offer TLS. Returns 0, or CLS_ESOURCE with the reason (the
 * credential pw scrubbed from the library's message). */
int cls_my_connect(const struct cls_my_dest *d, MYSQL *m, const char *user, const char *pw,
                   const char *db, unsigned port, const char *display, struct cls_error *err);
#endif
