/* HTTP(S) with libcurl (http.h). Every exchange verifies TLS (peer and host
 * name), follows no redirect (a redirect could carry a signed request or a
 * metadata token elsewhere), speaks only http and https, has a deadline,
 * and stops reading a response past its cap: the bodies are outside input
 * parsed next. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "sources/http.h"
#include "util/util.h"

#define DEFAULT_TIMEOUT_MS 10000L
#define DEFAULT_MAX (4u << 20)

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static CURLcode init_rc = CURLE_FAILED_INIT;

static void global_init(void)
{
    init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct sink {
    struct cls_http_response *resp;
    size_t cap, max;
    bool toobig;
};

static size_t on_body(char *data, size_t size, size_t n, void *userdata)
{
    struct sink *s = userdata;
    size_t len = size * n;
    if (s->resp->len + len > s->max) {
        s->toobig = true;
        return 0;
    }
    if (s->resp->len + len + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        while (cap < s->resp->len + len + 1)
            cap *= 2;
        char *b = realloc(s->resp->body, cap);
        if (!b)
            return 0;
        s->resp->body = b;
        s->cap = cap;
    }
    memcpy(s->resp->body + s->resp->len, data, len);
    s->resp->len += len;
    s->resp->body[s->resp->len] = '\0';
    return len;
}

/* The URL up to its query: queries may carry tokens. */
static void url_for_message(char *out, size_t size, const char *url)
{
    snprintf(out, size, "%.*s", (int)strcspn(url, "?#"), url);
}

static int setup(CURL *h, const struct cls_http_request *req, struct curl_slist *hdrs,
                 struct sink *sink)
{
    CURLcode rc = CURLE_OK;
    rc |= curl_easy_setopt(h, CURLOPT_URL, req->url);
    rc |= curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");   /* libcurl 7.85 */
    rc |= curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    rc |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    rc |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    rc |= curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    rc |= curl_easy_setopt(h, CURLOPT_TIMEOUT_MS,
                           req->timeout_ms > 0 ? req->timeout_ms : DEFAULT_TIMEOUT_MS);
    rc |= curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    rc |= curl_easy_setopt(h, CURLOPT_WRITEDATA, sink);
    rc |= curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    if (req->ca_file)
        rc |= curl_easy_setopt(h, CURLOPT_CAINFO, req->ca_file);
    if (req->no_proxy)
        rc |= curl_easy_setopt(h, CURLOPT_PROXY, "");
    if (req->body) {
        rc |= curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->body);
        rc |= curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
    }
    if (req->method && strcmp(req->method, req->body ? "POST" : "GET") != 0)
        rc |= curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
    if (req->method && strcmp(req->method, "PUT") == 0 && !req->body) {
        /* An empty PUT (the IMDSv2 token request) still sends a body length. */
        rc |= curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
        rc |= curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
    }
    return rc == CURLE_OK ? 0 : -1;
}

int cls_http_fetch(struct cls_http_response *resp, const struct cls_http_request *req,
                   struct cls_error *err)
{
    char where[512];
    struct sink sink = {.resp = resp, .max = req->max_response ? req->max_response : DEFAULT_MAX};
    struct curl_slist *hdrs = NULL;
    CURL *h = NULL;
    int rc = 0;
    *resp = (struct cls_http_response){0};
    url_for_message(where, sizeof where, req->url);
    if (strncmp(req->url, "https://", 8) != 0 && strncmp(req->url, "http://", 7) != 0)
        return cls_error_set(err, CLS_EUSAGE, "%s: not an http:// or https:// URL", where);
    pthread_once(&init_once, global_init);
    if (init_rc != CURLE_OK || !(h = curl_easy_init()))
        return cls_error_set(err, CLS_ENOMEM, "libcurl could not start");
    for (size_t i = 0; req->headers && req->headers[i]; i++) {
        struct curl_slist *n = curl_slist_append(hdrs, req->headers[i]);
        if (!n) {
            rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
            goto done;
        }
        hdrs = n;
    }
    if (setup(h, req, hdrs, &sink) < 0) {
        rc = cls_error_set(err, CLS_ERR, "%s: libcurl refused an option", where);
        goto done;
    }
    CURLcode c = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp->status);
    if (sink.toobig)
        rc = cls_error_set(err, CLS_ETOOBIG, "%s: response larger than %zu bytes", where,
                           sink.max);
    else if (c == CURLE_OPERATION_TIMEDOUT)
        rc = cls_error_set(err, CLS_ETIMEOUT, "%s: no response within %ld ms", where,
                           req->timeout_ms > 0 ? req->timeout_ms : DEFAULT_TIMEOUT_MS);
    else if (c != CURLE_OK)
        rc = cls_error_set(err, CLS_EIO, "%s: %s", where, curl_easy_strerror(c));
    else if (!resp->body && !(resp->body = calloc(1, 1)))
        rc = cls_error_set(err, CLS_ENOMEM, "out of memory");
done:
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    return rc;
}

void cls_http_response_clear(struct cls_http_response *resp)
{
    if (!resp)
        return;
    free(resp->body);
    *resp = (struct cls_http_response){0};
}
