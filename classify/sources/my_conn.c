/* MySQL/MariaDB connection set-up (my_conn.h). Connector/C 3.3 does not
 * refuse a server without TLS unless certificate verification is on
 * (MYSQL_OPT_SSL_ENFORCE alone is not enough), and it follows a server's
 * AuthSwitchRequest to mysql_clear_password. So: verification is on by
 * default toward remote hosts; MARIADB_OPT_RESTRICTED_AUTH allows only
 * the plugins meant (mysql_clear_password only for an IAM token over
 * verified TLS); and the connection is made with the non-blocking API so
 * the greeting's capability flags can be read (MSG_PEEK) before
 * Connector/C answers it with the user name and a scrambled password. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "sources/db_util.h"
#include "sources/my_conn.h"
#include "sources/netcheck.h"
#include "util/util.h"

#define CLIENT_SSL_FLAG 0x0800

/* Plugins that never send the password itself where anyone but a
 * verified server could read it. caching_sha2/sha256 send it in clear
 * over TLS (or RSA-encrypted to a key the server supplies). */
static const char *allowed_plugins(const struct cls_my_dest *d, const struct cls_source_options *o)
{
    if (d->verify)
        return o->iam_auth ? "mysql_native_password,client_ed25519,caching_sha2_password,"
                             "sha256_password,mysql_clear_password"
                           : "mysql_native_password,client_ed25519,caching_sha2_password,"
                             "sha256_password";
    if (d->require_tls || d->loopback)
        return "mysql_native_password,client_ed25519,caching_sha2_password";
    return "mysql_native_password,client_ed25519";
}

/* Where host goes: "localhost" (the socket) for an empty host; a name is
 * resolved and decided on its addresses. */
static int decide_host(struct cls_my_dest *d, const char *host, struct cls_error *err)
{
    if (!host || !*host || strcmp(host, "localhost") == 0 || host[0] == '/') {
        d->host = cls_strdup("localhost");
        d->loopback = true;
        return d->host ? 0 : CLS_ENOMEM;
    }
    struct cls_net_addrs a;
    int rc = cls_net_resolve(host, &a, err);
    if (rc < 0)
        return rc;
    d->loopback = a.loopback;
    /* Loopback: dial the address checked, so a second lookup cannot
     * send a plaintext login elsewhere. Remote: the name, which the
     * certificate is verified against. */
    d->host = cls_strdup(a.loopback ? a.items[0] : host);
    cls_net_addrs_clear(&a);
    return d->host ? 0 : CLS_ENOMEM;
}

int cls_my_dest_setup(struct cls_my_dest *d, MYSQL *m, const char *host, const char *ca,
                      bool want_tls, bool want_plain, const struct cls_source_options *o,
                      const char *display, struct cls_error *err)
{
    memset(d, 0, sizeof *d);
    int rc = decide_host(d, host, err);
    if (rc == CLS_ESOURCE) {
        struct cls_error e = *err;
        return cls_error_set(err, rc, "%s: %s", display, e.message);
    }
    if (rc < 0)
        return rc == CLS_ENOMEM ? cls_error_set(err, rc, "out of memory") : rc;
    rc = cls_net_tls_need(d->loopback, o, err);
    if (rc < 0)
        return rc;
    d->need = rc;
    if (want_plain && d->need >= CLS_TLS_ENCRYPT)
        return cls_error_set(err, CLS_EUSAGE,
                             "%s: the target asks for plaintext (ssl-mode=DISABLED) to a "
                             "non-loopback address; refused before connecting (a plaintext "
                             "login needs --allow-plaintext)", display);
    d->verify = ca || d->need == CLS_TLS_VERIFY;
    d->ca_given = ca != NULL;
    d->require_tls = d->verify || want_tls || d->need == CLS_TLS_ENCRYPT;
    my_bool on = 1;
    if (d->verify) {
        mysql_options(m, MYSQL_OPT_SSL_CA, ca ? ca : cls_net_system_ca());
        mysql_options(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on);
    }
    if (d->require_tls)
        mysql_options(m, MYSQL_OPT_SSL_ENFORCE, &on);
    if (o->iam_auth)
        mysql_options(m, MYSQL_ENABLE_CLEARTEXT_PLUGIN, &on);
    mysql_optionsv(m, MARIADB_OPT_RESTRICTED_AUTH, allowed_plugins(d, o));
    return 0;
}

void cls_my_dest_clear(struct cls_my_dest *d)
{
    free(d->host);
    d->host = NULL;
}

/* Reads the greeting without consuming it: 1 when it offers TLS, 0 when
 * not, -1 when it did not arrive in time or is not a protocol-10 one. */
static int greeting_offers_tls(int fd, unsigned timeout_s)
{
    unsigned char buf[512];
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, MSG_PEEK | MSG_DONTWAIT);
        if (n >= 4) {
            size_t len = buf[0] | (size_t)buf[1] << 8 | (size_t)buf[2] << 16;
            if ((size_t)n >= 4 + len || (size_t)n == sizeof buf) {
                if (buf[4] != 10)      /* an error packet or an old protocol */
                    return buf[4] == 0xff ? 1 : -1;   /* let the library report the error */
                const unsigned char *p = memchr(buf + 5, 0, (size_t)n - 5);
                if (!p || p + 1 + 4 + 8 + 1 + 2 > buf + n)
                    return -1;
                p += 1 + 4 + 8 + 1;    /* version NUL, thread id, salt, filler */
                return (p[0] | p[1] << 8) & CLIENT_SSL_FLAG ? 1 : 0;
            }
        } else if (n == 0 ||
                   (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOTCONN)) {
            return 1;                  /* closed: the library says so */
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec > (time_t)timeout_s)
            return -1;
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        poll(&pfd, 1, 10);
    }
}

