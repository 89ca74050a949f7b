/* Where a PostgreSQL target connects, decided before libpq dials
 * (pg_conn.h). libpq completes a conninfo from, in order: the target's
 * keywords, its service file entry (service= or PGSERVICE), the PG*
 * environment variables, then built-in defaults. The same order is
 * followed here for the keywords that decide where the connection goes
 * (host, hostaddr, port) and its TLS (sslmode, sslrootcert). Each host is
 * resolved once; pg.c then passes host, hostaddr and port explicitly, so
 * libpq dials exactly the numeric addresses checked here and verifies
 * certificates against the names. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libpq-fe.h>

#include "sources/netcheck.h"
#include "sources/pg_conn.h"
#include "util/util.h"

/* Debian's libpq is built with sysconfdir /etc/postgresql-common; the
 * service file there is read when PGSYSCONFDIR is unset. */
#define PG_SYSCONFDIR "/etc/postgresql-common"

/* The keywords that decide the destination and where libpq reads each. */
enum { K_HOST, K_HOSTADDR, K_PORT, K_SSLMODE, K_SSLROOTCERT, K_DBNAME, K_USER, K_N };
static const char *const KEY[K_N] = {"host",    "hostaddr",    "port",   "sslmode",
                                     "sslrootcert", "dbname",  "user"};
static const char *const ENV[K_N] = {"PGHOST",    "PGHOSTADDR",    "PGPORT", "PGSSLMODE",
                                     "PGSSLROOTCERT", "PGDATABASE", "PGUSER"};

