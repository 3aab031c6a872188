/* The shell's history (user/capos-shell/hist.c): adding, skipping blanks
 * and repeats, Up/Down browsing with the draft kept, the ring wrapping
 * after HIST_MAX entries. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "user/capos-shell/hist.h"

static struct hist h;

static void add(const char *s)
{
	hist_add(&h, s, strlen(s));
}

/* Up from `cur`; the entry shown must be `want` (NULL: none older). */
static void up(const char *cur, const char *want)
{
	const char *s;
	size_t n;
	bool ok = hist_up(&h, cur, strlen(cur), &s, &n);
	if (!want) {
		assert_false(ok);
		return;
	}
	assert_true(ok);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(s, want, n);
}

static void down(const char *want)
{
	const char *s;
	size_t n;
	bool ok = hist_down(&h, &s, &n);
	if (!want) {
		assert_false(ok);
		return;
	}
	assert_true(ok);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(s, want, n);
}

static int setup(void **state)
{
	hist_init(&h);
	return 0;
}

static void test_empty(void **state)
{
	up("draft", NULL);
	down(NULL);
}

static void test_browse_and_draft(void **state)
{
	add("one");
	add("two");
	add("three");
	up("dr", "three");
	up("ignored", "two");
	up("", "one");
	up("", NULL);		/* stays at the oldest */
	down("two");
	down("three");
	down("dr");		/* back at the draft */
	down(NULL);		/* not browsing any more */
	up("new draft", "three");
	down("new draft");
}

static void test_skips(void **state)
{
	add("");
	add("   \t ");
	add("ls");
	add("ls");
	add("caps");
	add("ls");
	up("", "ls");
	up("", "caps");
	up("", "ls");
	up("", NULL);
}

static void test_add_resets_browsing(void **state)
{
	add("a");
	add("b");
	up("", "b");
	add("c");
	up("x", "c");
	up("x", "b");
	hist_reset(&h);
	down(NULL);
	up("y", "c");
}

static void test_wraps(void **state)
{
	char s[16];
	for (int i = 0; i < HIST_MAX + 5; i++) {
		snprintf(s, sizeof(s), "cmd%d", i);
		add(s);
	}
	for (int i = HIST_MAX + 4; i >= 5; i--) {
		snprintf(s, sizeof(s), "cmd%d", i);
		up("", s);
	}
	up("", NULL);
}

static void test_long_lines(void **state)
{
	static char big[SHELL_LINE_MAX + 2];
	memset(big, 'x', sizeof(big) - 1);
	hist_add(&h, big, SHELL_LINE_MAX + 1);	/* too long: not kept */
	up("", NULL);
	hist_add(&h, big, SHELL_LINE_MAX);
	const char *s;
	size_t n;
	assert_true(hist_up(&h, big, SHELL_LINE_MAX + 1, &s, &n));
	assert_int_equal(n, SHELL_LINE_MAX);
	assert_true(hist_down(&h, &s, &n));
	assert_int_equal(n, SHELL_LINE_MAX);	/* the draft, cut to fit */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty, setup),
		cmocka_unit_test_setup(test_browse_and_draft, setup),
		cmocka_unit_test_setup(test_skips, setup),
		cmocka_unit_test_setup(test_add_resets_browsing, setup),
		cmocka_unit_test_setup(test_wraps, setup),
		cmocka_unit_test_setup(test_long_lines, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
