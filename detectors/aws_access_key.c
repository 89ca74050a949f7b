/* aws_access_key: an AWS access key id, "AKIA" (long-term) or "ASIA"
 * (temporary, STS) followed by 16 characters of the base32 alphabet
 * (A-Z, 2-7), anywhere in a value; and a 40-character secret access key
 * when the value names it ("aws_secret_access_key = ...",
 * "SecretAccessKey": "..."). The documentation keys
 * (AKIAIOSFODNN7EXAMPLE, wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY and the
 * like, all ending in EXAMPLE or EXAMPLEKEY) are candidates that fail, so
 * they count as evidence against a finding. */
#include <stdio.h>
#include <string.h>

#include "common.h"

#define KEY_ID_LEN 20
#define SECRET_LEN 40

static bool aws_could_match(const struct cls_shape *sh)
{
    return sh->len >= KEY_ID_LEN && sh->upper >= 4;
}

/* Candidate key id at i: AKIA/ASIA + 16 upper-case letters or digits, a
 * word of its own. */
static bool key_id_at(const char *v, size_t len, size_t i)
{
    if (len - i < KEY_ID_LEN || (i > 0 && cls_is_alnum(v[i - 1])))
        return false;
    if (memcmp(v + i, "AKIA", 4) != 0 && memcmp(v + i, "ASIA", 4) != 0)
        return false;
    for (size_t k = 4; k < KEY_ID_LEN; k++)
        if (!cls_is_upper(v[i + k]) && !cls_is_digit(v[i + k]))
            return false;
    return cls_word_ends(v, len, i + KEY_ID_LEN);
}

static bool secret_char(char c)
{
    return cls_is_alnum(c) || c == '/' || c == '+';
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* True when the identifier [s, s + n) contains `word`, ignoring case. */
static bool names(const char *s, size_t n, const char *word)
{
    size_t w = strlen(word);
    for (size_t i = 0; i + w <= n; i++) {
        size_t k = 0;
        while (k < w && lower(s[i + k]) == word[k])
            k++;
        if (k == w)
            return true;
    }
    return false;
}

static bool ident_char(char c)
{
    return cls_is_alnum(c) || c == '_' || c == '-';
}

/* Candidate secret whose key name ends at i: the name says secret and
 * access (or aws), then ':' '=' quotes or spaces, then 40 characters of
 * base64 standing alone. Returns the secret's offset, or 0. */
static size_t secret_after_name(const char *v, size_t len, size_t name_start, size_t i)
{
    if (!names(v + name_start, i - name_start, "secret") ||
        !(names(v + name_start, i - name_start, "access") ||
          names(v + name_start, i - name_start, "aws")))
        return 0;
    size_t p = i, seps = 0;
    while (p < len && seps < 6 && strchr(" \t\"':=", v[p]) && v[p] != '\0')
        p++, seps++;
    if (seps == 0 || len - p < SECRET_LEN)
        return 0;
    for (size_t k = 0; k < SECRET_LEN; k++)
        if (!secret_char(v[p + k]))
            return 0;
    if (p + SECRET_LEN < len && (secret_char(v[p + SECRET_LEN]) || v[p + SECRET_LEN] == '='))
        return 0;
    return p;
}

static bool aws_find(const char *v, size_t len, size_t from, struct cls_span *span)
{
    for (size_t i = from; i < len; i++) {
        if (v[i] == 'A' && key_id_at(v, len, i)) {
            *span = (struct cls_span){.start = i, .len = KEY_ID_LEN};
            return true;
        }
        /* A key name: an identifier, looked at once from its start. */
        if (ident_char(v[i]) && (i == 0 || !ident_char(v[i - 1]))) {
            size_t e = i;
            while (e < len && ident_char(v[e]))
                e++;
            size_t s = e - i >= 6 ? secret_after_name(v, len, i, e) : 0;
            if (s) {
                *span = (struct cls_span){.start = s, .len = SECRET_LEN};
                return true;
            }
        }
    }
    return false;
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* Key ids draw on the base32 alphabet (no 0, 1, 8, 9); a secret is base64
 * with at least one character a hex digest lacks. Documentation examples
 * are rejected. */
static bool aws_validate(const char *s, size_t len)
{
    if (ends_with(s, len, "EXAMPLE") || ends_with(s, len, "EXAMPLEKEY"))
        return false;
    if (len == KEY_ID_LEN) {
        for (size_t k = 4; k < len; k++)
            if (s[k] == '0' || s[k] == '1' || s[k] == '8' || s[k] == '9')
                return false;
        return true;
    }
    for (size_t k = 0; k < len; k++)
        if (!cls_is_digit(s[k]) && !strchr("abcdefABCDEF", s[k]))
            return true;
    return false;
}

static void aws_mask(const char *s, size_t len, char *out, size_t outsz)
{
    if (len == KEY_ID_LEN)
        cls_mask_keep(s, len, 4, 0, out, outsz);
    else
        snprintf(out, outsz, "[secret access key, %zu characters]", len);
}

static const char *const positives[] = {
    "AKIA2OGYBAH6STMMNXNN",
    "ASIAY34FZKBOKMUTVV7A",
    "aws_access_key_id=AKIA2OGYBAH6STMMNXNN",
    "aws_secret_access_key = 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",
    "{\"SecretAccessKey\": \"Kq3vQ8+Yk2P/0cT9hWb1nRzL5sDfG7jXeU4mAoIw\"}",
    NULL,
};

static const char *const negatives[] = {
    "AKIAIOSFODNN7EXAMPLE",             /* AWS documentation's example */
    "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AKIA2OGYBAH6STMMNXN",              /* too short */
    "AKIA2OGYBAH6STMMNXNNA",            /* too long */
    "AKIA2OGYBAH6STMMNXN1",             /* 1 is not in the base32 alphabet */
    "AIDA2OGYBAH6STMMNXNN",             /* a user id, not a key */
    "akia2ogybah6stmmnxnn",             /* lower case */
    "client_secret=3f786850e387550fdab836ed7e6dc881de23001b",  /* hex, not AWS */
    "password: Kq3vQ8+Yk2P/0cT9hWb1nRzL5sDfG7jXeU4mAoIw",      /* not named AWS */
    NULL,
};

const struct cls_detector cls_detector_aws_access_key = {
    .id = "aws_access_key",
    .category = "credential",
    .label = CLS_SECRET,
    .rule = "AKIA/ASIA + 16 base32 characters (A-Z, 2-7); or a 40-character secret named "
            "aws_secret_access_key / SecretAccessKey; documentation EXAMPLE keys rejected",
    .example = "AKIA2OGYBAH6STMMNXNN",
    .could_match = aws_could_match,
    .find = aws_find,
    .validate = aws_validate,
    .mask = aws_mask,
    /* One leaked key is a leak; random data never forms one. */
    .min_count = 1,
    .name_hint = "aws|access_?key|secret_?key",
    .positives = positives,
    .negatives = negatives,
};
