/* Command-line helpers for database targets: the --targets file, the
 * warning about passwords on the command line, printing warnings. */
#ifndef CLASSIFY_DB_CLI_H
#define CLASSIFY_DB_CLI_H

#include <stddef.h>

/* Builds the target list: the command-line targets, then each line of
 * each of the nfiles files (--targets, repeatable: they add up). A '#' at
 * the start of a line or after a blank begins a comment; blank lines are
 * skipped and surrounding blanks trimmed. *out (an array of pointers into
 * the arguments and into *buf) and *buf are the caller's to free. Returns
 * 0, or -1 after printing a one-line error naming the file. */
int cls_db_cli_targets(const char *const *files, size_t nfiles,
                       const char *const *args, size_t count,
                       const char ***out, size_t *n, char **buf);

/* Warns on stderr, once per target, when a command-line target carries a
 * password (other users see it in `ps`). The password is never printed. */
void cls_db_cli_warn_passwords(const char *const *args, size_t count);

/* A cls_scan_options.warn callback: "classify: warning: MESSAGE" on stderr. */
void cls_db_cli_print_warning(void *user, const char *message);

struct cls_scan_progress;
/* A cls_scan_options.progress_ex callback for a terminal: one line
 * rewritten in place (tables done/total, rows/s, elapsed, ETA). */
void cls_db_cli_progress(void *user, const struct cls_scan_progress *p);

#endif
