/* Unit tests of the published checksums, card ranges, masking and the
 * shared candidate scanners. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"

const char *cls_card_brand(const char *digits, size_t n);

static void test_luhn(void **state)
{
    (void)state;
    assert_true(cls_luhn_valid("4111111111111111", 16));
    assert_true(cls_luhn_valid("378282246310005", 15));
    assert_true(cls_luhn_valid("79927398713", 11));        /* the textbook example */
    assert_false(cls_luhn_valid("4111111111111112", 16));  /* one digit changed */
    assert_false(cls_luhn_valid("79927398710", 11));
    assert_false(cls_luhn_valid("", 0));
    assert_false(cls_luhn_valid("41x1", 4));
}

static void test_iin_ranges(void **state)
{
    (void)state;
    assert_string_equal(cls_card_brand("4111111111111111", 16), "visa");
    assert_string_equal(cls_card_brand("4222222222222", 13), "visa");
    assert_string_equal(cls_card_brand("5555555555554444", 16), "mastercard");
    assert_string_equal(cls_card_brand("2221000000000009", 16), "mastercard");
    assert_string_equal(cls_card_brand("2720990000000007", 16), "mastercard");
    assert_null(cls_card_brand("2220990000000000", 16));      /* below 2221 */
    assert_null(cls_card_brand("2721000000000000", 16));      /* above 2720 */
    assert_string_equal(cls_card_brand("378282246310005", 15), "amex");
    assert_null(cls_card_brand("3782822463100051", 16));      /* Amex is 15 digits */
    assert_string_equal(cls_card_brand("6011111111111117", 16), "discover");
    assert_string_equal(cls_card_brand("3530111333300000", 16), "jcb");
    assert_string_equal(cls_card_brand("30569309025904", 14), "diners");
    assert_null(cls_card_brand("355555555555555", 15));       /* IMEI-like: no brand at 15 */
    assert_null(cls_card_brand("1234567890123456", 16));
}

static void test_mask_keep(void **state)
{
    (void)state;
    char out[64];
    cls_mask_keep("4111 1111 1111 1111", 19, 4, 4, out, sizeof out);
    assert_string_equal(out, "4111 **** **** 1111");
    cls_mask_keep("4111111111111111", 16, 4, 4, out, sizeof out);
    assert_string_equal(out, "4111********1111");
    cls_mask_keep("123-45-6789", 11, 0, 4, out, sizeof out);
    assert_string_equal(out, "***-**-6789");
    /* A short value never shows more than half of itself. */
    cls_mask_keep("123456", 6, 4, 4, out, sizeof out);
    assert_int_equal((int)strspn(out, "*") + 0 >= 3 || strchr(out, '*') != NULL, 1);
    size_t shown = 0;
    for (const char *p = out; *p; p++)
        shown += *p != '*';
    assert_true(shown <= 3);
    /* Truncation keeps the output NUL-terminated. */
    cls_mask_keep("4111111111111111", 16, 4, 4, out, 5);
    assert_int_equal(strlen(out), 4);
}

/* NHS modulus 11: the NHS Digital example passes, its syntax example and
 * a number whose check digit would be 10 fail. */
static void test_nhs_mod11(void **state)
{
    (void)state;
    assert_true(cls_nhs_mod11_valid("9434765919", 10));
    assert_true(cls_nhs_mod11_valid("4010232137", 10));
    assert_false(cls_nhs_mod11_valid("9876544321", 10));
    assert_false(cls_nhs_mod11_valid("9434765918", 10));
    assert_false(cls_nhs_mod11_valid("1234567890", 10));   /* check 10 */
    assert_false(cls_nhs_mod11_valid("943476591", 9));
}

/* MOD 97-10 over the registry's GB example, rearranged as IBAN does. */
static void test_mod97(void **state)
{
    (void)state;
    const char *iban = "GB82WEST12345698765432";
    assert_int_equal(cls_mod97(cls_mod97(0, iban + 4, 18), iban, 4), 1);
    assert_int_not_equal(cls_mod97(cls_mod97(0, "WEST12345698765433", 18), "GB82", 4), 1);
    assert_int_equal(cls_mod97(0, "12 3", 4), -1);
    assert_int_equal(cls_mod97(0, "a", 1), cls_mod97(0, "A", 1));
}

/* RFC 4648 base64url without padding, and its failure cases. */
static void test_base64url(void **state)
{
    (void)state;
    unsigned char out[32];
    assert_int_equal(cls_base64url_decode("eyJhbGciOiJub25lIn0", 19, out, sizeof out), 14);
    assert_memory_equal(out, "{\"alg\":\"none\"}", 14);
    assert_int_equal(cls_base64url_decode("_-8", 3, out, sizeof out), 2);
    assert_int_equal(out[0], 0xff);
    assert_int_equal(cls_base64url_decode("abcde", 5, out, sizeof out), -1);   /* n % 4 == 1 */
    assert_int_equal(cls_base64url_decode("ab+/", 4, out, sizeof out), -1);    /* not url-safe */
    assert_int_equal(cls_base64url_decode("eyJhbGciOiJub25lIn0", 19, out, 4), -1);
}

/* Grouped digit runs: bare or one separator kind, standing alone. */
static void test_digit_groups(void **state)
{
    (void)state;
    static const unsigned char g[] = {3, 3, 4};
    unsigned both = CLS_DIGITS_BARE | CLS_DIGITS_GROUPED;
    struct cls_span sp;
    assert_true(cls_find_digit_groups("no. 943 476 5919.", 17, 0, g, 3, both, &sp));
    assert_int_equal(sp.start, 4);
    assert_int_equal(sp.len, 12);
    assert_true(cls_find_digit_groups("9434765919", 10, 0, g, 3, both, &sp));
    assert_false(cls_find_digit_groups("9434765919", 10, 0, g, 3, CLS_DIGITS_GROUPED, &sp));
    assert_false(cls_find_digit_groups("943-476 5919", 12, 0, g, 3, both, &sp));
    assert_false(cls_find_digit_groups("12 943 476 5919", 15, 0, g, 3, both, &sp));
    assert_false(cls_find_digit_groups("943 476 5919 12", 15, 0, g, 3, both, &sp));
    assert_false(cls_find_digit_groups("x9434765919", 11, 0, g, 3, both, &sp));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_luhn),
        cmocka_unit_test(test_iin_ranges),
        cmocka_unit_test(test_mask_keep),
        cmocka_unit_test(test_nhs_mod11),
        cmocka_unit_test(test_mod97),
        cmocka_unit_test(test_base64url),
        cmocka_unit_test(test_digit_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
