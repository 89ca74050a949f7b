/* The command line's share of database targets: reading --targets FILE,
 * warning about passwords typed on the command line, and printing the
 * scan's warnings (least privilege, plaintext) on stderr. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify/scan.h"
#include "cli/db_options.h"
#include "sources/db_util.h"
#include "util/util.h"

/* A targets file is a short list; 1 MiB is far beyond any real one. */
#define TARGETS_FILE_MAX (1024 * 1024)

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

/* Cuts a comment off a line: '#' at its start or after a blank. A '#'
 * inside a word (a file name, a percent-encoded URI never has one) stays. */
static void cut_comment(char *line)
{
    for (char *p = line; *p; p++) {
        if (*p == '#' && (p == line || p[-1] == ' ' || p[-1] == '\t')) {
            *p = '\0';
            return;
        }
    }
}

/* All the files, one after the other, each ending in a newline. */
static int read_files(const char *const *files, size_t nfiles, char **buf, size_t *len)
{
    struct cls_error err = {0};
    *buf = NULL;
    *len = 0;
    for (size_t i = 0; i < nfiles; i++) {
        char *one = NULL;
        size_t n = 0;
        if (cls_read_file(files[i], TARGETS_FILE_MAX, &one, &n, &err) < 0) {
            fprintf(stderr, "classify: --targets: %s\n", err.message);
            free(*buf);
            return -1;
        }
        char *all = realloc(*buf, *len + n + 2);
        if (!all) {
            free(one);
            free(*buf);
            fprintf(stderr, "classify: out of memory\n");
            return -1;
        }
        memcpy(all + *len, one, n);
        *len += n;
        all[(*len)++] = '\n';
        all[*len] = '\0';
        *buf = all;
        free(one);
    }
    return 0;
}

int cls_db_cli_targets(const char *const *files, size_t nfiles,
                       const char *const *args, size_t count,
                       const char ***out, size_t *n, char **buf)
{
    size_t len = 0, cap = count + 1;
    if (read_files(files, nfiles, buf, &len) < 0)
        return -1;
    for (size_t i = 0; i < len; i++)
        cap += (*buf)[i] == '\n';
    *out = calloc(cap, sizeof **out);
    if (!*out) {
        free(*buf);
        fprintf(stderr, "classify: out of memory\n");
        return -1;
    }
    *n = 0;
    for (size_t i = 0; i < count; i++)
        (*out)[(*n)++] = args[i];
    char *save = NULL;
    for (char *line = *buf ? strtok_r(*buf, "\n", &save) : NULL; line;
         line = strtok_r(NULL, "\n", &save)) {
        cut_comment(line);
        char *t = trim(line);
        if (*t)
            (*out)[(*n)++] = t;
    }
    if (*n == 0) {
        fprintf(stderr, "classify: %s: no targets in the file\n",
                nfiles == 1 ? files[0] : nfiles ? "--targets" : "scan");
        free(*out);
        free(*buf);
        return -1;
    }
    return 0;
}

void cls_db_cli_warn_passwords(const char *const *args, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (!cls_db_target_has_password(args[i]))
            continue;
        char *shown = cls_db_redact_target(args[i]);
        fprintf(stderr,
                "classify: warning: %s: a password on the command line is visible to other "
                "users (ps); use PGPASSWORD, ~/.pgpass, MYSQL_PWD or ~/.my.cnf\n",
                shown ? shown : "target");
        free(shown);
    }
}

void cls_db_cli_print_warning(void *user, const char *message)
{
    (void)user;
    fprintf(stderr, "classify: warning: %s\n", message);
}

/* "mm:ss", or "h:mm:ss" past an hour. */
static void clock_text(char *buf, size_t n, double secs)
{
    unsigned long s = secs > 0 ? (unsigned long)(secs + 0.5) : 0;
    if (s >= 3600)
        snprintf(buf, n, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, n, "%02lu:%02lu", s / 60, s % 60);
}

void cls_db_cli_progress(void *user, const struct cls_scan_progress *p)
{
    char elapsed[32], eta[32];
    (void)user;
    clock_text(elapsed, sizeof elapsed, p->elapsed);
    /* The ETA assumes the remaining tables take as long as the done ones. */
    clock_text(eta, sizeof eta,
               p->done ? p->elapsed / (double)p->done * (double)(p->total - p->done) : 0);
    double rate = p->elapsed > 0 ? (double)p->rows / p->elapsed : 0;
    fprintf(stderr, "\r\033[Kscanning %s: %zu/%zu tables, %.0f rows/s, %s elapsed, ETA %s",
            p->target, p->done, p->total, rate, elapsed, eta);
    if (p->done == p->total)
        fputc('\n', stderr);
    fflush(stderr);
}
