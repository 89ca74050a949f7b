/* Masking of messages that come from a server or a client library before
 * they are printed or stored. A server quotes the value it choked on
 * (`value "4111111111111111" is out of range for type integer`, `invalid
 * input syntax for type date: "..."`, a unique violation's `Key (ssn)=(...)`),
 * so such a message is run through the same detectors as sampled values:
 * every span a detector validates is replaced by that detector's masked
 * evidence, exactly as it would appear in a finding. The scan calls this
 * where errors and warnings enter the report (scan.c), so the terminal,
 * the JSON report, history and the workbook all see only the masked form. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify/engine.h"
#include "util/util.h"

/* A message names the host it dialled ("connection to server at
 * \"127.0.0.1\""), which the report's source shows anyway; masking it
 * would only hide where the failure was. Detectors that need a column
 * name to mean anything (a date, a given name) do not apply to prose. */
static int applies(const struct cls_detector *d)
{
    return !d->needs_name_hint && strcmp(d->id, "ip_address") != 0;
}

/* The earliest validated span of msg[0, len) among the detectors that
 * apply; returns its detector, or NULL. */
static const struct cls_detector *first_span(const struct cls_engine *engine,
                                             struct cls_scanner *sc, const char *msg,
                                             size_t len, struct cls_span *out)
{
    const struct cls_value_result *r = cls_scan_value(sc, msg, len);
    const struct cls_detector *best = NULL;
    size_t n = cls_engine_detector_count(engine);
    for (size_t i = 0; i < n; i++) {
        const struct cls_detector *d = cls_engine_detector(engine, i);
        if (r->hit[i] != CLS_HIT_MATCH || !applies(d) || r->span[i].len == 0)
            continue;
        if (!best || r->span[i].start < out->start) {
            best = d;
            *out = r->span[i];
        }
    }
    return best;
}

/* Appends n bytes of s to the growing buffer b (len, cap). */
static int put(char **b, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t want = (*len + n + 1) * 2;
        char *next = realloc(*b, want);
        if (!next)
            return CLS_ENOMEM;
        *b = next;
        *cap = want;
    }
    memcpy(*b + *len, s, n);
    *len += n;
    (*b)[*len] = '\0';
    return 0;
}

int cls_mask_message(char **out, const struct cls_engine *engine, const char *msg)
{
    struct cls_scanner *sc = NULL;
    struct cls_error ignored = {0};
    char *b = NULL;
    size_t len = 0, cap = 0, pos = 0, total = msg ? strlen(msg) : 0;
    int rc = put(&b, &len, &cap, "", 0);
    if (rc == 0 && total && cls_scanner_new(&sc, engine, &ignored) < 0)
        rc = CLS_ENOMEM;
    /* The rest of the message after each masked span is scanned again, so
     * a second value is found too and a masked one is never rescanned. */
    while (rc == 0 && pos < total) {
        struct cls_span sp = {0};
        const struct cls_detector *d = first_span(engine, sc, msg + pos, total - pos, &sp);
        if (!d) {
            rc = put(&b, &len, &cap, msg + pos, total - pos);
            break;
        }
        char masked[128];
        if (d->mask)
            d->mask(msg + pos + sp.start, sp.len, masked, sizeof masked);
        else
            snprintf(masked, sizeof masked, "[%zu characters]", sp.len);
        rc = put(&b, &len, &cap, msg + pos, sp.start);
        if (rc == 0)
            rc = put(&b, &len, &cap, masked, strlen(masked));
        pos += sp.start + sp.len;
    }
    cls_scanner_free(sc);
    if (rc < 0) {
        free(b);
        return CLS_ENOMEM;
    }
    *out = b;
    return 0;
}
