/* `classify policy check FILE` and `classify policy show`: validate a
 * policy file (errors as FILE:LINE:COLUMN: message, exit 1), or print the
 * built-in policy as a commented YAML file to start one from. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "policy/policy.h"
#include "policy/yaml.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: classify policy check FILE\n"
            "       classify policy show\n"
            "check: read the policy FILE and report the first problem as\n"
            "       FILE:LINE:COLUMN: message (exit 1), or summarise it (exit 0).\n"
            "show:  print the built-in policy as a YAML file you can edit and\n"
            "       pass to 'classify scan --policy FILE'.\n");
}

static int check(const char *path)
{
    struct cls_policy *p = NULL;
    struct cls_error err = {0};
    if (cls_policy_load(&p, path, &err) < 0) {
        fprintf(stderr, "%s\n", err.message);
        return CLS_EXIT_FATAL;
    }
    printf("%s: ok (sha256 %s): %zu levels, %zu detector settings, %zu column rules, "
           "%zu exclusions, %zu declarations, %zu combinations\n",
           path, p->sha256, p->level_count, p->detector_count, p->column_rule_count,
           p->exclude_table_count + p->exclude_column_count,
           p->declared_table_count + p->declared_column_count, p->combo_count);
    cls_policy_free(p);
    return CLS_EXIT_OK;
}

static int show(void)
{
    char *text = cls_policy_default_text();
    if (!text) {
        cls_cli_error("out of memory");
        return CLS_EXIT_FATAL;
    }
    fputs(text, stdout);
    free(text);
    return CLS_EXIT_OK;
}

int cls_cmd_policy(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        usage(stdout);
        return CLS_EXIT_OK;
    }
    if (argc == 3 && strcmp(argv[1], "check") == 0)
        return check(argv[2]);
    if (argc == 2 && strcmp(argv[1], "show") == 0)
        return show();
    return cls_cli_usage_error("policy", "policy: expected 'check FILE' or 'show'");
}
