/* email: an e-mail address (RFC 5321 dot-atom local part, a DNS domain
 * with an alphabetic top-level label), inside any text. */
#include <string.h>

#include "common.h"

static bool email_could_match(const struct cls_shape *sh)
{
    return sh->at > 0 && sh->dot > 0 && sh->alpha >= 3;
}

/* Lengths from RFC 5321 section 4.5.3.1; no leading, trailing or double
 * dot in the local part. */
static bool email_validate(const char *s, size_t len)
{
    const char *at = memchr(s, '@', len);
    if (!at)
        return false;
    size_t local = (size_t)(at - s), domain = len - local - 1;
    if (local == 0 || local > 64 || domain > 253)
        return false;
    if (s[0] == '.' || s[local - 1] == '.')
        return false;
    for (size_t i = 1; i < local; i++)
        if (s[i] == '.' && s[i - 1] == '.')
            return false;
    return true;
}

/* "jane.doe@example.com" -> "j***@example.com". */
static void email_mask(const char *s, size_t len, char *out, size_t outsz)
{
    const char *at = memchr(s, '@', len);
    size_t dlen = at ? len - (size_t)(at - s) : 0;
    if (!at || outsz < 6) {
        cls_mask_keep(s, len, 0, 0, out, outsz);
        return;
    }
    size_t o = 0;
    out[o++] = s[0];
    for (int i = 0; i < 3; i++)
        out[o++] = '*';
    for (size_t i = 0; i < dlen && o + 1 < outsz; i++)
        out[o++] = at[i];
    out[o] = '\0';
}

/* Addresses at the domains RFC 2606 reserves for examples. */
static const char *const positives[] = {
    "jane.doe@example.com", "first.last+tag@mail.example.co.uk",
    "Please write to support-team@example.net for help.",
    NULL,
};

static const char *const negatives[] = {
    "jane..doe@example.com", ".jane@example.com", "user@localhost", "jane.doe@",
    "user@example.c",
    NULL,
};

const struct cls_detector cls_detector_email = {
    .id = "email",
    .category = "contact",
    .label = CLS_CONFIDENTIAL,
    .rule = "local@domain.tld: dot-atom local part up to 64 characters, DNS labels, "
            "alphabetic top-level domain",
    .example = "jane.doe@example.com",
    .could_match = email_could_match,
    .needs = CLS_NEED_AT | CLS_NEED_DOT | CLS_NEED_ALPHA,
    /* Not the user@host of a URL or an SSH remote: "ssh://git@host/repo",
     * "git@host:org/repo.git" (after "//", or followed by '/' or ':path'). */
    .pattern = "(?<![A-Za-z0-9._%+/-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
               "[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
               "\\.[A-Za-z]{2,24}(?![A-Za-z0-9-]|\\.[A-Za-z0-9]|/|:[^\\s])",
    .validate = email_validate,
    .mask = email_mask,
    .min_count = 2,
    .positives = positives,
    .negatives = negatives,
    .name_hint = "e_?mail",
    .name_alone = true,
};
