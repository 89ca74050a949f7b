/* The AWS credential chain, written once for discovery (rds_discover.c)
 * and RDS IAM tokens (sigv4.c), in the order the AWS SDKs use:
 *   1. environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN;
 *   2. shared files: AWS_SHARED_CREDENTIALS_FILE (~/.aws/credentials), then
 *      AWS_CONFIG_FILE (~/.aws/config), profile AWS_PROFILE or "default";
 *   3. web identity (EKS IRSA): AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN
 *      through STS AssumeRoleWithWebIdentity (AWS_ENDPOINT_URL_STS);
 *   4. the ECS container endpoint: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or
 *      _FULL_URI, with AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE);
 *   5. IMDSv2 (AWS_EC2_METADATA_SERVICE_ENDPOINT; off with
 *      AWS_EC2_METADATA_DISABLED=true).
 * HTTPS to STS is verified with AWS_CA_BUNDLE when set. */
#ifndef CLASSIFY_AWS_CREDS_H
#define CLASSIFY_AWS_CREDS_H

#include <stddef.h>

#include "classify/error.h"
#include "sources/sigv4.h"

struct cls_aws_credentials {
    char *access_key, *secret_key, *session_token;   /* session_token may be NULL */
    const char *source;   /* which link of the chain: "environment", "shared files", ... */
};

/* Fills *out from the first source of the chain that is configured;
 * region (may be NULL) picks the regional STS endpoint. A source that is
 * configured but fails stops the chain with its error (as the SDKs do).
 * Returns 0, or a negative code: CLS_EUSAGE when no source has
 * credentials, naming them. *out is the caller's (cls_aws_creds_clear). */
int cls_aws_creds_resolve(struct cls_aws_credentials *out, const char *region,
                          struct cls_error *err);

/* The borrowed view the signer takes. */
struct cls_aws_creds cls_aws_creds_view(const struct cls_aws_credentials *c);

/* Wipes and frees the strings; accepts a zeroed struct. */
void cls_aws_creds_clear(struct cls_aws_credentials *c);

/* The value of key in [section] of an INI text (the shared credentials and
 * config files): '#' and ';' start comment lines, keys and section names
 * are compared exactly after trimming blanks, the first occurrence wins.
 * Returns 1 with *out malloc'd, 0 when absent, CLS_ENOMEM. When section is
 * present but key is not, *section_seen is set (it may be NULL). */
int cls_aws_ini_get(char **out, int *section_seen, const char *text, size_t len,
                    const char *section, const char *key);

#endif