/* A connection of our own to host:port that reads the greeting and hangs
 * up before anything is sent: 1 when it offers TLS, 0 when not, -1 when
 * none came in time. Connector/C reads the greeting inside
 * mysql_real_connect_start when it is already there (a fast or loopback
 * server), so the peek below can come too late; this probe cannot. A
 * server may still answer the probe and the real connection differently,
 * but one that means to may as well offer TLS with any certificate, which
 * --tls-no-verify accepts by its nature. */
static int probe_offers_tls(const char *host, unsigned port, unsigned timeout_s)
{
    char service[16];
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *ai = NULL;
    snprintf(service, sizeof service, "%u", port ? port : 3306);
    if (getaddrinfo(host, service, &hints, &ai) != 0 || !ai)
        return -1;
    int tls = -1;
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    ai->ai_protocol);
    if (fd >= 0 && (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 || errno == EINPROGRESS)) {
        struct pollfd pfd = {.fd = fd, .events = POLLOUT};
        int e = 0;
        socklen_t len = sizeof e;
        if (poll(&pfd, 1, (int)timeout_s * 1000) == 1 &&
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) == 0 && e == 0)
            tls = greeting_offers_tls(fd, timeout_s);
    }
    if (fd >= 0)
        close(fd);
    freeaddrinfo(ai);
    return tls;
}

static int wait_io(MYSQL *m, int status)
{
    struct pollfd pfd = {.fd = mysql_get_socket(m), .events = 0};
    if (status & MYSQL_WAIT_READ)
        pfd.events |= POLLIN;
    if (status & MYSQL_WAIT_WRITE)
        pfd.events |= POLLOUT;
    if (status & MYSQL_WAIT_EXCEPT)
        pfd.events |= POLLPRI;
    int timeout = status & MYSQL_WAIT_TIMEOUT ? (int)mysql_get_timeout_value_ms(m) : -1;
    int r = poll(&pfd, 1, timeout);
    if (r == 0)
        return MYSQL_WAIT_TIMEOUT;
    int out = 0;
    if (r > 0) {
        if (pfd.revents & (POLLIN | POLLHUP | POLLERR))
            out |= MYSQL_WAIT_READ;
        if (pfd.revents & POLLOUT)
            out |= MYSQL_WAIT_WRITE;
        if (pfd.revents & POLLPRI)
            out |= MYSQL_WAIT_EXCEPT;
    }
    return out;
}

int cls_my_connect(const struct cls_my_dest *d, MYSQL *m, const char *user, const char *pw,
                   const char *db, unsigned port, const char *display, struct cls_error *err)
{
    MYSQL *ret = NULL;
    /* The argument is the coroutine's stack size: loading an auth plugin
     * (dlopen) there needs more than the small default. */
    size_t stack = 512 * 1024;
    mysql_options(m, MYSQL_OPT_NONBLOCK, &stack);
    /* With verification on, Connector/C itself refuses a server without
     * TLS before the login; without it (--tls-no-verify, or TLS asked of a
     * loopback server) the greeting is checked here, first on a probe. */
    int checked = !d->require_tls || d->verify;
    if (!checked && strcmp(d->host, "localhost") != 0) {
        int tls = probe_offers_tls(d->host, port, 10);
        if (tls <= 0)
            return cls_error_set(err, CLS_ESOURCE, "%s: %s", display,
                                 tls == 0 ? CLS_NET_NO_TLS_HINT
                                          : "no usable server greeting; no credential was sent");
    }
    int status = mysql_real_connect_start(&ret, m, d->host, user, pw, db, port, NULL, 0);
    while (status) {
        if (!checked) {
            int tls = greeting_offers_tls(mysql_get_socket(m), 10);
            if (tls <= 0) {
                /* Nothing has been sent: close without answering. */
                shutdown(mysql_get_socket(m), SHUT_RDWR);
                return cls_error_set(err, CLS_ESOURCE, "%s: %s", display,
                                     tls == 0 ? CLS_NET_NO_TLS_HINT
                                              : "no usable server greeting; no credential was "
                                                "sent");
            }
            checked = 1;
        }
        status = mysql_real_connect_cont(&ret, m, wait_io(m, status));
    }
    if (ret)
        return 0;
    const char *msg = mysql_error(m);
    if (d->verify && strstr(msg, "does not support it"))
        return cls_error_set(err, CLS_ESOURCE, "%s: " CLS_NET_NO_TLS_HINT, display);
    if (d->verify && !d->ca_given && (strstr(msg, "certificate") || strstr(msg, "SSL") || strstr(msg, "TLS")))
        return cls_error_set(err, CLS_ESOURCE, "%s: " CLS_NET_UNVERIFIED_HINT, display);
    return cls_db_error(err, CLS_ESOURCE, pw, display, msg);
}
