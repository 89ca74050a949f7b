/* AWS Signature Version 4 (HMAC-SHA256, OpenSSL) and the RDS IAM
 * authentication token built with it: a presigned `connect` URL that the
 * database accepts as a password for 15 minutes. */
#ifndef CLASSIFY_SIGV4_H
#define CLASSIFY_SIGV4_H

#include <stddef.h>
#include <time.h>

struct cls_aws_creds {
    const char *access_key;
    const char *secret_key;
    const char *session_token;   /* NULL or "" without one */
};

/* Signs a canonical request: builds the string to sign for
 * amz_date ("YYYYMMDDTHHMMSSZ"), region and service, derives the signing
 * key from secret and writes the hex signature into sig[65]. Returns 0, or
 * -1 when amz_date is malformed or OpenSSL fails. */
int cls_sigv4_sign(char sig[65], const char *secret, const char *amz_date,
                   const char *region, const char *service,
                   const char *canonical_request);

/* RFC 3986 percent-encoding of all but the unreserved characters (what
 * SigV4 and form bodies use), malloc'd; NULL when out of memory. */
char *cls_sigv4_uri_encode(const char *s);

struct cls_sigv4_param {
    const char *key;
    const char *value;
};

/* A request signed in its query string (GET, only the host header
 * signed). params are the request's own (unsorted, not encoded). */
struct cls_sigv4_presign {
    const char *host;            /* the Host header: "h" or "h:port" */
    const char *path;            /* already URI-encoded, e.g. "/" */
    const struct cls_sigv4_param *params;
    size_t param_count;
    const char *region, *service, *amz_date;
    unsigned expires;            /* seconds */
    const char *payload_hash;    /* hex SHA-256, or "UNSIGNED-PAYLOAD" */
    const struct cls_aws_creds *creds;
};

/* The signed query string ("A=1&...&X-Amz-Signature=..."), malloc'd; NULL
 * on a malformed date or out of memory. */
char *cls_sigv4_presign_query(const struct cls_sigv4_presign *req);

/* A request signed in its Authorization header (the AWS Query APIs: a POST
 * of a form body). Signs host, x-amz-date, x-amz-security-token (with a
 * session token) and the extra headers given, whose names must be
 * lowercase and sorted and sort with those three (content-type does). */
struct cls_sigv4_request {
    const char *method;          /* "GET", "POST" */
    const char *host;            /* the Host header: "h" or "h:port" */
    const char *path;            /* already URI-encoded, e.g. "/" */
    const struct cls_sigv4_param *query;   /* unsorted, not encoded */
    size_t query_count;
    const struct cls_sigv4_param *headers; /* lowercase name, trimmed value */
    size_t header_count;
    const char *payload;         /* the body, or NULL for none */
    size_t payload_len;
    const char *region, *service, *amz_date;
    const struct cls_aws_creds *creds;
};

/* The Authorization header's value ("AWS4-HMAC-SHA256 Credential=...,
 * SignedHeaders=..., Signature=..."), malloc'd; NULL on a malformed date,
 * headers out of order or out of memory. The caller sends x-amz-date (and
 * x-amz-security-token) with the values given here. */
char *cls_sigv4_authorization(const struct cls_sigv4_request *req);

/* The RDS auth token "host:port/?Action=connect&DBUser=user&X-Amz-...",
 * valid 15 minutes from now, malloc'd; NULL on failure. */
char *cls_rds_auth_token(const char *host, unsigned port, const char *user,
                         const char *region, const struct cls_aws_creds *creds, time_t now);

#include "classify/error.h"

/* The RDS token for host:port and user, with the credentials of the
 * standard chain (aws_creds.h: environment, shared files, web identity,
 * ECS, IMDSv2) and the region given (or AWS_REGION / AWS_DEFAULT_REGION).
 * *out is the caller's. Returns 0, or a negative code with a message naming what is
 * missing. */
int cls_rds_token_from_env(char **out, const char *host, unsigned port, const char *user,
                           const char *region, struct cls_error *err);

#endif
