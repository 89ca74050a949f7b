/* The AWS credential chain (aws_creds.h). Each link is one function that
 * returns 1 when it produced credentials, 0 when it is not configured
 * (the chain goes on) and a negative code when it is configured but
 * failed (the chain stops: falling through to another identity would scan
 * with rights nobody meant). Secrets are wiped when freed and never go
 * into an error message. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>
#include <openssl/crypto.h>

#include "sources/aws_creds.h"
#include "sources/aws_xml.h"
#include "sources/http.h"
#include "util/util.h"

#define FILE_MAX (1u << 20)
#define IMDS_TIMEOUT_MS 1000L
#define ENDPOINT_TIMEOUT_MS 5000L

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

static int set3(struct cls_aws_credentials *out, const char *ak, const char *sk,
                const char *tok, const char *source, struct cls_error *err)
{
    out->access_key = cls_strdup(ak);
    out->secret_key = cls_strdup(sk);
    out->session_token = tok && *tok ? cls_strdup(tok) : NULL;
    out->source = source;
    if (!out->access_key || !out->secret_key || (tok && *tok && !out->session_token)) {
        cls_aws_creds_clear(out);
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    return 1;
}

/* ---- 1. environment ---------------------------------------------------------- */

static int from_env(struct cls_aws_credentials *out, struct cls_error *err)
{
    const char *ak = env("AWS_ACCESS_KEY_ID"), *sk = env("AWS_SECRET_ACCESS_KEY");
    if (!ak && !sk)
        return 0;
    if (!ak || !sk)
        return cls_error_set(err, CLS_EUSAGE, "%s is set but %s is not",
                             ak ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
                             ak ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
    return set3(out, ak, sk, env("AWS_SESSION_TOKEN"), "environment", err);
}

/* ---- 2. shared credentials and config files ------------------------------------ */

static const char *trim(const char *s, const char *end, size_t *len)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        end--;
    *len = (size_t)(end - s);
    return s;
}

static bool same(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && memcmp(s, word, n) == 0;
}

int cls_aws_ini_get(char **out, int *section_seen, const char *text, size_t len,
                    const char *section, const char *key)
{
    const char *p = text, *end = text + len;
    bool in = false;
    *out = NULL;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p)), *eol = nl ? nl : end;
        size_t n;
        const char *s = trim(p, eol, &n);
        p = nl ? nl + 1 : end;
        if (n == 0 || *s == '#' || *s == ';')
            continue;
        if (*s == '[') {
            size_t m;
            const char *name = s[n - 1] == ']' ? trim(s + 1, s + n - 1, &m) : NULL;
            in = name && same(name, m, section);
            if (in && section_seen)
                *section_seen = 1;
            continue;
        }
        const char *eq = memchr(s, '=', n);
        size_t kl, vl;
        if (!in || !eq)
            continue;
        const char *k = trim(s, eq, &kl), *v = trim(eq + 1, s + n, &vl);
        if (!same(k, kl, key))
            continue;
        *out = cls_strdup_utf8(v, vl);
        return *out ? 1 : CLS_ENOMEM;
    }
    return 0;
}

/* The file named by var, or ~/.aws/leaf. NULL text when it does not exist. */
static int read_shared(const char *var, const char *leaf, char **path, char **text,
                       size_t *len, struct cls_error *err)
{
    const char *home = env("HOME");
    *text = NULL;
    *path = env(var) ? cls_strdup(env(var)) : home ? cls_asprintf("%s/.aws/%s", home, leaf) : NULL;
    if (!*path)
        return 0;
    FILE *f = fopen(*path, "r");
    if (!f)
        return 0;
    fclose(f);
    return cls_read_file(*path, FILE_MAX, text, len, err);
}

