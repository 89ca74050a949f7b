/* Applying reviewers' overrides to a decided table (policy/reviews.c),
 * called by the after_table hook (apply.c). */
#ifndef CLASSIFY_POLICY_REVIEWS_H
#define CLASSIFY_POLICY_REVIEWS_H

#include "classify/report.h"
#include "policy/policy.h"

/* Applies the review of column c of table t when its fingerprint matches:
 * "Corrected label" sets the level, "False positive" the lowest level,
 * "Accepted risk" keeps the label; each records c->override and a reason.
 * 0 when nothing applied or it applied, 1 when the review expired (*expired
 * filled, a reason added), CLS_ENOMEM. With c NULL, the table's review. */
int cls_policy_review_apply(const struct cls_policy *policy, struct cls_table_report *t,
                            struct cls_column_report *c, struct cls_expired_override *expired);

#endif
