/* The formatter against the host's snprintf for the conversions we claim,
 * plus truncation behaviour of the bounded buffer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "lib/fmt/fmt.h"

#define CHECK_SAME(...)                                                     \
	do {                                                                \
		char ours[128], libc[128];                                  \
		size_t n = fmt_snprintf(ours, sizeof(ours), __VA_ARGS__);   \
		int m = snprintf(libc, sizeof(libc), __VA_ARGS__);          \
		assert_string_equal(ours, libc);                            \
		assert_int_equal(n, m);                                     \
	} while (0)

static void test_integers(void **state)
{
	CHECK_SAME("%d %i %u", -7, 42, 4000000000u);
	CHECK_SAME("%ld %lu %lld", (long)INT64_MIN, (unsigned long)UINT64_MAX,
		   -1ll);
	CHECK_SAME("%x %X %#x %#X %o", 0xbeefu, 0xbeefu, 0x1fu, 0x1fu, 8u);
	CHECK_SAME("%hhd %hd %hhu", 300, 70000, 511);
	CHECK_SAME("%zu %zx", (size_t)123, (size_t)0xabc);
	CHECK_SAME("%5d|%-5d|%05d|%+d|% d", 42, 42, 42, 42, 42);
	CHECK_SAME("%.3d|%8.3d|%-8.3x|%.0d|", 7, 7, 7, 0);
	CHECK_SAME("%*d|%-*d|%.*d", 6, 1, 6, 2, 4, 3);
	CHECK_SAME("%016lx", 0x1234ul);
}

static void test_strings_chars(void **state)
{
	CHECK_SAME("%s|%10s|%-10s|%.2s|%c|%%", "abc", "abc", "abc", "abc", 'z');
	CHECK_SAME("%.*s", 3, "abcdef");
	CHECK_SAME("%5c|%-5c|", 'a', 'b');
}

/* "%.*s" reads no byte past the precision (ASan catches one). */
static void test_precision_bounds_the_read(void **state)
{
	char buf[16];
	char *three = malloc(3);
	memcpy(three, "abc", 3);
	fmt_snprintf(buf, sizeof(buf), "[%.*s]", 3, three);
	assert_string_equal(buf, "[abc]");
	free(three);
}

static void test_pointer(void **state)
{
	char buf[64];
	fmt_snprintf(buf, sizeof(buf), "%p", (void *)0xffff800000001000ul);
	assert_string_equal(buf, "0xffff800000001000");
}

static void test_truncation(void **state)
{
	char buf[8];
	size_t n = fmt_snprintf(buf, sizeof(buf), "%s", "0123456789");
	assert_int_equal(n, 10);
	assert_string_equal(buf, "0123456");
	struct fmt_buf fb = fmt_buf_init(buf, sizeof(buf));
	fmt_appendf(&fb, "abc");
	assert_false(fb.truncated);
	fmt_appendf(&fb, "defgh");
	assert_true(fb.truncated);
	assert_int_equal(fb.len, 7);
	assert_string_equal(fmt_buf_str(&fb), "abcdefg");
}

static void test_zero_capacity(void **state)
{
	size_t n = fmt_snprintf(NULL, 0, "%d", 12345);
	assert_int_equal(n, 5);
}

static void test_unknown_conversion(void **state)
{
	char buf[32];
	/* Deliberately unsupported conversion: visible, never a crash. */
	const char *f = "a%qb";
	fmt_snprintf(buf, sizeof(buf), f);
	assert_string_equal(buf, "a%?b");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_strings_chars),
		cmocka_unit_test(test_precision_bounds_the_read),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_zero_capacity),
		cmocka_unit_test(test_unknown_conversion),
	};
	return cmocka_run_group_tests_name("fmt", tests, NULL, NULL);
}