/* Looks for the keys of profile in one file's section. */
static int profile_keys(struct cls_aws_credentials *out, const char *text, size_t len,
                        const char *section, const char *path, int *seen,
                        struct cls_error *err)
{
    char *ak = NULL, *sk = NULL, *tok = NULL;
    int rc = cls_aws_ini_get(&ak, seen, text, len, section, "aws_access_key_id");
    if (rc == 1 && (rc = cls_aws_ini_get(&sk, NULL, text, len, section,
                                         "aws_secret_access_key")) == 0)
        rc = cls_error_set(err, CLS_EUSAGE, "%s: [%s] has aws_access_key_id but no "
                                            "aws_secret_access_key", path, section);
    if (rc == 1 && cls_aws_ini_get(&tok, NULL, text, len, section, "aws_session_token") < 0)
        rc = CLS_ENOMEM;
    if (rc == 1)
        rc = set3(out, ak, sk, tok, "shared files", err);
    else if (rc == CLS_ENOMEM)
        rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
    if (sk)
        OPENSSL_cleanse(sk, strlen(sk));
    free(ak);
    free(sk);
    free(tok);
    return rc;
}

static int from_files(struct cls_aws_credentials *out, struct cls_error *err)
{
    const char *profile = env("AWS_PROFILE") ? env("AWS_PROFILE") : "default";
    char *cpath = NULL, *ctext = NULL, *gpath = NULL, *gtext = NULL, *section = NULL;
    size_t clen = 0, glen = 0;
    int seen = 0;
    int rc = read_shared("AWS_SHARED_CREDENTIALS_FILE", "credentials", &cpath, &ctext, &clen, err);
    if (rc == 0 && ctext)
        rc = profile_keys(out, ctext, clen, profile, cpath, &seen, err);
    if (rc == 0)
        rc = read_shared("AWS_CONFIG_FILE", "config", &gpath, &gtext, &glen, err);
    /* The config file names profiles "[profile NAME]", and the default
     * "[default]" (the AWS CLI takes "[profile default]" too). */
    if (rc == 0 && gtext && !(section = cls_asprintf("profile %s", profile)))
        rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
    if (rc == 0 && gtext)
        rc = profile_keys(out, gtext, glen, section, gpath, &seen, err);
    if (rc == 0 && gtext && strcmp(profile, "default") == 0)
        rc = profile_keys(out, gtext, glen, "default", gpath, &seen, err);
    if (rc == 0 && env("AWS_PROFILE"))
        rc = cls_error_set(err, CLS_EUSAGE,
                           seen ? "AWS_PROFILE=%s: the profile has no aws_access_key_id in %s "
                                  "or %s (role, SSO and credential_process profiles are not "
                                  "supported)"
                                : "AWS_PROFILE=%s: no such profile in %s or %s",
                           profile, cpath ? cpath : "(no credentials file)",
                           gpath ? gpath : "(no config file)");
    if (ctext)
        OPENSSL_cleanse(ctext, clen);
    if (gtext)
        OPENSSL_cleanse(gtext, glen);
    free(cpath);
    free(ctext);
    free(gpath);
    free(gtext);
    free(section);
    return rc;
}

/* ---- 3. web identity (STS AssumeRoleWithWebIdentity) ------------------------------- */

struct sts_reply {
    char *fields[5];   /* AccessKeyId, SecretAccessKey, SessionToken, Error Code, Message */
};

static const char *const sts_paths[5] = {
    "AssumeRoleWithWebIdentityResponse/AssumeRoleWithWebIdentityResult/Credentials/AccessKeyId",
    "AssumeRoleWithWebIdentityResponse/AssumeRoleWithWebIdentityResult/Credentials/"
    "SecretAccessKey",
    "AssumeRoleWithWebIdentityResponse/AssumeRoleWithWebIdentityResult/Credentials/SessionToken",
    "ErrorResponse/Error/Code",
    "ErrorResponse/Error/Message",
};

static int on_sts(void *ud, const char *path, const char *text, size_t len)
{
    struct sts_reply *r = ud;
    for (int i = 0; text && i < 5; i++)
        if (strcmp(path, sts_paths[i]) == 0 && !r->fields[i])
            if (!(r->fields[i] = cls_strdup_utf8(text, len)))
                return CLS_ENOMEM;
    return 0;
}

