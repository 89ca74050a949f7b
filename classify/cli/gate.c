/* The --fail-on gate's values and its message (cli/gate.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/gate.h"

int cls_cli_parse_fail_on(const char *arg, bool *raise, bool *policy)
{
    const char *p = arg;
    while (*p) {
        size_t n = strcspn(p, ",");
        if (n == 5 && strncmp(p, "raise", 5) == 0) {
            *raise = true;
        } else if (n == 13 && strncmp(p, "policy-change", 13) == 0) {
            *raise = *policy = true;
        } else {
            cls_cli_error("--fail-on: expected 'raise' or 'policy-change', got '%.*s'",
                          (int)n, p);
            return -1;
        }
        p += n + (p[n] == ',');
    }
    if (p == arg) {
        cls_cli_error("--fail-on: expected 'raise' or 'policy-change', got ''");
        return -1;
    }
    return 0;
}

void cls_cli_gate_message(const struct cls_report *r, const struct cls_gate *g, bool policy)
{
    if (!r->has_changes) {
        cls_cli_error("--fail-on raise: %zu violation(s) of declared labels (no prior run "
                      "to compare with)", g->violations);
        return;
    }
    char extra[96] = "";
    if (g->policy)
        snprintf(extra, sizeof extra, "; %zu raised by the policy change alone (%s)",
                 g->policy, policy ? "counted: --fail-on policy-change" : "not counted");
    cls_cli_error("--fail-on raise: %zu label(s) raised, %zu new table(s) or column(s) above "
                  "%s, %zu violation(s) of declared labels since the run of %s%s",
                  g->raised, g->added, cls_report_label_name(r, CLS_PUBLIC), g->violations,
                  r->changes_prior && r->changes_prior[0] ? r->changes_prior : "(unknown)",
                  extra);
}
