/* password_hash: a stored password hash in one of the formats password
 * libraries write: bcrypt ($2a$/$2b$/$2y$), Argon2 (PHC string, argon2i,
 * argon2d, argon2id), scrypt ($scrypt$ and libxcrypt's $7$), yescrypt
 * ($y$), SHA-crypt ($5$/$6$), MD5-crypt ($1$, $apr1$), and PBKDF2 as
 * Django (pbkdf2_sha256$), passlib ($pbkdf2-sha256$) and Werkzeug
 * (pbkdf2:sha256:) write it. Each format's field lengths and alphabets are
 * in the pattern; the bcrypt cost must be 04-31. */
#include <stdio.h>
#include <string.h>

#include "common.h"

/* Characters of the crypt(3) base64 alphabet. */
#define C64 "[./A-Za-z0-9]"

static bool hash_could_match(const struct cls_shape *sh)
{
    return sh->dollar >= 2 && sh->len >= 26;
}

/* bcrypt's cost is a two-digit log2 of the rounds, 04 to 31. */
static bool hash_validate(const char *s, size_t len)
{
    if (len == 60 && s[0] == '$' && s[1] == '2') {
        unsigned cost = (unsigned)((s[4] - '0') * 10 + (s[5] - '0'));
        return cost >= 4 && cost <= 31;
    }
    return true;
}

/* Keeps the scheme ("$2b$", "$argon2id$", "pbkdf2_sha256$"), nothing of
 * the salt or digest. */
static void hash_mask(const char *s, size_t len, char *out, size_t outsz)
{
    size_t keep = 0, dollars = 0, want = s[0] == '$' ? 2 : 1;
    while (keep < len && keep < 24 && dollars < want)
        dollars += s[keep++] == '$';
    if (dollars < want)
        keep = 0;
    snprintf(out, outsz, "%.*s*** [password hash, %zu characters]", (int)keep, s, len);
}

static const char *const positives[] = {
    "$2b$12$MQ/KjGEKThvuhan0hBmoTeYJr2PGPDqQK/CQPbLmYiSOOJuFIwnou",
    "$2y$10$MQ/KjGEKThvuhan0hBmoTeYJr2PGPDqQK/CQPbLmYiSOOJuFIwnou",
    "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$I56ecSAhAPjfATXGN/X7Kt8qSlD2MorgraA0LvD3sDI",
    "$scrypt$ln=14,r=8,p=1$c2FsdHNhbHRzYWx0MTIzNA$+s68spjx+21FFt99h1FuA3KJI/Z5UXb6k6WV6ohOZDo",
    "$7$CU..../....3kSGgQjRoJmp4pKf5rx9G0$Vz6NUQDXk8JiwTUlYHfH5ZzlfKwkZkJb2MyRYbI3IvA",
    "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$y8e1eitiNDaQsFFW6d.9KbSTlk5zV3R3coZQtfcNAO5",
    "$5$5uzt1B2YmWkW3/b5$STxTobe.7LBgf/mb8omk3Bxy7UX8uiWDQdVecZOesBA",
    "$6$zUwilxGBeLbokbkU$wc3hViKBMAx6WDFEhY86dq82Bqu3BdZynTPpfhZorFyMYWfjeepHPXTM4ZZl2UF1rgh/ra7k6"
    "9EqzpJK1Q4gf.",
    "$6$rounds=5000$usesomesillystri$OLEL4Znhd0dw1Ze2wphEQCpjmrJvJ0Lp/9vKzw3KHdj6YH4L/jTT3ph84uzXz"
    "CQcGds4wKcC0JIV3wrS1hxLr.",
    "$1$r75U0HX0$LVMOeGf/7CP7IBDGSONR20",
    "pbkdf2_sha256$600000$seasalt2026example$2Pe8+h8ezA8pduZ3ZAGztZzGnEoTtR2CtNc0Zdp6UdA=",
    "$pbkdf2-sha256$29000$c2FsdHNhbHRzYWx0MTIzNA$i/mZPq62UuHiv6ed/BpU9tokE6OeMFWzNoyEGQh7xHc",
    "pbkdf2:sha256:600000$NRbgzvB1TQ8xD6Uz$a38e8102e6391023213f88a7d8ac716933f09a70bd06946403d8044"
    "606df625b",
    "root:$y$j9T$F5Jx5fExrKuPp53xLKQ..1$y8e1eitiNDaQsFFW6d.9KbSTlk5zV3R3coZQtfcNAO5:19000:0:99999:7:::",
    NULL,
};

