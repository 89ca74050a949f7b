/* The report's `targets` entries: built from a database source's
 * connection facts, written to and read from JSON. Kept apart from
 * report.c so the model's core stays about tables. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report/fleet.h"
#include "report/targets.h"
#include "util/util.h"

struct cls_target_report *cls_report_add_target(struct cls_report *r)
{
    struct cls_target_report *p =
        realloc(r->targets, (r->target_count + 1) * sizeof *r->targets);
    if (!p)
        return NULL;
    r->targets = p;
    struct cls_target_report *t = &p[r->target_count++];
    memset(t, 0, sizeof *t);
    t->server_requires_tls = -1;
    return t;
}

void cls_target_report_free(struct cls_target_report *t)
{
    free(t->source);
    free(t->engine);
    free(t->server_version);
    free(t->tls_version);
    free(t->tls_cipher);
    free(t->name);
}

void cls_report_clear_targets(struct cls_report *r)
{
    for (size_t i = 0; i < r->target_count; i++)
        cls_target_report_free(&r->targets[i]);
    free(r->targets);
    r->targets = NULL;
    r->target_count = 0;
}

static char *copy(const char *s)
{
    return cls_strdup_text(s);
}

int cls_scan_record_target(struct cls_report *r, const char *display,
                           const struct cls_source_info *in)
{
    struct cls_target_report *t = cls_report_add_target(r);
    if (!t)
        return CLS_ENOMEM;
    t->source = copy(display);
    t->engine = copy(in->engine);
    t->server_version = copy(in->server_version);
    t->tls = in->tls != 0;
    t->tls_version = copy(in->tls_version);
    t->tls_cipher = copy(in->tls_cipher);
    t->server_requires_tls = in->server_requires_tls;
    t->tls_verified = in->tls_verified != 0;
    t->tls_no_verify = in->tls_no_verify != 0;
    return t->source && t->engine && t->server_version && t->tls_version && t->tls_cipher
               ? 0
               : CLS_ENOMEM;
}

json_t *cls_report_targets_json(const struct cls_report *r)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < r->target_count; i++) {
        const struct cls_target_report *t = &r->targets[i];
        json_t *req = t->server_requires_tls < 0 ? json_null()
                                                 : json_boolean(t->server_requires_tls);
        json_array_append_new(
            a, json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:o, s:b, s:b}", "source", t->source,
                         "engine", t->engine, "server_version", t->server_version, "tls",
                         t->tls, "tls_version", t->tls_version, "tls_cipher", t->tls_cipher,
                         "server_requires_tls", req, "tls_verified", t->tls_verified,
                         "tls_no_verify", t->tls_no_verify));
        json_t *o = json_array_get(a, json_array_size(a) - 1);
        if (o && t->name)
            json_object_set_new(o, "name", json_string(t->name));
        if (o && t->exposure)
            json_object_set_new(o, "exposure", cls_report_exposure_json(t->exposure));
    }
    return a;
}

static const char *field(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

void cls_report_targets_read(struct cls_report *r, json_t *array)
{
    for (size_t i = 0; i < json_array_size(array); i++) {
        json_t *o = json_array_get(array, i);
        struct cls_target_report *t = json_is_object(o) ? cls_report_add_target(r) : NULL;
        if (!t)
            continue;
        t->source = copy(field(o, "source"));
        t->engine = copy(field(o, "engine"));
        t->server_version = copy(field(o, "server_version"));
        t->tls = json_is_true(json_object_get(o, "tls"));
        t->tls_version = copy(field(o, "tls_version"));
        t->tls_cipher = copy(field(o, "tls_cipher"));
        json_t *req = json_object_get(o, "server_requires_tls");
        t->server_requires_tls = json_is_boolean(req) ? json_is_true(req) : -1;
        t->tls_verified = json_is_true(json_object_get(o, "tls_verified"));
        t->tls_no_verify = json_is_true(json_object_get(o, "tls_no_verify"));
        if (json_is_string(json_object_get(o, "name")))
            t->name = copy(field(o, "name"));
        t->exposure = cls_report_exposure_read(json_object_get(o, "exposure"));
    }
}
