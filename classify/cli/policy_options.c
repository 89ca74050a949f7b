/* The scan's policy, history, diff and workbook steps (policy_options.h). The
 * policy is loaded before anything else so a typo in it never costs a
 * half-finished scan of a production database; the diff is made before
 * the report is written so that the report carries its `changes`. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/policy_options.h"
#include "policy/apply.h"
#include "policy/policy.h"
#include "policy/yaml.h"
#include "report/diff.h"
#include "report/fleet.h"
#include "report/xlsx.h"

struct cls_policy_cli {
    const char *policy_path;
    const char *history_dir;
    const char *prior_path;
    const char *xlsx_path;
    bool fail_on_raise;
    struct cls_policy *policy;
    struct cls_policy_run *run;
    struct cls_report *prior;
};

int cls_policy_cli_option(struct cls_policy_cli **pc, int opt, const char *arg)
{
    if (!*pc && !(*pc = calloc(1, sizeof **pc))) {
        cls_cli_error("out of memory");
        return -1;
    }
    switch (opt) {
    case CLS_OPT_POLICY: (*pc)->policy_path = arg; return 0;
    case CLS_OPT_HISTORY: (*pc)->history_dir = arg; return 0;
    case CLS_OPT_PRIOR: (*pc)->prior_path = arg; return 0;
    case CLS_OPT_XLSX: (*pc)->xlsx_path = arg; return 0;
    case CLS_OPT_FAIL_ON:
        if (strcmp(arg, "raise") != 0) {
            cls_cli_error("--fail-on: expected 'raise', got '%s'", arg);
            return -1;
        }
        (*pc)->fail_on_raise = true;
        return 0;
    default:
        return -1;
    }
}

/* The prior report: --prior, else the newest in --history, else none. */
static int load_prior(struct cls_policy_cli *pc, struct cls_error *err)
{
    char *path = NULL;
    int rc = 0;
    if (pc->prior_path)
        path = strdup(pc->prior_path);
    else if (pc->history_dir)
        rc = cls_history_newest(&path, pc->history_dir, err);
    if (rc == 0 && path)
        rc = cls_report_read_json(&pc->prior, path, err);
    free(path);
    return rc;
}

int cls_policy_cli_begin(struct cls_policy_cli **pc, struct cls_scan_options *opts)
{
    struct cls_error err = {0};
    if (!*pc && !(*pc = calloc(1, sizeof **pc))) {
        cls_cli_error("out of memory");
        return -1;
    }
    struct cls_policy_cli *p = *pc;
    int rc = p->policy_path ? cls_policy_load(&p->policy, p->policy_path, &err)
                            : cls_policy_builtin(&p->policy, &err);
    /* The prior report is read up front too: a wrong --prior path is
     * found before the scan, not after it. */
    if (rc == 0)
        rc = load_prior(p, &err);
    if (rc == 0 && cls_policy_run_new(&p->run, p->policy) < 0)
        rc = cls_error_set(&err, CLS_ENOMEM, "out of memory");
    if (rc < 0) {
        cls_cli_error("%s", err.message);
        return -1;
    }
    cls_policy_run_install(p->run, opts);
    return 0;
}

int cls_policy_cli_after_scan(struct cls_policy_cli *pc, struct cls_report *report)
{
    struct cls_error err = {0};
    if (!pc)
        return 0;
    if (pc->run && cls_policy_run_finish(pc->run, report) < 0) {
        cls_cli_error("out of memory");
        return -1;
    }
    /* One order whatever --jobs, --shard or --resume did (report/fleet.c),
     * so that a merged report equals a single run's. */
    cls_report_canonical(report);
    if (pc->prior && cls_diff_reports(pc->prior, report, &err) < 0) {
        cls_cli_error("%s", err.message);
        return -1;
    }
    return 0;
}

const char *cls_policy_cli_sha256(const struct cls_policy_cli *pc)
{
    return pc && pc->policy ? pc->policy->sha256 : NULL;
}

static void cli_free(struct cls_policy_cli *pc)
{
    cls_policy_run_free(pc->run);
    cls_policy_free(pc->policy);
    cls_report_free(pc->prior);
    free(pc);
}

/* --fail-on raise: a raised label or a new violation. Without a prior
 * report every violation is new. */
static bool gate_tripped(const struct cls_policy_cli *pc, const struct cls_report *r)
{
    if (!pc->fail_on_raise)
        return false;
    return r->has_changes ? cls_diff_gate_raise(r) : r->violation_count > 0;
}

int cls_policy_cli_end(struct cls_policy_cli *pc, const struct cls_report *report, int rc)
{
    struct cls_error err = {0};
    if (!pc)
        return rc;
    if (!report) {
        cli_free(pc);
        return rc;
    }
    if (pc->history_dir && cls_history_write(report, pc->history_dir, NULL, &err) < 0) {
        cls_cli_error("%s", err.message);
        rc = CLS_EXIT_FATAL;
    }
    if (pc->xlsx_path && cls_report_write_xlsx(report, pc->xlsx_path, &err) < 0) {
        cls_cli_error("%s", err.message);
        rc = CLS_EXIT_FATAL;
    }
    /* The gate outranks "incomplete": a pipeline that gates on raised
     * labels must see them even when one table could not be read. */
    if (rc != CLS_EXIT_FATAL && gate_tripped(pc, report)) {
        rc = CLS_EXIT_GATE;
        if (report->has_changes)
            cls_cli_error("--fail-on raise: %zu label(s) raised and %zu new violation(s) "
                          "since the run of %s", cls_diff_count(report, CLS_CHANGE_LABEL_RAISED),
                          cls_diff_count(report, CLS_CHANGE_VIOLATION_NEW),
                          report->changes_prior);
        else
            cls_cli_error("--fail-on raise: %zu violation(s) of declared labels",
                          report->violation_count);
    }
    cli_free(pc);
    return rc;
}