static const char *const negatives[] = {
    "$2b$12$MQ/KjGEKThvuhan0hBmoTeYJr2PGPDqQK/CQPbLmYiSOOJuFIwno",    /* bcrypt too short */
    "$2b$99$MQ/KjGEKThvuhan0hBmoTeYJr2PGPDqQK/CQPbLmYiSOOJuFIwnou",   /* cost out of range */
    "$2c$12$MQ/KjGEKThvuhan0hBmoTeYJr2PGPDqQK/CQPbLmYiSOOJuFIwnou",   /* no such bcrypt version */
    "$5$5uzt1B2YmWkW3/b5$STxTobe.7LBgf/mb8omk3Bxy7UX8uiWDQdVecZOesB",   /* SHA-256 digest short */
    "$6$zUwilxGBeLbokbkU$STxTobe.7LBgf/mb8omk3Bxy7UX8uiWDQdVecZOesBA",  /* $6$ with a $5$ digest */
    "$argon2id$v=19$m=65536,t=3$c29tZXNhbHRzb21lc2FsdA$I56ecSAhAPjfATXGN/X7Kt8qSlD2MorgraA0LvD3sDI",
    "price: $12.50 or $13.75 with tax, $2 off",
    "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",  /* bare SHA-256 */
    NULL,
};

const struct cls_detector cls_detector_password_hash = {
    .id = "password_hash",
    .category = "credential",
    .label = CLS_PROTECTED,
    .rule = "bcrypt $2a/b/y$ (cost 04-31, 53 chars), argon2i/d/id PHC, scrypt, yescrypt, "
            "SHA-crypt $5$/$6$, MD5-crypt, PBKDF2 (Django, passlib, Werkzeug forms)",
    .example = "$2b$12$MQ/KjGEKThvuhan0hBmoTeYJr2PGPDqQK/CQPbLmYiSOOJuFIwnou",
    .could_match = hash_could_match,
    .needs = CLS_NEED_DOLLAR,
    .pattern = "(?:\\$2[abxy]\\$[0-9]{2}\\$" C64 "{53}"
               "|\\$argon2(?:id|i|d)\\$(?:v=[0-9]+\\$)?m=[0-9]+,t=[0-9]+,p=[0-9]+"
               "\\$[A-Za-z0-9+/]{8,}\\$[A-Za-z0-9+/]{16,}"
               "|\\$scrypt\\$ln=[0-9]+,r=[0-9]+,p=[0-9]+\\$[A-Za-z0-9+/.]*\\$[A-Za-z0-9+/.]{16,}"
               "|\\$7\\$" C64 "{12,}\\$" C64 "{43}"
               "|\\$y\\$" C64 "+\\$" C64 "+\\$" C64 "{43}"
               "|\\$5\\$(?:rounds=[0-9]+\\$)?" C64 "{1,16}\\$" C64 "{43}"
               "|\\$6\\$(?:rounds=[0-9]+\\$)?" C64 "{1,16}\\$" C64 "{86}"
               "|\\$(?:1|apr1)\\$" C64 "{1,8}\\$" C64 "{22}"
               "|\\$pbkdf2(?:-sha256|-sha512)?\\$[0-9]+\\$" C64 "+\\$" C64 "{16,}"
               "|(?<![A-Za-z0-9_])pbkdf2_sha(?:1|256|512)\\$[0-9]+\\$[A-Za-z0-9]+"
               "\\$[A-Za-z0-9+/]{20,}={0,2}"
               "|(?<![A-Za-z0-9_])pbkdf2:sha(?:1|256|512)(?::[0-9]+)?\\$[A-Za-z0-9]+\\$[0-9a-f]{32,}"
               ")(?![./A-Za-z0-9+=$])",
    .validate = hash_validate,
    .mask = hash_mask,
    .min_count = 1,
    .name_hint = "pass(word)?_?(hash|digest)?|pwd|passwd|shadow|crypt",
    .positives = positives,
    .negatives = negatives,
};
