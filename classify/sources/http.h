/* One HTTP(S) exchange with libcurl, for the AWS APIs (RDS, STS) and the
 * credential endpoints (ECS, IMDS): TLS verified, no redirects, a time
 * limit and a cap on the response, which is outside input. */
#ifndef CLASSIFY_HTTP_H
#define CLASSIFY_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "classify/error.h"

struct cls_http_request {
    const char *method;              /* "GET", "PUT", "POST" */
    const char *url;                 /* http:// or https:// only */
    const char *const *headers;      /* "Name: value" lines, NULL-terminated; or NULL */
    const char *body;                /* NULL: none */
    size_t body_len;
    const char *ca_file;             /* PEM bundle to verify with; NULL: the system's */
    long timeout_ms;                 /* whole exchange; 0: 10 s */
    size_t max_response;             /* body cap in bytes; 0: 4 MiB */
    bool no_proxy;                   /* link-local endpoints never go through a proxy */
};

struct cls_http_response {
    long status;                     /* HTTP status; 0 before one arrived */
    char *body;                      /* NUL-terminated, malloc'd */
    size_t len;
};

/* Performs the request into *resp (which the caller clears with
 * cls_http_response_clear, also after a failure). Returns 0 once a
 * response arrived, whatever its status; CLS_ETIMEOUT, CLS_ETOOBIG,
 * CLS_EIO (connection, TLS) or CLS_EUSAGE (a URL of another scheme) with a
 * message naming the URL without its query. */
int cls_http_fetch(struct cls_http_response *resp, const struct cls_http_request *req,
                   struct cls_error *err);

void cls_http_response_clear(struct cls_http_response *resp);

#endif
