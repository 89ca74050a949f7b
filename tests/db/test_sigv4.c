/* The SigV4 signer against AWS's published vectors: the test suite's
 * get-vanilla request (header-signed), post-x-www-form-urlencoded,
 * post-vanilla-query and get-vanilla-query-order-key-case (Authorization
 * header), and the S3 documentation's presigned
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

/* aws-sig-v4-test-suite, signed in the Authorization header: post-x-www-
 * form-urlencoded (a signed content-type and body, the RDS Query API's
 * shape), post-vanilla-query and get-vanilla-query-order-key-case (the
 * query sorted by key); and the header order refused. */
static void test_authorization_header(void **state)
{
    (void)state;
    struct cls_aws_creds creds = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL};
    struct cls_sigv4_param ctype[] = {{"content-type", "application/x-www-form-urlencoded"}};
    struct cls_sigv4_request r = {
        .method = "POST", .host = "example.amazonaws.com", .path = "/", .headers = ctype,
        .header_count = 1, .payload = "Param1=value1", .payload_len = 13, .region = "us-east-1",
        .service = "service", .amz_date = "20150830T123600Z", .creds = &creds,
    };
    char *a = cls_sigv4_authorization(&r);
    assert_non_null(a);
    assert_string_equal(a, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                           "aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature="
                           "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
    free(a);

    struct cls_sigv4_param q1[] = {{"Param1", "value1"}};
    struct cls_sigv4_request pq = {
        .method = "POST", .host = "example.amazonaws.com", .path = "/", .query = q1,
        .query_count = 1, .region = "us-east-1", .service = "service",
        .amz_date = "20150830T123600Z", .creds = &creds,
    };
    a = cls_sigv4_authorization(&pq);
    assert_non_null(a);
    assert_non_null(strstr(a, "SignedHeaders=host;x-amz-date, Signature="
                              "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"));
    free(a);

    struct cls_sigv4_param q2[] = {{"Param2", "value2"}, {"Param1", "value1"}};
    pq.method = "GET";
    pq.query = q2;
    pq.query_count = 2;
    a = cls_sigv4_authorization(&pq);
    assert_non_null(a);
    assert_non_null(strstr(a, "Signature="
                              "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"));
    free(a);

    /* A session token is signed as x-amz-security-token; headers must come
     * sorted, and a bad date is refused. */
    struct cls_aws_creds with_token = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                       "AQoDYXdzEPT//////////wEXAMPLEtEXAMPLE"};
    r.creds = &with_token;
    a = cls_sigv4_authorization(&r);
    assert_non_null(a);
    assert_non_null(strstr(a, "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,"));
    free(a);
    struct cls_sigv4_param unsorted[] = {{"x-b", "1"}, {"x-a", "2"}};
    r.headers = unsorted;
    r.header_count = 2;
    assert_null(cls_sigv4_authorization(&r));
    r.headers = ctype;
    r.header_count = 1;
    r.amz_date = "2015-08-30";
    assert_null(cls_sigv4_authorization(&r));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_vanilla),
        cmocka_unit_test(test_s3_presigned_get),
        cmocka_unit_test(test_rds_token),
        cmocka_unit_test(test_authorization_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