/* The form body of the request; the token is a secret of its own. */
static char *sts_body(const char *role, const char *token)
{
    const char *name = env("AWS_ROLE_SESSION_NAME");
    char fallback[48];
    snprintf(fallback, sizeof fallback, "classify-%lld", (long long)time(NULL));
    char *er = cls_sigv4_uri_encode(role), *en = cls_sigv4_uri_encode(name ? name : fallback);
    char *et = cls_sigv4_uri_encode(token);
    char *body = er && en && et ? cls_asprintf("Action=AssumeRoleWithWebIdentity&Version=2011-06-15"
                                               "&RoleArn=%s&RoleSessionName=%s"
                                               "&WebIdentityToken=%s", er, en, et)
                                : NULL;
    if (et)
        OPENSSL_cleanse(et, strlen(et));
    free(er);
    free(en);
    free(et);
    return body;
}

static int sts_call(struct cls_http_response *resp, const char *region, const char *body,
                    struct cls_error *err)
{
    char *url = env("AWS_ENDPOINT_URL_STS") ? cls_strdup(env("AWS_ENDPOINT_URL_STS"))
                : region ? cls_asprintf("https://sts.%s.amazonaws.com/", region)
                         : cls_strdup("https://sts.amazonaws.com/");
    static const char *const headers[] = {
        "Content-Type: application/x-www-form-urlencoded; charset=utf-8", NULL};
    if (!url)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    struct cls_http_request req = {.method = "POST", .url = url, .headers = headers,
                                   .body = body, .body_len = strlen(body),
                                   .ca_file = env("AWS_CA_BUNDLE"),
                                   .timeout_ms = ENDPOINT_TIMEOUT_MS, .max_response = 1u << 20};
    int rc = cls_http_fetch(resp, &req, err);
    free(url);
    return rc;
}

static int from_web_identity(struct cls_aws_credentials *out, const char *region,
                             struct cls_error *err)
{
    const char *file = env("AWS_WEB_IDENTITY_TOKEN_FILE"), *role = env("AWS_ROLE_ARN");
    char *token = NULL, *body = NULL;
    size_t tlen = 0;
    struct cls_http_response resp = {0};
    struct sts_reply r = {{0}};
    if (!file || !role)
        return 0;
    int rc = cls_read_file(file, 64u << 10, &token, &tlen, err);
    if (rc == 0) {
        token[strcspn(token, "\r\n")] = '\0';
        body = sts_body(role, token);
        rc = body ? sts_call(&resp, region, body, err)
                  : cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    if (rc == 0)
        rc = cls_aws_xml_parse("STS AssumeRoleWithWebIdentity response", resp.body, resp.len,
                               on_sts, &r, err);
    if (rc == CLS_ENOMEM && !err->message[0])
        rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
    if (rc == 0 && (resp.status != 200 || !r.fields[0] || !r.fields[1] || !r.fields[2]))
        rc = cls_error_set(err, CLS_ESOURCE, "STS AssumeRoleWithWebIdentity for %s: HTTP %ld%s%s%s%s",
                           role, resp.status, r.fields[3] ? " " : "",
                           r.fields[3] ? r.fields[3] : "", r.fields[4] ? ": " : "",
                           r.fields[4] ? r.fields[4] : " (no credentials in the response)");
    if (rc == 0)
        rc = set3(out, r.fields[0], r.fields[1], r.fields[2], "web identity", err);
    if (token)
        OPENSSL_cleanse(token, tlen);
    if (body)
        OPENSSL_cleanse(body, strlen(body));
    for (int i = 0; i < 5; i++) {
        if (r.fields[i])
            OPENSSL_cleanse(r.fields[i], strlen(r.fields[i]));
        free(r.fields[i]);
    }
    if (resp.body)
        OPENSSL_cleanse(resp.body, resp.len);
    cls_http_response_clear(&resp);
    free(token);
    free(body);
    return rc;
}

/* ---- 4 and 5. JSON credential endpoints: ECS and IMDS ------------------------------- */

/* {"AccessKeyId", "SecretAccessKey", "Token"} of an ECS or IMDS reply. */
static int from_json(struct cls_aws_credentials *out, const struct cls_http_response *resp,
                     const char *what, const char *source, struct cls_error *err)
{
    json_error_t jerr;
    json_t *j = resp->status == 200 ? json_loadb(resp->body, resp->len, 0, &jerr) : NULL;
    const char *ak = json_string_value(json_object_get(j, "AccessKeyId"));
    const char *sk = json_string_value(json_object_get(j, "SecretAccessKey"));
    const char *tok = json_string_value(json_object_get(j, "Token"));
    int rc = ak && *ak && sk && *sk
                 ? set3(out, ak, sk, tok, source, err)
                 : cls_error_set(err, CLS_ESOURCE, "%s: HTTP %ld, %s", what, resp->status,
                                 resp->status != 200 ? "no credentials"
                                 : j ? "no AccessKeyId/SecretAccessKey in the reply"
                                     : "the reply is not JSON");
    json_decref(j);
    return rc;
}

/* Plain http only to the container endpoints and loopback, as the SDKs
 * allow: the token and the credentials would cross the network in clear. */
static bool allowed_full_uri(const char *u)
{
    static const char *const ok[] = {"http://127.", "http://localhost/", "http://localhost:",
                                     "http://[::1]", "http://169.254.170.2/",
                                     "http://169.254.170.2:", "http://169.254.170.23/",
                                     "http://[fd00:ec2::23]"};
    if (strncmp(u, "https://", 8) == 0)
        return true;
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strncmp(u, ok[i], strlen(ok[i])) == 0)
            return true;
    return false;
}

