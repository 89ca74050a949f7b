/* Fuzz target: how database targets are told apart, shown and scrubbed
 * (sources/db_util.c, source.c), over arbitrary bytes. Nothing here
 * connects or resolves a name. The first byte picks the form:
 *   0  the bytes as a target, as typed;
 *   1  postgresql://USER:PASSWORD@REST   2  mysql://USER:PASSWORD@REST
 *   3  password=PASSWORD REST            (a libpq conninfo string; first,
 *      since in "host= password=x" libpq takes "password=x" as the host)
 * where USER and REST are the rest of the input split at its first
 * newline, and PASSWORD is a planted secret. Checked: the display form
 * (the report's `source`) never holds the planted password; a client
 * library message scrubbed with it never holds it and is one line; no
 * function reads or writes out of bounds (ASan/UBSan). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "classify/source.h"
#include "sources/db_util.h"
#include "sources/netcheck.h"
#include "util/util.h"
#include "typed_secret.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SECRET "Zq9SECRETpw"

/* The target of the form data[0] picks; malloc'd. */
static char *build_target(const uint8_t *data, size_t size)
{
    char *rest = strndup((const char *)data + 1, size - 1);
    if (!rest)
        return NULL;
    /* A NUL ends a C string: everything after it is not part of the target. */
    char *nl = strchr(rest, '\n');
    const char *user = nl ? rest : "scanner";
    if (nl)
        *nl = '\0';
    const char *tail = nl ? nl + 1 : rest;
    char *t;
    switch (data[0] % 4) {
    case 1: t = cls_asprintf("postgresql://%s:" SECRET "@%s", user, tail); break;
    case 2: t = cls_asprintf("mysql://%s:" SECRET "@%s", user, tail); break;
    case 3: t = cls_asprintf("password=" SECRET " %s", tail); break;
    default: t = strndup((const char *)data + 1, size - 1); break;
    }
    free(rest);
    return t;
}

static void check_display(const char *target, bool planted)
{
    char *shown = cls_db_redact_target(target);
    if (!shown)
        abort();
    /* The planted password must be gone; copies in USER or REST may stay,
     * and show decoded (postgresql://u:PW@h/%5Aq9SECRETpw names database
     * Zq9SECRETpw). */
    if (planted && count_in(shown, SECRET) >= typed_count(target, SECRET))
        abort();
    free(shown);
    (void)cls_db_target_has_password(target);
    struct cls_error err = {0};
    (void)cls_source_for_target(target, &err);
}

static void check_helpers(const char *target)
{
    const char *auth = strstr(target, "://");
    const char *at = NULL;
    if (auth && cls_db_uri_userinfo(auth + 3, &at) == 0 && at &&
        (at < auth + 3 || at >= target + strlen(target) || *at != '@'))
        abort();
    size_t len = strlen(target);
    char *dec = cls_db_percent_decode(target, len);
    if (dec && strlen(dec) > len)
        abort();
    free(dec);
    (void)cls_net_addr_is_loopback(target);
    (void)cls_net_is_numeric(target);
    struct cls_error err = {0};
    cls_db_error(&err, CLS_ESOURCE, SECRET, "fuzz", target);
    if (strstr(err.message, SECRET) || strchr(err.message, '\n'))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    char *target = build_target(data, size);
    if (!target)
        return 0;
    check_display(target, data[0] % 4 != 0);
    check_helpers(target);
    free(target);
    return 0;
}
