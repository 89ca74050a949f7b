/* The shared credentials/config file parser (cls_aws_ini_get): sections,
 * comments, blanks, CRLF, first occurrence, a section without the key, and
 * the "[profile NAME]" form of the config file. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sources/aws_creds.h"

static const char creds[] =
    "# a comment\n"
    "[default]\n"
    "aws_access_key_id = AKIDDEFAULT\n"
    "aws_secret_access_key=secret/default+1\r\n"
    "\n"
    "  [ scanner ]  \n"
    "; another comment\n"
    "\taws_access_key_id\t=  AKIDSCANNER  \n"
    "aws_access_key_id = AKIDSECOND\n"
    "aws_session_token = tok=en==\n"
    "[profile scanner]\n"
    "aws_access_key_id = AKIDCONFIG\n"
    "[empty]\n"
    "region = eu-west-1\n";

static char *get(const char *section, const char *key, int *seen)
{
    char *v = NULL;
    int rc = cls_aws_ini_get(&v, seen, creds, strlen(creds), section, key);
    assert_true(rc == 0 || rc == 1);
    assert_true((rc == 1) == (v != NULL));
    return v;
}

static void test_sections(void **state)
{
    (void)state;
    char *v = get("default", "aws_access_key_id", NULL);
    assert_string_equal(v, "AKIDDEFAULT");
    free(v);
    v = get("default", "aws_secret_access_key", NULL);
    assert_string_equal(v, "secret/default+1");   /* CR gone, '/' and '+' kept */
    free(v);
    v = get("scanner", "aws_access_key_id", NULL);
    assert_string_equal(v, "AKIDSCANNER");         /* trimmed, first occurrence */
    free(v);
    v = get("scanner", "aws_session_token", NULL);
    assert_string_equal(v, "tok=en==");            /* split at the first '=' only */
    free(v);
    v = get("profile scanner", "aws_access_key_id", NULL);
    assert_string_equal(v, "AKIDCONFIG");
    free(v);
}

static void test_absent(void **state)
{
    (void)state;
    int seen = 0;
    assert_null(get("empty", "aws_access_key_id", &seen));
    assert_int_equal(seen, 1);
    seen = 0;
    assert_null(get("nosuch", "aws_access_key_id", &seen));
    assert_int_equal(seen, 0);
    assert_null(get("default", "aws_session_token", NULL));
    /* A key outside every section, and a line without '=', are ignored. */
    char *v = NULL;
    const char *odd = "aws_access_key_id = X\n[a]\nnot a pair\n[b\naws_access_key_id = Y\n";
    assert_int_equal(cls_aws_ini_get(&v, NULL, odd, strlen(odd), "a", "aws_access_key_id"), 0);
    assert_int_equal(cls_aws_ini_get(&v, NULL, odd, strlen(odd), "b", "aws_access_key_id"), 0);
    /* No trailing newline; a length that cuts the text short is honoured. */
    const char *tail = "[a]\nk = v";
    assert_int_equal(cls_aws_ini_get(&v, NULL, tail, strlen(tail), "a", "k"), 1);
    assert_string_equal(v, "v");
    free(v);
    assert_int_equal(cls_aws_ini_get(&v, NULL, tail, 5, "a", "k"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_absent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
