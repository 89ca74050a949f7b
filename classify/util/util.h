/* Small internal helpers shared by the core: string copies that make outside
 * text safe for the report, growable arrays, time stamps, atomic files. */
#ifndef CLASSIFY_UTIL_H
#define CLASSIFY_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "classify/error.h"

/* Copies s (len bytes) into a new NUL-terminated string in which every
 * invalid UTF-8 sequence and every control character other than tab (NUL,
 * C0, DEL and the C1 controls U+0080-U+009F) is replaced by U+FFFD, so the
 * result can go into JSON and onto a terminal. NULL on ENOMEM. */
char *cls_strdup_utf8(const char *s, size_t len);
/* cls_strdup_utf8 of a whole NUL-terminated string; NULL gives "". For
 * strings read back from outside files (reports, workbooks). NULL only
 * on ENOMEM. */
char *cls_strdup_text(const char *s);
/* strdup that tolerates NULL (returns NULL). */
char *cls_strdup(const char *s);
/* printf into a new string. */
char *cls_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* FNV-1a of a key of several strings: start from CLS_FNV1A_BASIS and fold
 * each part in; every part ends with a byte UTF-8 text never holds, so
 * ("ab", "c") and ("a", "bc") differ; NULL folds in as "". */
#define CLS_FNV1A_BASIS 0xcbf29ce484222325ull
uint64_t cls_fnv1a_part(uint64_t h, const char *s);

/* Grows *items (elements of size elem) so that index `need` fits.
 * Returns 0 or CLS_ENOMEM; *cap is updated. */
int cls_grow(void **items, size_t *cap, size_t need, size_t elem);

/* RFC 3339 UTC time "2026-11-27T10:00:00Z" of now, into buf[32]. */
void cls_utc_now(char buf[32]);
/* Compact UTC time "20261127T100000Z" (file names), into buf[32]. */
void cls_utc_now_compact(char buf[32]);

/* Writes data to path with mode 0600 via a temp file in the same directory
 * and rename(2). path "-" writes to stdout. */
int cls_write_file_atomic(const char *path, const char *data, size_t len,
                          struct cls_error *err);

/* A file written in pieces and then put in place atomically, mode 0600:
 * cls_atomic_open creates a temp file beside path (path "-": stdout),
 * the caller writes to ->f, cls_atomic_close flushes, syncs and renames
 * (ok true) or removes the temp file (ok false). */
struct cls_atomic_file {
    FILE *f;
    char *path;
    char *tmp;      /* NULL when writing to stdout or in place */
    bool special;   /* a device or FIFO, written in place */
};
int cls_atomic_open(struct cls_atomic_file *a, const char *path, struct cls_error *err);
int cls_atomic_close(struct cls_atomic_file *a, bool ok, struct cls_error *err);

/* Reads a whole file (capped at max bytes) into a malloc'd buffer with a
 * terminating NUL. */
int cls_read_file(const char *path, size_t max, char **out, size_t *len,
                  struct cls_error *err);

/* An absolute form of a file path, for identities that must not depend on
 * the working directory: the directory resolved with realpath(3) (links
 * and ".." gone), then the file name, so a file that does not exist (yet)
 * still gets the same name it would have. Falls back to a copy of path.
 * NULL only when out of memory. */
char *cls_abs_path(const char *path);

/* SHA-256 of data as 64 lowercase hex characters into hex[65]. */
void cls_sha256_hex(const void *data, size_t len, char hex[65]);

/* splitmix64: a small, well-mixed PRNG for reproducible sampling. */
uint64_t cls_rand_next(uint64_t *state);
/* Uniform integer in [0, n) without modulo bias. n > 0. */
uint64_t cls_rand_below(uint64_t *state, uint64_t n);

#endif
