/* RDS discovery (rds_discover.h): the signed Query API requests, the
 * response pages read with the AWS XML reader, and the inventory written
 * from them. What AWS (or whatever answers at --endpoint-url) says is
 * outside input: every value is written as a quoted YAML scalar, pages
 * are bounded, and a marker that repeats stops the listing. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "sources/aws_creds.h"
#include "sources/aws_xml.h"
#include "sources/http.h"
#include "sources/rds_discover.h"
#include "sources/sigv4.h"
#include "util/util.h"

#define MAX_PAGES 1000
#define PAGE_MAX (8u << 20)
#define MAX_ITEMS 200000
#define MAX_TAGS 200

#define INST "DescribeDBInstancesResponse/DescribeDBInstancesResult/"
#define CLUS "DescribeDBClustersResponse/DescribeDBClustersResult/"

struct page_ctx {
    struct cls_rds_list *list;
    char *error_code, *error_message;
    struct cls_error *err;
};

static int nomem(struct page_ctx *c)
{
    return cls_error_set(c->err, CLS_ENOMEM, "out of memory");
}

static int set(char **slot, const char *text, size_t len)
{
    free(*slot);
    *slot = cls_strdup_utf8(text, len);
    return *slot ? 0 : CLS_ENOMEM;
}

static int flag(const char *text)
{
    return strcmp(text, "true") == 0 ? 1 : strcmp(text, "false") == 0 ? 0 : -1;
}

/* A field of the current item: the path after ".../DBInstance/". */
static int item_field(struct page_ctx *c, struct cls_rds_endpoint *e, const char *f,
                      const char *t, size_t len)
{
    bool inst = strcmp(e->kind, "instance") == 0;
    if (strcmp(f, inst ? "DBInstanceIdentifier" : "DBClusterIdentifier") == 0)
        return set(&e->id, t, len);
    if (strcmp(f, "Engine") == 0)
        return set(&e->engine, t, len);
    if (strcmp(f, inst ? "Endpoint/Address" : "Endpoint") == 0)
        return set(&e->host, t, len);
    if (strcmp(f, inst ? "Endpoint/Port" : "Port") == 0) {
        char *end = NULL;
        unsigned long p = strtoul(t, &end, 10);
        e->port = end && !*end && p > 0 && p < 65536 ? (unsigned)p : 0;
        return 0;
    }
    if (strcmp(f, inst ? "DBName" : "DatabaseName") == 0)
        return set(&e->database, t, len);
    if (strcmp(f, "IAMDatabaseAuthenticationEnabled") == 0)
        return e->iam_auth = flag(t), 0;
    if (strcmp(f, "StorageEncrypted") == 0)
        return e->storage_encrypted = flag(t), 0;
    if (strcmp(f, "PubliclyAccessible") == 0)
        return e->publicly_accessible = flag(t), 0;
    if (strcmp(f, inst ? "CACertificateIdentifier" : "CertificateDetails/CAIdentifier") == 0)
        return set(&e->ca_identifier, t, len);
    if (inst && strcmp(f, "DBClusterIdentifier") == 0)
        return set(&e->cluster_id, t, len);
    if (e->tag_count && strcmp(f, "TagList/Tag/Key") == 0)
        return set(&e->tags[e->tag_count - 1].key, t, len);
    if (e->tag_count && strcmp(f, "TagList/Tag/Value") == 0)
        return set(&e->tags[e->tag_count - 1].value, t, len);
    (void)c;
    return 0;
}

static int start_item(struct page_ctx *c, const char *kind)
{
    struct cls_rds_list *l = c->list;
    if (l->count >= MAX_ITEMS)
        return cls_error_set(c->err, CLS_ETOOBIG, "more than %d databases listed", MAX_ITEMS);
    if (cls_grow((void **)&l->items, &l->cap, l->count + 1, sizeof *l->items) < 0)
        return nomem(c);
    l->items[l->count++] = (struct cls_rds_endpoint){
        .kind = kind, .iam_auth = -1, .storage_encrypted = -1, .publicly_accessible = -1};
    return 0;
}

