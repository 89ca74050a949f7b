/* Applying a policy to a scan: the hooks of cls_scan_options (scan.h)
 * that exclude tables and columns, override detector settings and adjust
 * each decided table, and moving what they found into the report. */
#ifndef CLASSIFY_POLICY_APPLY_H
#define CLASSIFY_POLICY_APPLY_H

#include "classify/report.h"
#include "classify/scan.h"
#include "policy/policy.h"

/* The state of one scan under a policy: exclusions and violations found by
 * the hooks, collected under a lock so the hooks may run on workers. */
struct cls_policy_run;

/* Makes the run state; policy must outlive it. */
int cls_policy_run_new(struct cls_policy_run **out, const struct cls_policy *policy);
void cls_policy_run_free(struct cls_policy_run *run);
/* Points opts' engine_ready / exclude / after_table hooks at the run. */
void cls_policy_run_install(struct cls_policy_run *run, struct cls_scan_options *opts);
/* Moves what the hooks collected into report and records the policy
 * (name, sha256, levels, rules in words). Returns 0 or CLS_ENOMEM. */
int cls_policy_run_finish(struct cls_policy_run *run, struct cls_report *report);

#endif
