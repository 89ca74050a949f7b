/* Shared pieces of the command-line front end: exit codes, the subcommand
 * signature, and the helpers every subcommand uses to report misuse. */
#ifndef CLASSIFY_CLI_H
#define CLASSIFY_CLI_H

#include <stdbool.h>
#include <stdio.h>

enum cls_exit {
    CLS_EXIT_OK = 0,          /* done, complete */
    CLS_EXIT_FATAL = 1,       /* usage error or fatal error: no usable result */
    CLS_EXIT_INCOMPLETE = 2,  /* finished, but some table or target failed */
    CLS_EXIT_GATE = 3,        /* finished, and a --fail-on gate tripped */
};

/* Each subcommand: argv[0] is the subcommand's name. Returns an enum
 * cls_exit value. */
int cls_cmd_scan(int argc, char **argv);
int cls_cmd_table(int argc, char **argv);
int cls_cmd_detectors(int argc, char **argv);
int cls_cmd_policy(int argc, char **argv);
int cls_cmd_diff(int argc, char **argv);
int cls_cmd_xlsx(int argc, char **argv);
int cls_cmd_review(int argc, char **argv);
int cls_cmd_merge(int argc, char **argv);
int cls_cmd_discover(int argc, char **argv);

/* Prints "classify: <message>" to stderr. */
void cls_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "classify: <message>" plus the "Try ..." hint; returns CLS_EXIT_FATAL. */
int cls_cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Only the "Try 'classify CMD --help'" line, exit code 1: for a bad option
 * whose error getopt or the option's parser has already printed. */
int cls_cli_usage_hint(const char *cmd);
/* Parses a non-negative integer option value; prints an error and returns
 * -1 when it is not one. */
int cls_cli_parse_u64(const char *opt, const char *text, unsigned long long *out);
/* True when colour is wanted on this stream: a terminal and NO_COLOR unset. */
bool cls_cli_color(FILE *stream);
/* The program's name and version line. */
extern const char cls_cli_version[];

#endif
