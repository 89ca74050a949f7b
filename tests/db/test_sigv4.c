/* The SigV4 signer against AWS's published vectors: the test suite's
 * get-vanilla request (header-signed) and the S3 documentation's presigned
 * GET of examplebucket/test.txt (query-signed); and the RDS IAM token's
 * shape, against a token computed independently (Python hmac/hashlib). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sources/sigv4.h"

/* aws-sig-v4-test-suite get-vanilla: canonical request and signature. */
static void test_get_vanilla(void **state)
{
    (void)state;
    char sig[65];
    const char *creq = "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                       "host;x-amz-date\n"
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    assert_int_equal(cls_sigv4_sign(sig, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                    "20150830T123600Z", "us-east-1", "service", creq),
                     0);
    assert_string_equal(sig, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    assert_int_equal(cls_sigv4_sign(sig, "k", "2015-08-30", "us-east-1", "service", creq), -1);
}

/* Amazon S3 docs, "Authenticating Requests: Using Query Parameters". */
static void test_s3_presigned_get(void **state)
{
    (void)state;
    struct cls_aws_creds creds = {"AKIAIOSFODNN7EXAMPLE",
                                  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", NULL};
    struct cls_sigv4_presign req = {
        .host = "examplebucket.s3.amazonaws.com", .path = "/test.txt", .region = "us-east-1",
        .service = "s3", .amz_date = "20130524T000000Z", .expires = 86400,
        .payload_hash = "UNSIGNED-PAYLOAD", .creds = &creds,
    };
    char *q = cls_sigv4_presign_query(&req);
    assert_non_null(q);
    assert_string_equal(
        q, "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524"
           "%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400"
           "&X-Amz-SignedHeaders=host&X-Amz-Signature="
           "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
    free(q);
}

static void test_rds_token(void **state)
{
    (void)state;
    struct cls_aws_creds creds = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                  "FQoGZXIvYXdz/TEST+token="};
    char *t = cls_rds_auth_token("mydb.123456789012.us-east-1.rds.amazonaws.com", 5432,
                                 "scanner", "us-east-1", &creds, 1440938160);
    assert_non_null(t);
    assert_string_equal(
        t, "mydb.123456789012.us-east-1.rds.amazonaws.com:5432/?Action=connect&DBUser=scanner"
           "&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2F"
           "us-east-1%2Frds-db%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=900"
           "&X-Amz-Security-Token=FQoGZXIvYXdz%2FTEST%2Btoken%3D&X-Amz-SignedHeaders=host"
           "&X-Amz-Signature=d9373527981507f8b2bdd1707e715d9ba08dd8f0db89d7867f14726d4ec91ef6");
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_vanilla),
        cmocka_unit_test(test_s3_presigned_get),
        cmocka_unit_test(test_rds_token),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
