/* Where a PostgreSQL target really connects (pg_conn.c): the conninfo as
 * libpq would complete it (the target, its service file entry, PGHOST,
 * PGHOSTADDR, PGPORT, PGSSLMODE...), every host of a multi-host list
 * resolved to the numeric addresses that will be dialled, and the TLS
 * settings those addresses need. pg.c hands libpq exactly these. */
#ifndef CLASSIFY_PG_CONN_H
#define CLASSIFY_PG_CONN_H

#include <stdbool.h>
#include <stddef.h>

#include "classify/error.h"
#include "classify/source.h"

/* One address libpq will try: host (a name for TLS verification, a
 * numeric address, or a socket directory), addr (numeric; "" for a
 * socket), port ("" for the default). */
struct cls_pg_dial {
    char *host, *addr, *port;
};

struct cls_pg_plan {
    struct cls_pg_dial *dial;
    size_t count;
    bool loopback;           /* every entry is a socket or a loopback address */
    char *sslmode;           /* as the target, service or PGSSLMODE set it; NULL: unset */
    char *sslrootcert;
    char *display;           /* postgresql://host[,host][:port]/db, what is dialled */
    char *k_host, *k_hostaddr, *k_port;  /* the joined values handed to libpq */
};

/* Builds the plan for target. With resolve false, names are not looked up
 * (only display is meant to be used). Returns 0, or CLS_EUSAGE for a
 * target that cannot be read without guessing (an unencoded '@', host
 * and hostaddr lists of different lengths), with a message that shows no
 * part of the target beyond scheme, host and port; CLS_ESOURCE for a name
 * that does not resolve. */
int cls_pg_plan_build(struct cls_pg_plan *plan, const char *target, bool resolve,
                      struct cls_error *err);
void cls_pg_plan_clear(struct cls_pg_plan *plan);

/* The libpq keywords classify forces after the target (host, hostaddr,
 * port, sslmode, sslrootcert) for the plan and the options: keys/vals get
 * up to 5 entries, owned by the plan; *n is advanced. *need is the TLS rule
 * applied (netcheck.h). Returns 0, or CLS_EUSAGE with a one-line refusal
 * naming --allow-plaintext when the target asks for plaintext to a remote
 * address: then nothing has been dialled. */
int cls_pg_plan_params(struct cls_pg_plan *plan, const struct cls_source_options *o,
                       const char **keys, const char **vals, int *n, int *need,
                       struct cls_error *err);
#endif
