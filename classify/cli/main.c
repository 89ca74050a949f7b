/* classify: the command-line entry point. Dispatches to one subcommand per
 * file (cmd_<name>.c) through a table; each owns its options and help. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/util.h"

const char cls_cli_version[] = PACKAGE_NAME " " PACKAGE_VERSION;

struct subcommand {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct subcommand subcommands[] = {
    {"scan", cls_cmd_scan, "sample every table of one or more targets and write a report"},
    {"table", cls_cmd_table, "spot-check one table and print its columns' labels"},
    {"detectors", cls_cmd_detectors, "list the detectors with their labels and rules"},
    {"policy", cls_cmd_policy, "check a policy file, or print the built-in policy"},
    {"diff", cls_cmd_diff, "show what changed between two reports"},
    {"xlsx", cls_cmd_xlsx, "write the compliance workbook of a report"},
    {"review", cls_cmd_review, "export a reviewed workbook's decisions as overrides"},
    {"merge", cls_cmd_merge, "join the shard reports of a sharded run into one"},
    {"discover", cls_cmd_discover, "list RDS instances and Aurora clusters into an inventory"},
};

static void print_help(FILE *out)
{
    fprintf(out,
            "Usage: classify COMMAND [OPTIONS] [ARGS]\n"
            "Find sensitive data (card numbers, health ids, PII, credentials) by\n"
            "sampling tables, and label each column and table\n"
            "Secret > Protected > Confidential > Public.\n\n"
            "Commands:\n");
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
        fprintf(out, "  %-10s %s\n", subcommands[i].name, subcommands[i].summary);
    fprintf(out,
            "\nOptions:\n"
            "  -h, --help     show this help\n"
            "  -V, --version  show the version\n\n"
            "Run 'classify COMMAND --help' for a command's options.\n"
            "Exit status: 0 done, 1 usage or fatal error, 2 finished but incomplete,\n"
            "3 a --fail-on gate tripped.\n");
}

void cls_cli_error(const char *fmt, ...)
{
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    /* A message may carry outside text (a parser's "near '...'", a file
     * name): control characters, C1 included, never reach the terminal,
     * and the message stays one line. */
    char *safe = n < 0 ? NULL : cls_strdup_utf8(line, strlen(line));
    fprintf(stderr, "classify: %s\n", safe ? safe : "error");
    free(safe);
}

int cls_cli_usage_hint(const char *cmd)
{
    fprintf(stderr, "Try 'classify %s%s--help' for more information.\n", cmd ? cmd : "",
            cmd ? " " : "");
    return CLS_EXIT_FATAL;
}

int cls_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fputs("classify: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return cls_cli_usage_hint(cmd);
}

int cls_cli_parse_u64(const char *opt, const char *text, unsigned long long *out)
{
    char *end = NULL;
    if (!text || !*text || *text == '-') {
        cls_cli_error("%s: expected a non-negative integer, got '%s'", opt, text ? text : "");
        return -1;
    }
    unsigned long long v = strtoull(text, &end, 10);
    if (*end != '\0') {
        cls_cli_error("%s: expected a non-negative integer, got '%s'", opt, text);
        return -1;
    }
    *out = v;
    return 0;
}

bool cls_cli_color(FILE *stream)
{
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        return false;
    return isatty(fileno(stream));
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return cls_cli_usage_error(NULL, "missing command");
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        print_help(stdout);
        return CLS_EXIT_OK;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("%s\n", cls_cli_version);
        return CLS_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
        if (strcmp(cmd, subcommands[i].name) == 0) {
            /* getopt names the program by argv[0] in its own messages. */
            char name[64];
            snprintf(name, sizeof name, "classify %s", subcommands[i].name);
            argv[1] = name;
            return subcommands[i].run(argc - 1, argv + 1);
        }
    return cls_cli_usage_error(NULL, "unknown command '%s'", cmd);
}
