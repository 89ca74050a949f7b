/* Helpers the database sources share: scrubbing secrets out of client
 * library messages, display forms of targets, and a small string list
 * for least-privilege warnings (loopback is decided on addresses, in
 * netcheck.h). */
#ifndef CLASSIFY_DB_UTIL_H
#define CLASSIFY_DB_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "classify/error.h"

struct cls_strlist {
    char **items;
    size_t count;
};

/* Appends a printf-formatted string; returns 0 or CLS_ENOMEM. */
int cls_strlist_add(struct cls_strlist *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cls_strlist_clear(struct cls_strlist *l);

/* Sets err to "prefix: msg" with every occurrence of secret (when not NULL
 * or empty) replaced by "********" and line breaks folded into "; ", so a
 * client library's multi-line message becomes one safe line. Returns code. */
int cls_db_error(struct cls_error *err, int code, const char *secret, const char *prefix,
                 const char *msg);

/* Decodes %XX escapes of a URI component into a new string (NULL on a bad
 * escape or out of memory). */
char *cls_db_percent_decode(const char *s, size_t len);

/* Finds the '@' that ends the userinfo of a URI whose authority starts at
 * auth (just after "scheme://"). Special characters in a user name or a
 * password should be %-encoded; an unencoded '/', '?' or '#' in the
 * password is tolerated by taking the last '@' of the URI. Sets *at to that
 * '@' (NULL: no userinfo) and returns 0, or -1 when the '@' could be either
 * one (an '@' both before the first '/' and after it, with a clean user
 * name): the caller must then show or use no part of the URI. */
int cls_db_uri_userinfo(const char *auth, const char **at);

/* The printable form of a target: "scheme://host[:port]/db" for a URI or
 * a libpq conninfo string (user, password and query dropped), else a copy
 * of the target (a file path); "scheme://(unparsable target)" when the
 * userinfo's end is unclear. NULL on out of memory. */
char *cls_db_redact_target(const char *target);

/* True when target carries a password (URI user:password@ or a libpq
 * "password=" keyword): it is then visible in `ps`. */
bool cls_db_target_has_password(const char *target);

/* True when type is one of the prefixes followed by "(N)" with
 * 0 < N <= max: "varchar(255)" for prefix "varchar(" (a catalog's type
 * name with a length, whose values are never longer as text). */
bool cls_db_type_length_fits(const char *type, const char *const *prefixes, size_t count,
                             long max);
#endif
