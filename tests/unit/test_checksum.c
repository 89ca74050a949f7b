/* Unit tests of the published checksums, card ranges and masking. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_luhn),
        cmocka_unit_test(test_iin_ranges),
        cmocka_unit_test(test_mask_keep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
