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
#include "cli/gate.h"
#include "cli/policy_options.h"
#include "policy/apply.h"
#include "policy/policy.h"
#include "policy/yaml.h"
#include "report/diff.h"
#include "report/fleet.h"
#include "report/xlsx.h"
#include "cli/output_paths.h"

struct cls_policy_cli {
    const char *policy_path;
    const char *history_dir;
    const char *prior_path;
    const char *xlsx_path;
    const char *reviews_path;
    bool fail_on_raise;
    bool fail_on_policy;   /* --fail-on policy-change: policy raises count too */
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
    case CLS_OPT_REVIEWS: (*pc)->reviews_path = arg; return 0;
    case CLS_OPT_FAIL_ON:
        return cls_cli_parse_fail_on(arg, &(*pc)->fail_on_raise, &(*pc)->fail_on_policy);
    default:
        return -1;
    }
}

/* The --prior report, read before the scan so a wrong path costs no scan.
 * The prior from --history depends on which targets the run reached, so it
 * is chosen after the scan (cls_history_prior). */
static int load_prior(struct cls_policy_cli *pc, struct cls_error *err)
{
    return pc->prior_path ? cls_report_read_json(&pc->prior, pc->prior_path, err) : 0;
}

/* --reviews FILE: a YAML document with a `reviews:` section, added to the
 * policy's own reviews; every corrected label must be a level of the
 * policy in force. */
static int load_reviews(struct cls_policy_cli *pc, struct cls_error *err)
{
    struct cls_policy *from = NULL;
    int rc = 0;
    if (pc->reviews_path) {
        rc = cls_policy_load(&from, pc->reviews_path, err);
        if (rc == 0)
            rc = cls_policy_take_reviews(pc->policy, from, pc->reviews_path, err);
        cls_policy_free(from);
    }
    if (rc == 0) {
        struct cls_policy none = {0};
        rc = cls_policy_take_reviews(pc->policy, &none, pc->policy->source, err);
    }
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
    /* Unwritable outputs are refused before the scan, not after it. */
    if (cls_cli_check_output_file("--xlsx", p->xlsx_path) < 0 ||
        cls_cli_check_output_folder("--history", p->history_dir) < 0)
        return -1;
    int rc = p->policy_path ? cls_policy_load(&p->policy, p->policy_path, &err)
                            : cls_policy_builtin(&p->policy, &err);
    if (rc == 0)
        rc = load_reviews(p, &err);
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
    /* An expired override changes what the report says: never silently. */
    for (size_t i = 0; i < report->expired_count; i++) {
        const struct cls_expired_override *e = &report->expired[i];
        fprintf(stderr, "classify: warning: the review \"%s\" of %s%s%s%s%s (%s, %s) expired: "
                "reviewed %s, now %s\n", e->decision, e->schema, e->schema[0] ? "." : "",
                e->table, e->column[0] ? "." : "", e->column, e->reviewer, e->date,
                e->reviewed, e->now);
    }
    /* One order whatever --jobs, --shard or --resume did (report/fleet.c),
     * so that a merged report equals a single run's. */
    cls_report_canonical(report);
    if (!pc->prior && pc->history_dir &&
        cls_history_prior(&pc->prior, pc->history_dir, report, &err) < 0) {
        cls_cli_error("%s", err.message);
        return -1;
    }
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

/* --fail-on raise: a raised label, a new table or column above the lowest
 * level, or a declared-label violation; with policy-change, a raise the
 * policy alone explains too. Without a prior report only violations. */
static bool gate_tripped(const struct cls_policy_cli *pc, const struct cls_report *r)
{
    struct cls_gate g;
    if (!pc->fail_on_raise)
        return false;
    cls_diff_gate(r, pc->fail_on_policy, &g);
    if (g.tripped)
        cls_cli_gate_message(r, &g, pc->fail_on_policy);
    return g.tripped;
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
    if (rc != CLS_EXIT_FATAL && gate_tripped(pc, report))
        rc = CLS_EXIT_GATE;
    cli_free(pc);
    return rc;
}
