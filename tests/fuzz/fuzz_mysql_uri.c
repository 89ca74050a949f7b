/* Fuzz target: the MySQL/MariaDB URI parser (parse_uri in
 * sources/mysql.c) over arbitrary bytes behind "mysql://", without
 * connecting: the parser is static, so this file includes mysql.c and
 * renames its two exported tables, and calls parse_uri alone on a fresh
 * source, then frees it as mysql.c does. Checked: no out-of-bounds access
 * or leak (ASan/UBSan), a port in 1..65535, and a parse error is one line
 * that never holds the URI's password. If parse_uri is renamed, rename it
 * here too. */
#define cls_source_mysql fuzz_copy_of_cls_source_mysql
#define cls_batch_mysql fuzz_copy_of_cls_batch_mysql
#include "../../classify/sources/mysql.c"

#include <ctype.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SECRET "Zq9SECRETpw"

static size_t count_in(const char *s)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, SECRET)) != NULL; p++)
        n++;
    return n;
}

/* How often the fuzzer typed the secret: in the raw bytes, or once
 * %-decoded as the parser decodes a host (an invalid escape is kept). */
static size_t count_typed(const char *typed)
{
    size_t raw = count_in(typed), len = strlen(typed), j = 0;
    char *decoded = malloc(len + 1);
    if (!decoded)
        abort();
    for (size_t i = 0; i < len; i++) {
        if (typed[i] == '%' && isxdigit((unsigned char)typed[i + 1]) &&
            isxdigit((unsigned char)typed[i + 2])) {
            char hex[3] = {typed[i + 1], typed[i + 2], 0};
            decoded[j++] = (char)strtoul(hex, NULL, 16);
            i += 2;
        } else {
            decoded[j++] = typed[i];
        }
    }
    decoded[j] = '\0';
    size_t once = count_in(decoded);
    free(decoded);
    return raw > once ? raw : once;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Even inputs plant a password: mysql://u:SECRET@<bytes>. */
    const char *prefix = size && data[0] % 2 ? "mysql://" : "mysql://u:" SECRET "@";
    size_t skip = size ? 1 : 0;
    char *target = malloc(strlen(prefix) + size + 1);
    struct cls_source *s = calloc(1, sizeof *s);
    if (!target || !s) {
        free(target);
        free(s);
        return 0;
    }
    memcpy(target, prefix, strlen(prefix));
    memcpy(target + strlen(prefix), data + skip, size - skip);
    target[strlen(prefix) + size - skip] = '\0';
    struct cls_error err = {0};
    int rc = parse_uri(s, target, &err);
    if (rc == 0 && s->port > 65535)
        abort();
    /* The secret must not show where it was planted as a password; typed
     * by the fuzzer into a host, it may be shown as often as it was typed,
     * %-encoded or not (a host is shown decoded: Zq9SECRETp%77w). */
    size_t typed = count_typed(target + strlen(prefix)), shown = 0;
    for (const char *p = err.message; rc < 0 && (p = strstr(p, SECRET)) != NULL; p++)
        shown++;
    if (rc < 0 && (shown > typed || strchr(err.message, '\n')))
        abort();
    my_close(s);
    free(target);
    return 0;
}
