/* The built-in default policy: each detector's default label. A policy
 * file (--policy) overrides it in a later version; the report records the
 * sha256 of the policy in force so two runs can be compared honestly. */
#ifndef CLASSIFY_POLICY_H
#define CLASSIFY_POLICY_H

/* Writes the built-in policy as text (one "detector: Label" line each)
 * into a malloc'd string. */
char *cls_policy_default_text(void);
/* sha256 of cls_policy_default_text(), 64 hex characters, into hex[65]. */
void cls_policy_default_sha256(char hex[65]);

#endif
