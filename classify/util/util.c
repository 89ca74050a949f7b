/* Internal helpers: UTF-8-safe copies, growable arrays, time stamps, atomic
 * file writes, SHA-256 and a seeded PRNG. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "util/util.h"

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when invalid.
 * Rejects overlongs, surrogates and code points above U+10FFFF. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return (n >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0;
        if (c == 0xED && s[1] >= 0xA0)
            return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
            (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0;
        if (c == 0xF4 && s[1] >= 0x90)
            return 0;
        return 4;
    }
    return 0;
}

char *cls_strdup_utf8(const char *s, size_t len)
{
    /* Worst case every byte becomes the 3-byte U+FFFD. */
    char *out = malloc(len * 3 + 1);
    size_t o = 0;
    const unsigned char *u = (const unsigned char *)s;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len;) {
        size_t k = utf8_seq_len(u + i, len - i);
        /* C0 (but tab), DEL and C1 controls: U+009B alone is CSI, which a
         * terminal obeys like ESC [. */
        bool control = (k == 1 && ((u[i] < 0x20 && u[i] != '\t') || u[i] == 0x7F)) ||
                       (k == 2 && u[i] == 0xC2 && u[i + 1] < 0xA0);
        if (k == 0 || control) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i += k ? k : 1;
        } else {
            memcpy(out + o, u + i, k);
            o += k;
            i += k;
        }
    }
    out[o] = '\0';
    return out;
}

char *cls_strdup_text(const char *s)
{
    return cls_strdup_utf8(s ? s : "", s ? strlen(s) : 0);
}

char *cls_strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

char *cls_asprintf(const char *fmt, ...)
{
    va_list ap;
    char *out = NULL;
    va_start(ap, fmt);
    if (vasprintf(&out, fmt, ap) < 0)
        out = NULL;
    va_end(ap);
    return out;
}

int cls_grow(void **items, size_t *cap, size_t need, size_t elem)
{
    if (need < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 8;
    while (ncap <= need)
        ncap *= 2;
    void *p = realloc(*items, ncap * elem);
    if (!p)
        return CLS_ENOMEM;
    memset((char *)p + *cap * elem, 0, (ncap - *cap) * elem);
    *items = p;
    *cap = ncap;
    return 0;
}

void cls_utc_now(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void cls_utc_now_compact(char buf[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y%m%dT%H%M%SZ", &tm);
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += w;
        len -= (size_t)w;
    }
    return 0;
}

/* A path that exists and is not a regular file (/dev/null, a FIFO) is
 * written in place: renaming over it would replace the device. */
static bool special_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && !S_ISREG(st.st_mode);
}

int cls_write_file_atomic(const char *path, const char *data, size_t len,
                          struct cls_error *err)
{
    if (strcmp(path, "-") == 0) {
        if (write_all(STDOUT_FILENO, data, len) < 0)
            return cls_error_set(err, CLS_EIO, "stdout: %s", strerror(errno));
        return 0;
    }
    if (special_file(path)) {
        int fd = open(path, O_WRONLY);
        int bad = fd < 0 || write_all(fd, data, len) < 0;
        int e = errno;
        if (fd >= 0)
            close(fd);
        return bad ? cls_error_set(err, CLS_EIO, "%s: %s", path, strerror(e)) : 0;
    }
    char *tmp = cls_asprintf("%s.XXXXXX", path);
    if (!tmp)
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    /* mkstemp creates the file 0600, so the report is never readable by
     * others, not even for the moment before rename. */
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return cls_error_set(err, CLS_EIO, "%s: cannot create: %s", path, strerror(e));
    }
    if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        free(tmp);
        return cls_error_set(err, CLS_EIO, "%s: write failed: %s", path, strerror(e));
    }
    close(fd);
    if (rename(tmp, path) < 0) {
        int e = errno;
        unlink(tmp);
        free(tmp);
        return cls_error_set(err, CLS_EIO, "%s: cannot rename into place: %s", path,
                             strerror(e));
    }
    free(tmp);
    return 0;
}

