/* The shell's Tab completion (user/capos-shell/complete.c): commands as
 * the first word, binaries after run/spawn (quoted or not), capability
 * names after '@', unique and several matches, text after the cursor,
 * and lines that would grow past the limit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "user/capos-shell/complete.h"

static const char *const cmds[] = { "help", "caps", "run", "spawn", "jobs",
				    "wait", "kill", "echo", "clear", "exit" };
static const char *const bins[] = { "hello", "readline", "crash", "sleeper",
				    "exit3", "helper" };
static const char *const caps[] = { "terminal", "timer", "launcher",
				    "endpoints", "console", "stdio", "timer" };
static const struct complete_sources src = {
	{ cmds, 10 }, { bins, 6 }, { caps, 7 },
};
static struct completion c;

/* Complete `line` with the cursor at '|' (or at the end). */
static void complete(const char *line)
{
	char buf[SHELL_LINE_MAX + 1];
	const char *bar = strchr(line, '|');
	uint32_t cursor = bar ? (uint32_t)(bar - line) : (uint32_t)strlen(line);
	size_t n = strlen(line);
	memcpy(buf, line, cursor);
	if (bar)
		memcpy(buf + cursor, bar + 1, n - cursor - 1), n--;
	complete_line(buf, (uint32_t)n, cursor, &src, &c);
}

/* The line after completion, with '|' at the new cursor. */
static void expect_line(const char *want)
{
	char got[SHELL_LINE_MAX + 2];
	memcpy(got, c.line, c.cursor);
	got[c.cursor] = '|';
	memcpy(got + c.cursor + 1, c.line + c.cursor, c.len - c.cursor + 1);
	assert_string_equal(got, want);
	assert_int_equal(strlen(c.line), c.len);
}

static void test_command_unique(void **state)
{
	complete("he");
	assert_int_equal(c.nmatch, 1);
	expect_line("help |");
	complete("  cl");
	expect_line("  clear |");
	complete("ki| 3");
	expect_line("kill| 3");	/* a space is there already */
}

static void test_command_several(void **state)
{
	complete("e");
	assert_int_equal(c.nmatch, 2);
	assert_string_equal(c.match[0], "echo");
	assert_string_equal(c.match[1], "exit");
	expect_line("e|");
	complete("");
	assert_int_equal(c.nmatch, 10);
	assert_string_equal(c.match[0], "caps");	/* sorted */
	assert_string_equal(c.match[9], "wait");
	complete("zz");
	assert_int_equal(c.nmatch, 0);
	expect_line("zz|");
}

static void test_binary(void **state)
{
	complete("run \"hel");
	assert_int_equal(c.nmatch, 2);		/* hello, helper */
	expect_line("run \"hel|");
	complete("run \"hell");
	expect_line("run \"hello\" |");
	complete("run \"rea|\" with {}");
	expect_line("run \"readline\"| with {}");
	complete("spawn sle");
	expect_line("spawn \"sleeper\" |");
	complete("run  \t\"ex");
	expect_line("run  \t\"exit3\" |");
	complete("run\"cr");
	expect_line("run\"crash\" |");
	complete("run \"");
	assert_int_equal(c.nmatch, 6);
}

static void test_binary_extends_common_prefix(void **state)
{
	static const char *const two[] = { "paperclips-client", "paperclips-server" };
	struct complete_sources s2 = { { cmds, 10 }, { two, 2 }, { caps, 7 } };
	complete_line("run \"pa", 7, 7, &s2, &c);
	assert_int_equal(c.nmatch, 2);
	expect_line("run \"paperclips-|");
}

static void test_caps(void **state)
{
	complete("run \"x\" with { t: @t");
	assert_int_equal(c.nmatch, 2);
	expect_line("run \"x\" with { t: @t|");
	complete("run \"x\" with { t: @ti");
	expect_line("run \"x\" with { t: @timer|");
	complete("run \"x\" with { t: @te");
	expect_line("run \"x\" with { t: @terminal|");
	complete("run x with {a:@la|}");
	expect_line("run x with {a:@launcher|}");
	complete("run x with { io: client @st");
	expect_line("run x with { io: client @stdio|");
	complete("run x with { t: @");
	assert_int_equal(c.nmatch, 6);		/* "timer" once */
	complete("echo @co");
	expect_line("echo @console|");
}

static void test_nothing_to_complete(void **state)
{
	complete("echo he");
	assert_int_equal(c.nmatch, 0);
	expect_line("echo he|");
	complete("run \"x\" wi");
	assert_int_equal(c.nmatch, 0);
	complete("runx he");
	assert_int_equal(c.nmatch, 0);
	complete("echo run \"he");
	assert_int_equal(c.nmatch, 0);
}

static void test_too_long(void **state)
{
	static char line[SHELL_LINE_MAX + 1];
	memset(line, ' ', SHELL_LINE_MAX);
	memcpy(line + SHELL_LINE_MAX - 2, "he", 2);
	complete_line(line, SHELL_LINE_MAX, SHELL_LINE_MAX, &src, &c);
	assert_int_equal(c.nmatch, 1);
	assert_int_equal(c.len, SHELL_LINE_MAX);	/* unchanged: no room */
	assert_memory_equal(c.line, line, SHELL_LINE_MAX);
	complete_line(line, SHELL_LINE_MAX + 50, SHELL_LINE_MAX + 80, &src, &c);
	assert_int_equal(c.len, SHELL_LINE_MAX);
	assert_int_equal(c.cursor, SHELL_LINE_MAX);
}

/* Random lines and cursors: the result always fits, and the cursor is
 * inside the line. */
static void test_random(void **state)
{
	static const char alphabet[] = "run spawn \"hel@tix{:,} e\t";
	static char line[SHELL_LINE_MAX + 1];
	unsigned seed = 7;
	for (int round = 0; round < 20000; round++) {
		uint32_t n = (seed = seed * 1103515245u + 12345u) >> 16;
		n %= round % 10 ? 40 : SHELL_LINE_MAX + 1;
		for (uint32_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			line[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		uint32_t cursor = n ? (seed >> 8) % (n + 1) : 0;
		complete_line(line, n, cursor, &src, &c);
		assert_true(c.len <= SHELL_LINE_MAX && c.cursor <= c.len);
		assert_int_equal(c.line[c.len], '\0');
		assert_true(c.nmatch <= COMPLETE_LIST_MAX);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_command_unique),
		cmocka_unit_test(test_command_several),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_binary_extends_common_prefix),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_nothing_to_complete),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