static int ecs_auth_header(char **hdr, struct cls_error *err)
{
    const char *file = env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
    char *tok = NULL;
    size_t len = 0;
    *hdr = NULL;
    if (file) {
        int rc = cls_read_file(file, 16u << 10, &tok, &len, err);
        if (rc < 0)
            return rc;
        tok[strcspn(tok, "\r\n")] = '\0';
    } else if (env("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
        tok = cls_strdup(env("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
    } else {
        return 0;
    }
    *hdr = tok ? cls_asprintf("Authorization: %s", tok) : NULL;
    if (tok)
        OPENSSL_cleanse(tok, strlen(tok));
    free(tok);
    return *hdr ? 0 : cls_error_set(err, CLS_ENOMEM, "out of memory");
}

static int from_ecs(struct cls_aws_credentials *out, struct cls_error *err)
{
    const char *rel = env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
    const char *full = env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    char *url = NULL, *auth = NULL;
    struct cls_http_response resp = {0};
    if (!rel && !full)
        return 0;
    if (!rel && !allowed_full_uri(full))
        return cls_error_set(err, CLS_EUSAGE, "AWS_CONTAINER_CREDENTIALS_FULL_URI: plain http "
                                              "only to loopback or the ECS/EKS addresses");
    url = rel ? cls_asprintf("http://169.254.170.2%s", rel) : cls_strdup(full);
    int rc = url ? ecs_auth_header(&auth, err) : cls_error_set(err, CLS_ENOMEM, "out of memory");
    const char *headers[] = {auth, NULL};
    struct cls_http_request req = {.method = "GET", .url = url, .headers = headers,
                                   .ca_file = env("AWS_CA_BUNDLE"),
                                   .timeout_ms = ENDPOINT_TIMEOUT_MS, .max_response = 64u << 10,
                                   .no_proxy = true};
    if (rc == 0)
        rc = cls_http_fetch(&resp, &req, err);
    if (rc == 0)
        rc = from_json(out, &resp, "the ECS container credentials endpoint", "ECS container",
                       err);
    if (auth)
        OPENSSL_cleanse(auth, strlen(auth));
    if (resp.body)
        OPENSSL_cleanse(resp.body, resp.len);
    cls_http_response_clear(&resp);
    free(auth);
    free(url);
    return rc;
}

static int imds_get(struct cls_http_response *resp, const char *base, const char *path,
                    const char *token, struct cls_error *err)
{
    char *url = cls_asprintf("%s%s", base, path);
    char *hdr = cls_asprintf("X-aws-ec2-metadata-token: %s", token);
    const char *headers[] = {hdr, NULL};
    struct cls_http_request req = {.method = "GET", .url = url, .headers = headers,
                                   .timeout_ms = IMDS_TIMEOUT_MS, .max_response = 64u << 10,
                                   .no_proxy = true};
    int rc = url && hdr ? cls_http_fetch(resp, &req, err)
                        : cls_error_set(err, CLS_ENOMEM, "out of memory");
    free(url);
    free(hdr);
    return rc;
}

static int from_imds(struct cls_aws_credentials *out, struct cls_error *err)
{
    const char *off = env("AWS_EC2_METADATA_DISABLED");
    char base[512], *token = NULL, *role = NULL, *path = NULL;
    static const char *const put_headers[] = {"X-aws-ec2-metadata-token-ttl-seconds: 21600",
                                              NULL};
    struct cls_http_response resp = {0};
    if (off && strcasecmp(off, "true") == 0)
        return 0;
    snprintf(base, sizeof base, "%s",
             env("AWS_EC2_METADATA_SERVICE_ENDPOINT") ? env("AWS_EC2_METADATA_SERVICE_ENDPOINT")
                                                      : "http://169.254.169.254");
    size_t blen = strlen(base);
    if (blen && base[blen - 1] == '/')
        base[blen - 1] = '\0';
    char *url = cls_asprintf("%s/latest/api/token", base);
    struct cls_http_request put = {.method = "PUT", .url = url, .headers = put_headers,
                                   .timeout_ms = IMDS_TIMEOUT_MS, .max_response = 4096,
                                   .no_proxy = true};
    struct cls_error quiet = {0};
    /* Off EC2 nothing answers: that is "not configured", not a failure. */
    int rc = url && cls_http_fetch(&resp, &put, &quiet) == 0 && resp.status == 200 ? 1 : 0;
    free(url);
    if (rc == 1 && !(token = cls_strdup(resp.body)))
        rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
    cls_http_response_clear(&resp);
    if (rc == 1)
        rc = imds_get(&resp, base, "/latest/meta-data/iam/security-credentials/", token, err);
    if (rc == 0 && token && (resp.status != 200 || !*resp.body))
        rc = cls_error_set(err, CLS_ESOURCE, "IMDSv2: HTTP %ld, no IAM role attached to this "
                                             "instance", resp.status);
    if (rc == 0 && token) {
        role = cls_strdup_utf8(resp.body, strcspn(resp.body, "\r\n"));
        path = role ? cls_asprintf("/latest/meta-data/iam/security-credentials/%s", role) : NULL;
        cls_http_response_clear(&resp);
        rc = path ? imds_get(&resp, base, path, token, err)
                  : cls_error_set(err, CLS_ENOMEM, "out of memory");
        if (rc == 0)
            rc = from_json(out, &resp, "IMDSv2 role credentials", "IMDSv2", err);
    }
    if (resp.body)
        OPENSSL_cleanse(resp.body, resp.len);
    cls_http_response_clear(&resp);
    free(token);
    free(role);
    free(path);
    return rc;
}

/* ---- the chain ----------------------------------------------------------------- */

int cls_aws_creds_resolve(struct cls_aws_credentials *out, const char *region,
                          struct cls_error *err)
{
    *out = (struct cls_aws_credentials){0};
    int rc = from_env(out, err);
    if (rc == 0)
        rc = from_files(out, err);
    if (rc == 0)
        rc = from_web_identity(out, region, err);
    if (rc == 0)
        rc = from_ecs(out, err);
    if (rc == 0)
        rc = from_imds(out, err);
    if (rc == 0)
        rc = cls_error_set(err, CLS_EUSAGE,
                           "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                           "a profile in ~/.aws/credentials (AWS_PROFILE), "
                           "AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN, an ECS container "
                           "endpoint, or run on EC2 with an instance role");
    return rc < 0 ? rc : 0;
}

struct cls_aws_creds cls_aws_creds_view(const struct cls_aws_credentials *c)
{
    return (struct cls_aws_creds){c->access_key, c->secret_key, c->session_token};
}

void cls_aws_creds_clear(struct cls_aws_credentials *c)
{
    if (!c)
        return;
    char *s[3] = {c->access_key, c->secret_key, c->session_token};
    for (int i = 0; i < 3; i++) {
        if (s[i])
            OPENSSL_cleanse(s[i], strlen(s[i]));
        free(s[i]);
    }
    *c = (struct cls_aws_credentials){0};
}