static int start_tag(struct page_ctx *c, struct cls_rds_endpoint *e)
{
    if (e->tag_count >= MAX_TAGS)
        return cls_error_set(c->err, CLS_ETOOBIG, "more than %d tags on one database", MAX_TAGS);
    struct cls_rds_tag *t = realloc(e->tags, (e->tag_count + 1) * sizeof *t);
    if (!t)
        return nomem(c);
    e->tags = t;
    e->tags[e->tag_count++] = (struct cls_rds_tag){0};
    return 0;
}

static int on_element(void *ud, const char *path, const char *text, size_t len)
{
    struct page_ctx *c = ud;
    struct cls_rds_list *l = c->list;
    static const struct {
        const char *prefix, *kind;
    } items[] = {{INST "DBInstances/DBInstance", "instance"},
                 {CLUS "DBClusters/DBCluster", "cluster"}};
    int rc = 0;
    for (size_t i = 0; i < 2; i++) {
        size_t n = strlen(items[i].prefix);
        if (strncmp(path, items[i].prefix, n) != 0)
            continue;
        struct cls_rds_endpoint *e = l->count ? &l->items[l->count - 1] : NULL;
        if (!text && !path[n])
            return start_item(c, items[i].kind);
        if (!e || path[n] != '/')
            return 0;
        if (!text)
            return strcmp(path + n + 1, "TagList/Tag") == 0 ? start_tag(c, e) : 0;
        rc = item_field(c, e, path + n + 1, text, len);
        return rc == CLS_ENOMEM ? nomem(c) : rc;
    }
    if (text && (strcmp(path, INST "Marker") == 0 || strcmp(path, CLUS "Marker") == 0))
        rc = len ? set(&l->marker, text, len) : 0;
    else if (text && strcmp(path, "ErrorResponse/Error/Code") == 0)
        rc = set(&c->error_code, text, len);
    else if (text && strcmp(path, "ErrorResponse/Error/Message") == 0)
        rc = set(&c->error_message, text, len);
    return rc == CLS_ENOMEM ? nomem(c) : rc;
}

int cls_rds_parse_page(struct cls_rds_list *list, const char *name, const char *xml, size_t len,
                       struct cls_error *err)
{
    struct page_ctx c = {.list = list, .err = err};
    free(list->marker);
    list->marker = NULL;
    int rc = cls_aws_xml_parse(name, xml, len, on_element, &c, err);
    if (rc == 0 && c.error_code)
        rc = cls_error_set(err, CLS_ESOURCE, "%s: %s: %s", name, c.error_code,
                           c.error_message ? c.error_message : "(no message)");
    free(c.error_code);
    free(c.error_message);
    return rc;
}

static void endpoint_clear(struct cls_rds_endpoint *e)
{
    free(e->id);
    free(e->engine);
    free(e->host);
    free(e->database);
    free(e->ca_identifier);
    free(e->cluster_id);
    free(e->members);
    for (size_t i = 0; i < e->tag_count; i++) {
        free(e->tags[i].key);
        free(e->tags[i].value);
    }
    free(e->tags);
}

void cls_rds_list_clear(struct cls_rds_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++)
        endpoint_clear(&list->items[i]);
    free(list->items);
    free(list->marker);
    *list = (struct cls_rds_list){0};
}

/* ---- the inventory ------------------------------------------------------------- */

