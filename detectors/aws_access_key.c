/* aws_access_key: an AWS access key id, "AKIA" (long-term) or "ASIA"
 * (temporary, STS) followed by 16 characters of the base32 alphabet
 * (A-Z, 2-7), anywhere in a value; and a 40-character secret access key
 * when the value names it ("aws_secret_access_key = ...",
 * "SecretAccessKey": "..."). A value that is nothing but a 40-character
 * secret is only a candidate: it counts in a column whose name says so
 * (`aws_secret_access_key`: hint_counts_candidates), since alone it could
 * be any random token. The documentation keys (AKIAIOSFODNN7EXAMPLE,
 * wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY and the like, ending in
 * EXAMPLE or EXAMPLEKEY) are never proposed, so a column of them is not a
 * column of keys, whatever its name. */
#include <stdio.h>
#include <string.h>

#include "common.h"

#define KEY_ID_LEN 20
#define SECRET_LEN 40

static bool aws_could_match(const struct cls_shape *sh)
{
    return sh->len >= KEY_ID_LEN && sh->upper >= 4;
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* Key id at i: AKIA/ASIA + 16 characters of the base32 alphabet (no 0,
 * 1, 8, 9), a word of its own, not a documentation example. */
static bool key_id_at(const char *v, size_t len, size_t i)
{
    if (len - i < KEY_ID_LEN || (i > 0 && cls_is_alnum(v[i - 1])))
        return false;
    if (memcmp(v + i, "AKIA", 4) != 0 && memcmp(v + i, "ASIA", 4) != 0)
        return false;
    for (size_t k = 4; k < KEY_ID_LEN; k++)
        if (!cls_is_upper(v[i + k]) && !(v[i + k] >= '2' && v[i + k] <= '7'))
            return false;
    return cls_word_ends(v, len, i + KEY_ID_LEN) && !ends_with(v + i, KEY_ID_LEN, "EXAMPLE");
}

static bool secret_char(char c)
{
    return cls_is_alnum(c) || c == '/' || c == '+';
}

/* Forty characters of base64 that look random: upper and lower case and
 * digits, not a hex digest, not AWS's documentation secret. */
static bool secret_shaped(const char *s)
{
    bool upper = false, lower = false, digit = false, nonhex = false;
    for (size_t k = 0; k < SECRET_LEN; k++) {
        char c = s[k];
        if (!secret_char(c))
            return false;
        upper |= cls_is_upper(c);
        lower |= c >= 'a' && c <= 'z';
        digit |= cls_is_digit(c);
        nonhex |= !cls_is_digit(c) && !strchr("abcdefABCDEF", c);
    }
    return upper && lower && digit && nonhex && !ends_with(s, SECRET_LEN, "EXAMPLEKEY");
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
    if (seps == 0 || len - p < SECRET_LEN || !secret_shaped(v + p))
        return 0;
    if (p + SECRET_LEN < len && (secret_char(v[p + SECRET_LEN]) || v[p + SECRET_LEN] == '='))
        return 0;
    return p;
}

static bool aws_find(const char *v, size_t len, size_t from, struct cls_span *span)
{
    /* A bare secret: the whole value. */
    if (from == 0 && len == SECRET_LEN && secret_shaped(v)) {
        *span = (struct cls_span){.start = 0, .len = SECRET_LEN};
        return true;
    }
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
                /* The span keeps the name: it is what makes it a match. */
                *span = (struct cls_span){.start = i, .len = s + SECRET_LEN - i};
                return true;
            }
        }
    }
    return false;
}

/* The finder proposes only well-formed keys; what is left to decide is
 * whether a secret was named (a span longer than the secret) or stands
 * bare (a candidate, for the column name to vouch for). */
static bool aws_validate(const char *s, size_t len)
{
    (void)s;
    return len != SECRET_LEN;
}

static void aws_mask(const char *s, size_t len, char *out, size_t outsz)
{
    if (len == KEY_ID_LEN)
        cls_mask_keep(s, len, 4, 0, out, outsz);
    else
        snprintf(out, outsz, "[secret access key, %d characters]", SECRET_LEN);
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
    "Kq3vQ8+Yk2P/0cT9hWb1nRzL5sDfG7jXeU4mAoIw",  /* bare: counts only in a named column */
    "akia2ogybah6stmmnxnn",             /* lower case */
    "client_secret=3f786850e387550fdab836ed7e6dc881de23001b",  /* hex, not AWS */
    "password: Kq3vQ8+Yk2P/0cT9hWb1nRzL5sDfG7jXeU4mAoIw",      /* not named AWS */
    NULL,
};

const struct cls_detector cls_detector_aws_access_key = {
    .id = "aws_access_key",
    .category = "credential",
    .label = CLS_SECRET,
    .rule = "AKIA/ASIA + 16 base32 characters (A-Z, 2-7); a 40-character secret named "
            "aws_secret_access_key / SecretAccessKey in the value, or alone in a column so "
            "named; documentation EXAMPLE keys rejected",
    .example = "AKIA2OGYBAH6STMMNXNN",
    .could_match = aws_could_match,
    .needs = CLS_NEED_UPPER,
    .find = aws_find,
    .validate = aws_validate,
    .mask = aws_mask,
    /* One leaked key is a leak; random data never forms one. */
    .min_count = 1,
    .name_hint = "aws|access_?key|secret_?key",
    .hint_counts_candidates = true,
    .positives = positives,
    .negatives = negatives,
};