static const char *opt_value(const PQconninfoOption *o, const char *key)
{
    for (; o && o->keyword; o++)
        if (strcmp(o->keyword, key) == 0)
            return o->val && *o->val ? o->val : NULL;
    return NULL;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* Reads the [service] section of file into val[] (only our keywords).
 * Returns 1 when the section was found, 0 when not (or no file). */
static int read_service(const char *file, const char *service, char *val[K_N])
{
    FILE *f = fopen(file, "r");
    if (!f)
        return 0;
    char line[1024];
    int in = 0, found = 0;
    while (fgets(line, sizeof line, f)) {
        char *l = trim(line);
        if (*l == '#' || !*l)
            continue;
        if (*l == '[') {
            char *end = strchr(l, ']');
            in = end && (size_t)(end - l - 1) == strlen(service) &&
                 strncmp(l + 1, service, strlen(service)) == 0;
            found |= in;
            continue;
        }
        char *eq = in ? strchr(l, '=') : NULL;
        if (!eq)
            continue;
        *eq = '\0';
        const char *k = trim(l);
        for (int i = 0; i < K_N; i++)
            if (strcmp(k, KEY[i]) == 0 && !val[i])
                val[i] = cls_strdup(trim(eq + 1));
    }
    fclose(f);
    return found;
}

/* The service entry, searched where libpq searches: PGSERVICEFILE or
 * ~/.pg_service.conf first, then the system file. */
static void load_service(const char *service, char *val[K_N])
{
    const char *userfile = getenv("PGSERVICEFILE"), *home = getenv("HOME");
    char *own = !userfile && home ? cls_asprintf("%s/.pg_service.conf", home) : NULL;
    int found = read_service(userfile ? userfile : own ? own : "", service, val);
    free(own);
    if (found)
        return;
    const char *dir = getenv("PGSYSCONFDIR");
    char *sys = cls_asprintf("%s/pg_service.conf", dir ? dir : PG_SYSCONFDIR);
    if (sys)
        read_service(sys, service, val);
    free(sys);
}

/* A URI whose userinfo cannot be told from the rest without guessing.
 * libpq takes the userinfo up to the first '@' that comes before any '/'
 * (a '?' or '#' does not stop it). Refused: a userinfo holding '?' or
 * '#'; another '@' in the host or the path; and in the query, an '@' after
 * a ':'. Each lets a reading that ends the userinfo at that later '@'
 * ("USER:PW@" with an unencoded '@', '/' or '?' in USER) make the text
 * before it a password, which libpq's reading shows as the host, the
 * database or the user (fuzz_target: "postgresql://@?dbname=e:PW@"). An
 * '@' in a query value with no ':' before it (?user=sa@example.iam,
 * ?sslrootcert=/home/ci@runner/ca.pem) cannot end a "USER:PW" and stays;
 * libpq decodes %40 anywhere. */
static bool ambiguous_uri(const char *target)
{
    const char *sep = strstr(target, "://");
    if (!sep || (strncmp(target, "postgresql://", 13) != 0 && strncmp(target, "postgres://", 11) != 0))
        return false;
    const char *rest = sep + 3;
    size_t first = strcspn(rest, "@/");
    if (rest[first] == '@') {
        if (memchr(rest, '?', first) || memchr(rest, '#', first))
            return true;
        rest += first + 1;
    }
    size_t before_query = strcspn(rest, "?");
    if (memchr(rest, '@', before_query))
        return true;
    const char *colon = strchr(rest + before_query, ':');
    return colon && strchr(colon, '@') != NULL;
}

/* libpq decodes %-escapes in a URI's host and port; what it then shows
 * must still be a host and a port. A port that is not a number, or a host
 * with an '@' after its first byte (a leading '@' names an abstract
 * socket), is a user name or password written where the host goes
 * ("postgresql://alice:secret/app" reads port "secret"): refused without
 * showing it. */
static int check_shown_parts(char **hosts, size_t nh, char **ports, size_t np,
                             struct cls_error *err)
{
    for (size_t i = 0; i < nh; i++)
        if (hosts[i][0] && strchr(hosts[i] + 1, '@'))
            return cls_error_set(err, CLS_EUSAGE, "postgresql://(unparsable target): a host "
                                                  "name holds '@'; %%-encode it only inside "
                                                  "the user name or password");
    for (size_t i = 0; i < np; i++) {
        const char *p = ports[i];
        p += strspn(p, " \t");
        size_t digits = strspn(p, "0123456789");
        if (*p && (digits == 0 || p[digits + strspn(p + digits, " \t")] != '\0'))
            return cls_error_set(err, CLS_EUSAGE, "postgresql://(unparsable target): the port "
                                                  "is not a number");
    }
    return 0;
}

/* Splits a comma-separated list (libpq's multi-host form); an unset
 * list gives one empty entry. Returns the count, or 0 out of memory. */
static size_t split(const char *list, char ***out)
{
    size_t n = 1;
    for (const char *p = list; p && *p; p++)
        n += *p == ',';
    char **v = calloc(n, sizeof *v);
    const char *p = list ? list : "";
    for (size_t i = 0; v && i < n; i++) {
        size_t len = strcspn(p, ",");
        v[i] = cls_strdup_utf8(p, len);
        p += len + (p[len] == ',');
    }
    *out = v;
    return v ? n : 0;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

static int add_dial(struct cls_pg_plan *p, const char *host, const char *addr, const char *port)
{
    struct cls_pg_dial *d = realloc(p->dial, (p->count + 1) * sizeof *d);
    if (!d)
        return CLS_ENOMEM;
    p->dial = d;
    d[p->count].host = cls_strdup(host);
    d[p->count].addr = cls_strdup(addr);
    d[p->count].port = cls_strdup(port);
    p->count++;
    return d[p->count - 1].host && d[p->count - 1].addr && d[p->count - 1].port ? 0 : CLS_ENOMEM;
}

/* The directory libpq uses for an empty host on this system. */
static const char *default_socket_dir(void)
{
    struct stat st;
    return stat("/var/run/postgresql", &st) == 0 ? "/var/run/postgresql" : "/tmp";
}

/* One host entry: a socket, an explicit hostaddr, or a name resolved
 * to every address libpq would try. */
static int plan_entry(struct cls_pg_plan *p, const char *host, const char *addr,
                      const char *port, bool resolve, struct cls_error *err)
{
    if (*addr) {
        if (!cls_net_is_numeric(addr))
            return cls_error_set(err, CLS_EUSAGE, "postgresql target: hostaddr is not a numeric address");
        p->loopback = p->loopback && cls_net_addr_is_loopback(addr);
        return add_dial(p, *host ? host : addr, addr, port);
    }
    if (!*host || host[0] == '/' || host[0] == '@')
        return add_dial(p, *host ? host : default_socket_dir(), "", port);
    if (!resolve) {
        p->loopback = false;
        return add_dial(p, host, "", port);
    }
    struct cls_net_addrs a;
    int rc = cls_net_resolve(host, &a, err);
    for (size_t i = 0; rc == 0 && i < a.count; i++)
        rc = add_dial(p, host, a.items[i], port);
    if (rc == 0)
        p->loopback = p->loopback && a.loopback;
    cls_net_addrs_clear(&a);
    return rc;
}

static char *shown_hosts(char **hosts, char **addrs, size_t n, const char *port)
{
    size_t cap = 16;
    for (size_t i = 0; i < n; i++)
        cap += strlen(hosts[i]) + strlen(addrs[i]) + 12;
    cap += port ? strlen(port) : 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *h = *addrs[i] ? addrs[i] : *hosts[i] ? hosts[i] : "localhost";
        bool v6 = strchr(h, ':') && h[0] != '/';
        snprintf(out + strlen(out), cap - strlen(out), v6 ? "%s[%s]" : "%s%s", i ? "," : "", h);
    }
    if (port && *port)
        snprintf(out + strlen(out), cap - strlen(out), ":%s", port);
    return out;
}

/* The effective values of our keywords, in libpq's order of precedence. */
static void effective(const PQconninfoOption *ci, char *val[K_N])
{
    char *svc[K_N] = {0};
    const char *service = opt_value(ci, "service");
    if (!service)
        service = getenv("PGSERVICE");
    if (service && *service)
        load_service(service, svc);
    for (int i = 0; i < K_N; i++) {
        const char *v = opt_value(ci, KEY[i]);
        if (!v)
            v = svc[i] && *svc[i] ? svc[i] : NULL;
        if (!v)
            v = getenv(ENV[i]) && *getenv(ENV[i]) ? getenv(ENV[i]) : NULL;
        val[i] = v ? cls_strdup(v) : NULL;
        free(svc[i]);
    }
}

static int plan_hosts(struct cls_pg_plan *p, char *val[K_N], bool resolve,
                      struct cls_error *err)
{
    char **hosts = NULL, **addrs = NULL, **ports = NULL;
    size_t nh = split(val[K_HOST], &hosts), na = split(val[K_HOSTADDR], &addrs);
    size_t np = split(val[K_PORT], &ports);
    int rc = nh && na && np ? 0 : CLS_ENOMEM;
    if (rc == 0 && val[K_HOSTADDR] && val[K_HOST] && na != nh)
        rc = cls_error_set(err, CLS_EUSAGE, "postgresql target: host and hostaddr list different numbers of hosts");
    if (rc == 0 && val[K_HOSTADDR] && !val[K_HOST]) {
        /* Only hostaddr: as many (empty) host entries. */
        free_list(hosts, nh);
        hosts = calloc(na, sizeof *hosts);
        nh = hosts ? na : 0;
        for (size_t i = 0; i < nh; i++)
            hosts[i] = cls_strdup("");
        rc = hosts ? 0 : CLS_ENOMEM;
    }
    if (rc == 0 && !val[K_HOSTADDR] && nh > 1) {
        free_list(addrs, na);
        addrs = calloc(nh, sizeof *addrs);
        na = addrs ? nh : 0;
        for (size_t i = 0; i < na; i++)
            addrs[i] = cls_strdup("");
        rc = addrs ? 0 : CLS_ENOMEM;
    }
    if (rc == 0 && np != 1 && np != nh)
        rc = cls_error_set(err, CLS_EUSAGE, "postgresql target: port lists a different number of ports than hosts");
    if (rc == 0)
        rc = check_shown_parts(hosts, nh, ports, np, err);
    for (size_t i = 0; rc == 0 && i < nh; i++)
        rc = plan_entry(p, hosts[i], addrs[i], ports[np == 1 ? 0 : i], resolve, err);
    if (rc == 0) {
        char *hp = shown_hosts(hosts, addrs, nh, val[K_PORT]);
        const char *db = val[K_DBNAME] ? val[K_DBNAME] : val[K_USER] ? val[K_USER] : "";
        p->display = hp ? cls_asprintf("postgresql://%s/%s", hp, db) : NULL;
        free(hp);
        rc = p->display ? 0 : CLS_ENOMEM;
    }
    free_list(hosts, nh);
    free_list(addrs, na);
    free_list(ports, np);
    return rc;
}

int cls_pg_plan_build(struct cls_pg_plan *p, const char *target, bool resolve,
                      struct cls_error *err)
{
    memset(p, 0, sizeof *p);
    p->loopback = true;
    if (ambiguous_uri(target))
        return cls_error_set(err, CLS_EUSAGE,
                             "postgresql://(unparsable target): an '@' that does not end the "
                             "user name and password; %%-encode '@' as %%40");
    char *perr = NULL;
    PQconninfoOption *ci = PQconninfoParse(target, &perr);
    if (!ci) {
        /* libpq's message quotes the bad token, which may be the password. */
        PQfreemem(perr);
        return cls_error_set(err, CLS_EUSAGE, "postgresql://(unparsable target): cannot parse "
                                              "the connection string (check quoting and "
                                              "%%-escapes)");
    }
    char *val[K_N];
    effective(ci, val);
    PQconninfoFree(ci);
    int rc = plan_hosts(p, val, resolve, err);
    p->sslmode = val[K_SSLMODE];
    p->sslrootcert = val[K_SSLROOTCERT];
    val[K_SSLMODE] = val[K_SSLROOTCERT] = NULL;
    for (int i = 0; i < K_N; i++)
        free(val[i]);
    if (rc == CLS_ENOMEM)
        cls_error_set(err, CLS_ENOMEM, "out of memory");
    if (rc < 0)
        cls_pg_plan_clear(p);
    return rc;
}

void cls_pg_plan_clear(struct cls_pg_plan *p)
{
    for (size_t i = 0; i < p->count; i++) {
        free(p->dial[i].host);
        free(p->dial[i].addr);
        free(p->dial[i].port);
    }
    free(p->dial);
    free(p->sslmode);
    free(p->sslrootcert);
    free(p->display);
    free(p->k_host);
    free(p->k_hostaddr);
    free(p->k_port);
    memset(p, 0, sizeof *p);
}

/* Joins one field of every dial entry with commas. */
static char *join(const struct cls_pg_plan *p, size_t field)
{
    size_t cap = 1;
    for (size_t i = 0; i < p->count; i++)
        cap += strlen(*(char **)((char *)&p->dial[i] + field)) + 1;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    out[0] = '\0';
    for (size_t i = 0; i < p->count; i++) {
        if (i)
            strcat(out, ",");
        strcat(out, *(char **)((char *)&p->dial[i] + field));
    }
    return out;
}

static bool is_mode(const char *m, const char *want)
{
    return m && strcmp(m, want) == 0;
}

/* sslmode and sslrootcert for the rule; 0, or the refusal of plaintext. */
static int tls_params(struct cls_pg_plan *p, const struct cls_source_options *o, int need,
                      const char **keys, const char **vals, int *n, struct cls_error *err)
{
    if (o->ssl_ca) {
        keys[*n] = "sslmode", vals[(*n)++] = "verify-full";
        keys[*n] = "sslrootcert", vals[(*n)++] = o->ssl_ca;
        return 0;
    }
    if (need == CLS_TLS_AS_ASKED || need == CLS_TLS_PLAINTEXT_OK)
        return 0;
    if (is_mode(p->sslmode, "disable"))
        return cls_error_set(err, CLS_EUSAGE,
                             "%s: the target asks for plaintext (sslmode=disable) to a "
                             "non-loopback address; refused before connecting (a plaintext "
                             "login needs --allow-plaintext)", p->display);
    if (need == CLS_TLS_ENCRYPT) {
        if (!is_mode(p->sslmode, "verify-ca") && !is_mode(p->sslmode, "verify-full"))
            keys[*n] = "sslmode", vals[(*n)++] = "require";
        return 0;
    }
    keys[*n] = "sslmode", vals[(*n)++] = "verify-full";
    keys[*n] = "sslrootcert", vals[(*n)++] = p->sslrootcert ? p->sslrootcert : cls_net_system_ca();
    return 0;
}

int cls_pg_plan_params(struct cls_pg_plan *p, const struct cls_source_options *o,
                       const char **keys, const char **vals, int *n, int *need,
                       struct cls_error *err)
{
    int rc = cls_net_tls_need(p->loopback, o, err);
    if (rc < 0)
        return rc;
    *need = rc;
    free(p->k_host);
    free(p->k_hostaddr);
    free(p->k_port);
    p->k_host = join(p, offsetof(struct cls_pg_dial, host));
    p->k_hostaddr = join(p, offsetof(struct cls_pg_dial, addr));
    p->k_port = join(p, offsetof(struct cls_pg_dial, port));
    if (!p->k_host || !p->k_hostaddr || !p->k_port)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    keys[*n] = "host", vals[(*n)++] = p->k_host;
    /* All sockets: no address; an empty value would let PGHOSTADDR in,
     * but then the plan would have read it too. */
    if (strspn(p->k_hostaddr, ",") != strlen(p->k_hostaddr))
        keys[*n] = "hostaddr", vals[(*n)++] = p->k_hostaddr;
    if (strspn(p->k_port, ",") != strlen(p->k_port))
        keys[*n] = "port", vals[(*n)++] = p->k_port;
    return tls_params(p, o, *need, keys, vals, n, err);
}