/* A double-quoted YAML scalar: backslash, quote and control bytes escaped. */
static void yq(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(f, "\\x%02x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static bool tags_match(const struct cls_rds_endpoint *e, const struct cls_rds_discover_options *o)
{
    for (size_t i = 0; i < o->tag_count; i++) {
        const char *want = o->tags[i], *eq = strchr(want, '=');
        size_t kl = eq ? (size_t)(eq - want) : strlen(want);
        bool found = false;
        for (size_t j = 0; !found && j < e->tag_count; j++)
            found = e->tags[j].key && strlen(e->tags[j].key) == kl &&
                    memcmp(e->tags[j].key, want, kl) == 0 &&
                    strcmp(e->tags[j].value ? e->tags[j].value : "", eq ? eq + 1 : "") == 0;
        if (!found)
            return false;
    }
    return true;
}

static bool scannable(const char *engine)
{
    return engine && (strstr(engine, "postgres") || strstr(engine, "mysql") ||
                      strstr(engine, "mariadb"));
}

static void bool_key(FILE *f, const char *key, int v)
{
    if (v >= 0)
        fprintf(f, "    %s: %s\n", key, v ? "true" : "false");
}

/* Aurora keeps public access and the CA per instance: the cluster is
 * public when any member is, and takes a member's CA when it has none. */
static void fold_members(struct cls_rds_endpoint *cl, const struct cls_rds_list *inst)
{
    for (size_t i = 0; i < inst->count; i++) {
        const struct cls_rds_endpoint *m = &inst->items[i];
        if (!m->cluster_id || !cl->id || strcmp(m->cluster_id, cl->id) != 0)
            continue;
        if (m->publicly_accessible > cl->publicly_accessible)   /* -1 < 0 < 1 */
            cl->publicly_accessible = m->publicly_accessible;
        if (!cl->ca_identifier && m->ca_identifier)
            cl->ca_identifier = cls_strdup(m->ca_identifier);
    }
}

static void write_entry(FILE *f, const struct cls_rds_endpoint *e, const char *name,
                        const char *region)
{
    fputs("  - name: ", f);
    yq(f, name);
    fprintf(f, "\n    kind: %s\n    engine: ", e->kind);
    yq(f, e->engine);
    fputs("\n    host: ", f);
    yq(f, e->host);
    fprintf(f, "\n    port: %u\n", e->port);
    if (e->database) {
        fputs("    database: ", f);
        yq(f, e->database);
        fputc('\n', f);
    }
    fputs("    region: ", f);
    yq(f, region);
    fputc('\n', f);
    bool_key(f, "iam_auth", e->iam_auth);
    bool_key(f, "storage_encrypted", e->storage_encrypted);
    bool_key(f, "publicly_accessible", e->publicly_accessible);
    if (e->ca_identifier) {
        fputs("    ca_identifier: ", f);
        yq(f, e->ca_identifier);
        fputc('\n', f);
    }
}

/* A DNS name: the inventory reader builds a URI from it, so '@', '/', ':'
 * or a blank from the API must not get that far. */
static bool host_name(const char *h)
{
    size_t n = strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-");
    return n > 0 && n < 254 && h[n] == '\0';
}

/* Why an entry is left out, or NULL to keep it. */
static const char *skip_reason(const struct cls_rds_endpoint *e)
{
    return !e->id                 ? "no identifier"
           : !scannable(e->engine) ? "engine is not PostgreSQL, MySQL or MariaDB"
           : !e->host || !e->port  ? "no endpoint yet (being created?)"
           : !host_name(e->host)   ? "the endpoint address is not a host name"
                                   : NULL;
}

static void write_list(FILE *f, FILE *skipped, const struct cls_rds_list *l,
                       const struct cls_rds_list *others, const struct cls_rds_discover_options *o,
                       size_t *count)
{
    for (size_t i = 0; i < l->count; i++) {
        const struct cls_rds_endpoint *e = &l->items[i];
        if (e->cluster_id || !tags_match(e, o))
            continue;   /* an Aurora member: its cluster's endpoint stands for it */
        const char *why = skip_reason(e);
        if (why) {
            fputs("#   ", skipped);
            yq(skipped, e->id);
            fprintf(skipped, " (%s): %s\n", e->kind, why);
            continue;
        }
        bool clash = false;
        for (size_t j = 0; others && j < others->count; j++)
            clash |= others->items[j].id && strcmp(others->items[j].id, e->id) == 0;
        char *name = clash ? cls_asprintf("%s (cluster)", e->id) : NULL;
        write_entry(f, e, name ? name : e->id, o->region);
        free(name);
        (*count)++;
    }
}

char *cls_rds_inventory_yaml(const struct cls_rds_list *instances,
                             const struct cls_rds_list *clusters,
                             const struct cls_rds_discover_options *o, size_t *count)
{
    char *text = NULL, *skipped_text = NULL, *targets_text = NULL, stamp[32];
    size_t len = 0, slen = 0, tlen = 0;
    FILE *f = open_memstream(&text, &len), *s = open_memstream(&skipped_text, &slen);
    FILE *t = open_memstream(&targets_text, &tlen);
    *count = 0;
    if (!f || !s || !t) {
        FILE *all[3] = {f, s, t};
        for (int i = 0; i < 3; i++)
            if (all[i])
                fclose(all[i]);
        free(text);
        free(skipped_text);
        free(targets_text);
        return NULL;
    }
    for (size_t i = 0; i < clusters->count; i++)
        fold_members(&clusters->items[i], instances);
    cls_utc_now(stamp);
    fputs("# Written by `classify discover rds`", f);
    fprintf(f, " at %s from DescribeDBInstances and DescribeDBClusters.\nversion: 1\n", stamp);
    if (o->iam_user) {
        fputs("defaults:\n  iam: {region: ", f);
        yq(f, o->region);
        fputs(", user: ", f);
        yq(f, o->iam_user);
        fputs("}\n", f);
    }
    write_list(t, s, instances, NULL, o, count);
    write_list(t, s, clusters, instances, o, count);
    bool ok = fclose(t) == 0 && fclose(s) == 0;
    /* An empty list stays a list: the reader then says what is wrong. */
    fprintf(f, "targets:%s%s", *count ? "\n" : " []\n", *count ? targets_text : "");
    if (slen)
        fprintf(f, "# Left out:\n%s", skipped_text);
    free(skipped_text);
    free(targets_text);
    ok = fclose(f) == 0 && ok;
    return ok ? text : (free(text), NULL);
}

/* ---- the requests -------------------------------------------------------------- */

struct call {
    const struct cls_rds_discover_options *o;
    const struct cls_aws_creds *creds;
    char *url, *host;
};

/* scheme://HOST[:port]/path: the Host header the signature covers. */
static char *host_of(const char *url)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    return cls_strdup_utf8(p, strcspn(p, "/?#"));
}

static int post_form(struct cls_http_response *resp, const struct call *c, const char *body,
                     struct cls_error *err)
{
    char amz_date[32], *auth = NULL, *h_auth = NULL, *h_date = NULL, *h_tok = NULL, *h_host;
    time_t now = time(NULL);
    struct tm tm;
    const char *ctype = "application/x-www-form-urlencoded; charset=utf-8";
    gmtime_r(&now, &tm);
    strftime(amz_date, sizeof amz_date, "%Y%m%dT%H%M%SZ", &tm);
    struct cls_sigv4_param signed_headers[] = {{"content-type", ctype}};
    struct cls_sigv4_request sr = {.method = "POST", .host = c->host, .path = "/",
                                   .headers = signed_headers, .header_count = 1,
                                   .payload = body, .payload_len = strlen(body),
                                   .region = c->o->region, .service = "rds",
                                   .amz_date = amz_date, .creds = c->creds};
    auth = cls_sigv4_authorization(&sr);
    h_auth = auth ? cls_asprintf("Authorization: %s", auth) : NULL;
    h_date = cls_asprintf("X-Amz-Date: %s", amz_date);
    h_host = cls_asprintf("Host: %s", c->host);
    if (c->creds->session_token && *c->creds->session_token)
        h_tok = cls_asprintf("X-Amz-Security-Token: %s", c->creds->session_token);
    const char *headers[] = {"Content-Type: application/x-www-form-urlencoded; charset=utf-8",
                             h_host, h_date, h_auth, h_tok, NULL};
    struct cls_http_request req = {.method = "POST", .url = c->url, .headers = headers,
                                   .body = body, .body_len = strlen(body),
                                   .ca_file = c->o->ca_file ? c->o->ca_file : getenv("AWS_CA_BUNDLE"),
                                   .timeout_ms = 30000, .max_response = PAGE_MAX};
    int rc = h_auth && h_date && h_host && (h_tok || !c->creds->session_token ||
                                            !*c->creds->session_token)
                 ? cls_http_fetch(resp, &req, err)
                 : cls_error_set(err, CLS_ENOMEM, "out of memory");
    if (h_tok)
        OPENSSL_cleanse(h_tok, strlen(h_tok));
    free(auth);
    free(h_auth);
    free(h_date);
    free(h_host);
    free(h_tok);
    return rc;
}

/* Every page of one action into *list. */
static int list_all(struct cls_rds_list *list, const struct call *c, const char *action,
                    struct cls_error *err)
{
    char *prev = NULL, name[128];
    int rc = 0;
    snprintf(name, sizeof name, "RDS %s (%s)", action, c->o->region);
    for (int page = 0; rc == 0; page++) {
        char *em = list->marker ? cls_sigv4_uri_encode(list->marker) : NULL;
        char *body = cls_asprintf("Action=%s&Version=2014-10-31&MaxRecords=100%s%s", action,
                                  em ? "&Marker=" : "", em ? em : "");
        struct cls_http_response resp = {0};
        free(em);
        if (page >= MAX_PAGES)
            rc = cls_error_set(err, CLS_ETOOBIG, "%s: more than %d pages", name, MAX_PAGES);
        else if (!body)
            rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
        else
            rc = post_form(&resp, c, body, err);
        free(body);
        if (rc == 0)
            rc = cls_rds_parse_page(list, name, resp.body, resp.len, err);
        if (rc == 0 && resp.status != 200)
            rc = cls_error_set(err, CLS_ESOURCE, "%s: HTTP %ld", name, resp.status);
        cls_http_response_clear(&resp);
        if (rc == 0 && list->marker && prev && strcmp(prev, list->marker) == 0)
            rc = cls_error_set(err, CLS_ESOURCE, "%s: the same Marker came back twice", name);
        free(prev);
        prev = list->marker ? cls_strdup(list->marker) : NULL;
        if (!list->marker)
            break;
    }
    free(prev);
    return rc;
}

int cls_rds_discover(char **yaml, size_t *count, const struct cls_rds_discover_options *o,
                     struct cls_error *err)
{
    struct cls_aws_credentials cr = {0};
    struct cls_rds_list inst = {0}, clus = {0};
    struct call c = {.o = o};
    *yaml = NULL;
    int rc = cls_aws_creds_resolve(&cr, o->region, err);
    struct cls_aws_creds view = cls_aws_creds_view(&cr);
    c.creds = &view;
    if (rc == 0) {
        c.url = o->endpoint_url ? cls_strdup(o->endpoint_url)
                                : cls_asprintf("https://rds.%s.amazonaws.com/", o->region);
        c.host = c.url ? host_of(c.url) : NULL;
        if (!c.host)
            rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    if (rc == 0)
        rc = list_all(&inst, &c, "DescribeDBInstances", err);
    if (rc == 0)
        rc = list_all(&clus, &c, "DescribeDBClusters", err);
    if (rc == 0 && !(*yaml = cls_rds_inventory_yaml(&inst, &clus, o, count)))
        rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
    cls_rds_list_clear(&inst);
    cls_rds_list_clear(&clus);
    cls_aws_creds_clear(&cr);
    free(c.url);
    free(c.host);
    return rc;
}
