/* How often a fuzz input holds a secret, for the harnesses that check a
 * planted password is never shown (fuzz_target, fuzz_mysql_uri). A host or
 * database name is shown %-decoded, so a secret the fuzzer typed as
 * "Zq9SECRETp%77w" may rightly be shown as often as it was typed decoded:
 * typed_count is the larger of the raw count and the count once decoded
 * as a URI component is (an invalid escape or %00 is kept as it is). */
#ifndef CLS_FUZZ_TYPED_SECRET_H
#define CLS_FUZZ_TYPED_SECRET_H

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static size_t count_in(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

static size_t typed_count(const char *typed, const char *needle)
{
    size_t len = strlen(typed), j = 0;
    char *decoded = malloc(len + 1);
    if (!decoded)
        abort();
    for (size_t i = 0; i < len; i++) {
        /* %00 stays as typed: the parsers refuse it, and decoded it would
         * end the string and hide what follows. */
        if (typed[i] == '%' && isxdigit((unsigned char)typed[i + 1]) &&
            isxdigit((unsigned char)typed[i + 2]) && strncmp(typed + i + 1, "00", 2) != 0) {
            char hex[3] = {typed[i + 1], typed[i + 2], '\0'};
            decoded[j++] = (char)strtoul(hex, NULL, 16);
            i += 2;
        } else {
            decoded[j++] = typed[i];
        }
    }
    decoded[j] = '\0';
    size_t raw = count_in(typed, needle), once = count_in(decoded, needle);
    free(decoded);
    return raw > once ? raw : once;
}

#endif