int cls_atomic_open(struct cls_atomic_file *a, const char *path, struct cls_error *err)
{
    memset(a, 0, sizeof *a);
    if (strcmp(path, "-") == 0) {
        a->f = stdout;
        return 0;
    }
    if (special_file(path)) {
        a->special = true;
        if (!(a->f = fopen(path, "w")))
            return cls_error_set(err, CLS_EIO, "%s: %s", path, strerror(errno));
        return 0;
    }
    a->path = strdup(path);
    a->tmp = cls_asprintf("%s.XXXXXX", path);
    if (!a->path || !a->tmp) {
        free(a->path);
        free(a->tmp);
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    int fd = mkstemp(a->tmp);      /* 0600 from the start */
    if (fd < 0 || !(a->f = fdopen(fd, "w"))) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
            unlink(a->tmp);
        }
        free(a->path);
        free(a->tmp);
        return cls_error_set(err, CLS_EIO, "%s: cannot create: %s", path, strerror(e));
    }
    return 0;
}

int cls_atomic_close(struct cls_atomic_file *a, bool ok, struct cls_error *err)
{
    int rc = 0;
    if (a->special) {
        if (fclose(a->f) != 0)
            rc = cls_error_set(err, CLS_EIO, "write failed: %s", strerror(errno));
        return ok ? rc : CLS_ERR;
    }
    if (!a->tmp) {
        if (fflush(a->f) != 0)
            rc = cls_error_set(err, CLS_EIO, "stdout: %s", strerror(errno));
        return ok ? rc : CLS_ERR;
    }
    if (ok && (fflush(a->f) != 0 || ferror(a->f) || fsync(fileno(a->f)) != 0))
        rc = cls_error_set(err, CLS_EIO, "%s: write failed: %s", a->path, strerror(errno));
    if (fclose(a->f) != 0 && ok && rc == 0)
        rc = cls_error_set(err, CLS_EIO, "%s: write failed: %s", a->path, strerror(errno));
    if (ok && rc == 0 && rename(a->tmp, a->path) != 0)
        rc = cls_error_set(err, CLS_EIO, "%s: cannot rename into place: %s", a->path,
                           strerror(errno));
    if (!ok || rc != 0)
        unlink(a->tmp);
    free(a->tmp);
    free(a->path);
    return ok ? rc : CLS_ERR;
}

int cls_read_file(const char *path, size_t max, char **out, size_t *len,
                  struct cls_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cls_error_set(err, CLS_EIO, "%s: %s", path, strerror(errno));
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        fclose(f);
        return cls_error_set(err, CLS_ENOMEM, "out of memory");
    }
    for (;;) {
        if (n == cap) {
            if (cap >= max) {
                free(buf);
                fclose(f);
                return cls_error_set(err, CLS_ETOOBIG, "%s: larger than %zu bytes", path, max);
            }
            cap *= 2;
            char *nb = realloc(buf, cap + 1);
            if (!nb) {
                free(buf);
                fclose(f);
                return cls_error_set(err, CLS_ENOMEM, "out of memory");
            }
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return cls_error_set(err, CLS_EIO, "%s: read error", path);
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

char *cls_abs_path(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    char *dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
    if (!dir)
        return NULL;
    char *real = *base ? realpath(dir, NULL) : NULL;
    free(dir);
    if (!real)
        return strdup(path);
    char *out = cls_asprintf("%s%s%s", real, strcmp(real, "/") == 0 ? "" : "/", base);
    free(real);
    return out;
}

void cls_sha256_hex(const void *data, size_t len, char hex[65])
{
    unsigned char md[32];
    unsigned int mdlen = 0;
    EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
    for (unsigned i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    hex[64] = '\0';
}

uint64_t cls_rand_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

uint64_t cls_rand_below(uint64_t *state, uint64_t n)
{
    /* Rejection sampling: discard the top sliver that would bias. */
    uint64_t limit = UINT64_MAX - (UINT64_MAX % n);
    uint64_t r;
    do {
        r = cls_rand_next(state);
    } while (r >= limit);
    return r % n;
}

uint64_t cls_fnv1a_part(uint64_t h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
        h = (h ^ *p) * 0x100000001b3ull;
    return (h ^ 0xffu) * 0x100000001b3ull;
}
