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

#include "typed_secret.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SECRET "Zq9SECRETpw"

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
    size_t typed = typed_count(target + strlen(prefix), SECRET), shown = 0;
    if (rc < 0)
        shown = count_in(err.message, SECRET);
    if (rc < 0 && (shown > typed || strchr(err.message, '\n')))
        abort();
    my_close(s);
    free(target);
    return 0;
}
