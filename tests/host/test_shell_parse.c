/* The shell's command parser (user/capos-shell/parse.c): builtins and
 * their words, run/spawn with quoted or bare binaries and grant lists,
 * `client @x` and `@stdio`, whitespace anywhere it is allowed, every
 * syntax error with its column, and hostile lines (huge, unbalanced,
 * control bytes, NULs, duplicates, empty names). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "user/capos-shell/parse.h"

static struct parse_cmd cmd;

static int parse(const char *s)
{
	return parse_line(s, strlen(s), &cmd);
}

/* The line fails with exactly this message. */
static void expect_error(const char *line, const char *msg)
{
	assert_int_equal(parse(line), -1);
	assert_string_equal(cmd.err, msg);
}

static void test_empty_and_blank(void **state)
{
	assert_int_equal(parse(""), 0);
	assert_int_equal(cmd.kind, PARSE_EMPTY);
	assert_int_equal(parse(" \t  "), 0);
	assert_int_equal(cmd.kind, PARSE_EMPTY);
}

static void test_words(void **state)
{
	assert_int_equal(parse("  echo  hello   world "), 0);
	assert_int_equal(cmd.kind, PARSE_WORDS);
	assert_int_equal(cmd.argc, 3);
	assert_string_equal(cmd.argv[0], "echo");
	assert_string_equal(cmd.argv[1], "hello");
	assert_string_equal(cmd.argv[2], "world");
	assert_int_equal(parse("echo \"a  b\" c\"d e\"f \"\""), 0);
	assert_int_equal(cmd.argc, 4);
	assert_string_equal(cmd.argv[1], "a  b");
	assert_string_equal(cmd.argv[2], "cd ef");
	assert_string_equal(cmd.argv[3], "");
	assert_int_equal(parse("\tjobs"), 0);
	assert_int_equal(cmd.argc, 1);
	assert_string_equal(cmd.argv[0], "jobs");
}

static void test_words_utf8_and_punctuation(void **state)
{
	assert_int_equal(parse("echo h\xc3\xa9llo {x: @y} ,"), 0);
	assert_int_equal(cmd.argc, 5);
	assert_string_equal(cmd.argv[1], "h\xc3\xa9llo");
	assert_string_equal(cmd.argv[2], "{x:");
	assert_string_equal(cmd.argv[4], ",");
}

static void test_not_a_verb(void **state)
{
	assert_int_equal(parse("running x"), 0);
	assert_int_equal(cmd.kind, PARSE_WORDS);
	assert_string_equal(cmd.argv[0], "running");
	assert_int_equal(parse("\"run\" x"), 0);
	assert_int_equal(cmd.kind, PARSE_WORDS);
	assert_string_equal(cmd.argv[0], "run");
}

static void test_run_plain(void **state)
{
	assert_int_equal(parse("run \"hello\""), 0);
	assert_int_equal(cmd.kind, PARSE_LAUNCH);
	assert_true(cmd.wait);
	assert_string_equal(cmd.binary, "hello");
	assert_int_equal(cmd.ngrants, 0);
	assert_int_equal(parse("spawn sleeper"), 0);
	assert_false(cmd.wait);
	assert_string_equal(cmd.binary, "sleeper");
	assert_int_equal(parse("run\"hello\"   "), 0);
	assert_string_equal(cmd.binary, "hello");
	assert_int_equal(parse("run \"capos-shell.v2\" with {}"), 0);
	assert_string_equal(cmd.binary, "capos-shell.v2");
	assert_int_equal(cmd.ngrants, 0);
}

static void test_run_grants(void **state)
{
	assert_int_equal(parse("run \"chat\" with { stdio: @stdio, chat: "
			       "client @chat, timer: @timer }"), 0);
	assert_int_equal(cmd.ngrants, 3);
	assert_string_equal(cmd.grant[0].name, "stdio");
	assert_int_equal(cmd.grant[0].src, PARSE_SRC_STDIO);
	assert_string_equal(cmd.grant[1].name, "chat");
	assert_int_equal(cmd.grant[1].src, PARSE_SRC_CLIENT);
	assert_string_equal(cmd.grant[1].cap, "chat");
	assert_string_equal(cmd.grant[2].name, "timer");
	assert_int_equal(cmd.grant[2].src, PARSE_SRC_CAP);
	assert_string_equal(cmd.grant[2].cap, "timer");
}

static void test_run_whitespace_variants(void **state)
{
	assert_int_equal(parse("run \"x\" with{a:@b,c:client@d,}"), 0);
	assert_int_equal(cmd.ngrants, 2);
	assert_int_equal(cmd.grant[1].src, PARSE_SRC_CLIENT);
	assert_string_equal(cmd.grant[1].cap, "d");
	assert_int_equal(parse("\t run\t\"x\"\twith\t{\ta\t:\t@b\t}\t"), 0);
	assert_int_equal(cmd.ngrants, 1);
	assert_string_equal(cmd.grant[0].name, "a");
	assert_int_equal(parse("spawn x with {io: client @stdio}"), 0);
	assert_int_equal(cmd.grant[0].src, PARSE_SRC_STDIO);
	assert_int_equal(parse("run x with { my-cap.2_b: @Cap-1 }"), 0);
	assert_string_equal(cmd.grant[0].name, "my-cap.2_b");
	assert_string_equal(cmd.grant[0].cap, "Cap-1");
}

static void test_grant_limits(void **state)
{
	char line[1024] = "run x with {";
	for (int i = 0; i < SHELL_GRANTS_MAX; i++)
		sprintf(line + strlen(line), "g%d: @c, ", i);
	strcat(line, "}");
	assert_int_equal(parse(line), 0);
	assert_int_equal(cmd.ngrants, SHELL_GRANTS_MAX);
	line[strlen(line) - 1] = '\0';
	strcat(line, "one: @more }");
	assert_int_equal(parse(line), -1);
	assert_non_null(strstr(cmd.err, "too many grants (the limit is 16)"));
	char name[64];
	memset(name, 'n', sizeof(name));
	sprintf(line, "run x with { %.*s: @a }", SHELL_NAME_MAX, name);
	assert_int_equal(parse(line), 0);
	sprintf(line, "run x with { %.*s: @a }", SHELL_NAME_MAX + 1, name);
	assert_int_equal(parse(line), -1);
	assert_non_null(strstr(cmd.err, "is longer than 31 bytes at column 14"));
	sprintf(line, "run x with { a: @%.*s }", SHELL_NAME_MAX + 1, name);
	assert_int_equal(parse(line), -1);
	assert_non_null(strstr(cmd.err, "longer than 31 bytes"));
}

static void test_binary_errors(void **state)
{
	expect_error("run", "syntax: run needs a binary, e.g. run \"hello\" "
		     "at end of line");
	expect_error("spawn   ", "syntax: spawn needs a binary, e.g. "
		     "spawn \"hello\" at end of line");
	expect_error("run \"hello", "syntax: unterminated quote at column 5");
	expect_error("run \"\"", "syntax: empty binary name at column 5");
	expect_error("run \"a b\"", "syntax: binary names have no spaces at "
		     "column 7");
	expect_error("run @x", "syntax: expected a binary name after 'run' at "
		     "column 5");
	char line[200];
	memset(line, 0, sizeof(line));
	strcpy(line, "run \"");
	memset(line + 5, 'b', SHELL_BINARY_MAX + 1);
	strcat(line, "\"");
	expect_error(line, "syntax: binary name longer than 63 bytes at "
		     "column 6");
	line[5 + SHELL_BINARY_MAX] = '"';
	line[5 + SHELL_BINARY_MAX + 1] = '\0';
	assert_int_equal(parse(line), 0);
	assert_int_equal(strlen(cmd.binary), SHELL_BINARY_MAX);
}

static void test_with_errors(void **state)
{
	expect_error("run x wiht { }", "syntax: expected 'with' or end of line "
		     "after the binary, got 'wiht' at column 7");
	expect_error("run \"x\" !", "syntax: expected 'with' or end of line "
		     "after the binary at column 9");
	expect_error("run x with", "syntax: expected '{' after 'with' at end "
		     "of line");
	expect_error("run x with stdio: @stdio", "syntax: expected '{' after "
		     "'with' at column 12");
	expect_error("run x with {} extra", "syntax: unexpected text after "
		     "the grant list at column 15");
}

static void test_grant_errors(void **state)
{
	expect_error("run x with {", "syntax: expected '}' after grant list "
		     "at end of line");
	expect_error("run x with { a: @b", "syntax: expected '}' after grant "
		     "list at end of line");
	expect_error("run x with { a: @b, ", "syntax: expected '}' after "
		     "grant list at end of line");
	expect_error("run x with { a @b }", "syntax: expected ':' after grant "
		     "name 'a' at column 16");
	expect_error("run x with { a: b }", "syntax: expected '@name' or "
		     "'client @name' after 'a:' at column 17");
	expect_error("run x with { a: }", "syntax: expected '@name' or "
		     "'client @name' after 'a:' at column 17");
	expect_error("run x with { a: client b }", "syntax: expected '@name' "
		     "after 'client' at column 24");
	expect_error("run x with { a: @ }", "syntax: expected a capability "
		     "name after '@' at column 18");
	expect_error("run x with { a: @b c: @d }", "syntax: expected ',' or "
		     "'}' after grant 'a' at column 20");
	expect_error("run x with { , }", "syntax: expected a grant name or "
		     "'}' at column 14");
	expect_error("run x with { : @b }", "syntax: expected a grant name or "
		     "'}' at column 14");
	expect_error("run x with { a: @b, a: @c }", "syntax: grant name 'a' "
		     "given twice at column 21");
	expect_error("run x with { a: @b }}", "syntax: unexpected text after "
		     "the grant list at column 21");
	expect_error("run x with { a: @b {", "syntax: expected ',' or '}' "
		     "after grant 'a' at column 20");
}

static void test_quotes_unbalanced(void **state)
{
	expect_error("echo \"abc", "syntax: unterminated quote at column 6");
	expect_error("echo a\"b c", "syntax: unterminated quote at column 7");
	expect_error("echo \"a\" \"", "syntax: unterminated quote at column 10");
	expect_error("\"", "syntax: unterminated quote at column 1");
}

static void test_control_bytes(void **state)
{
	expect_error("echo \x1b[2J", "syntax: control character 0x1b at "
		     "column 6");
	expect_error("\x7f", "syntax: control character 0x7f at column 1");
	assert_int_equal(parse_line("echo a\0b", 8, &cmd), -1);
	assert_string_equal(cmd.err, "syntax: control character 0x00 at "
			    "column 7");
	expect_error("run x\r", "syntax: control character 0x0d at column 6");
}

static void test_too_many_words(void **state)
{
	char line[256] = "echo";
	for (int i = 1; i < SHELL_ARGS_MAX; i++)
		strcat(line, " w");
	assert_int_equal(parse(line), 0);
	assert_int_equal(cmd.argc, SHELL_ARGS_MAX);
	strcat(line, " w");
	expect_error(line, "syntax: too many words (the limit is 16) at "
		     "column 36");
}

/* A line at the limit parses; one byte more is refused, never cut. */
static void test_huge_lines(void **state)
{
	char *line = malloc(SHELL_LINE_MAX * 4);
	memset(line, 'x', SHELL_LINE_MAX * 4);
	memcpy(line, "echo ", 5);
	assert_int_equal(parse_line(line, SHELL_LINE_MAX, &cmd), 0);
	assert_int_equal(strlen(cmd.argv[1]), SHELL_LINE_MAX - 5);
	assert_int_equal(parse_line(line, SHELL_LINE_MAX + 1, &cmd), -1);
	assert_non_null(strstr(cmd.err, "syntax: line too long (1025 bytes, "
			       "the limit is 1024)"));
	assert_int_equal(parse_line(line, SHELL_LINE_MAX * 4, &cmd), -1);
	/* the worst case for the word store: all one-byte words */
	for (int i = 0; i < SHELL_LINE_MAX; i++)
		line[i] = i % 2 ? ' ' : 'a';
	assert_int_equal(parse_line(line, SHELL_LINE_MAX, &cmd), -1);
	assert_non_null(strstr(cmd.err, "too many words"));
	memset(line, '"', SHELL_LINE_MAX);
	assert_int_equal(parse_line(line, SHELL_LINE_MAX, &cmd), 0);
	assert_int_equal(cmd.argc, 1);
	assert_string_equal(cmd.argv[0], "");
	memset(line, '{', SHELL_LINE_MAX);
	memcpy(line, "run x with ", 11);
	assert_int_equal(parse_line(line, SHELL_LINE_MAX, &cmd), -1);
	free(line);
}

/* Every prefix of a valid line either parses or fails with a message;
 * none crashes (ASan/UBSan watch the bytes). */
static void test_every_prefix(void **state)
{
	const char *full = "run \"hello\" with { stdio: @stdio, chat: client "
			   "@chat, t: @timer, }";
	for (size_t n = 0; n <= strlen(full); n++) {
		int r = parse_line(full, n, &cmd);
		assert_true(r == 0 || (r == -1 && !strncmp(cmd.err, "syntax: ", 8)));
	}
	assert_int_equal(parse(full), 0);
	assert_int_equal(cmd.ngrants, 3);
}

/* Random lines over the grammar's own bytes (and a few others): every
 * one parses or fails with one "syntax: " line; what parsed is within
 * its bounds. ASan and UBSan watch every access. */
static void test_random_lines(void **state)
{
	static const char alphabet[] = "run spawn with client @stdio{}:,\"  "
				       "\tabcxyz_.-09\x01\x7f\xc3\xa9";
	static char line[SHELL_LINE_MAX + 64];
	unsigned seed = 12345;
	for (int round = 0; round < 20000; round++) {
		size_t n = (seed = seed * 1103515245u + 12345u) >> 16;
		n %= round % 10 ? 64 : sizeof(line);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			line[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		int r = parse_line(line, n, &cmd);
		if (r) {
			assert_int_equal(r, -1);
			assert_memory_equal(cmd.err, "syntax: ", 8);
			assert_true(strlen(cmd.err) < sizeof(cmd.err));
			continue;
		}
		assert_true(cmd.argc <= SHELL_ARGS_MAX);
		assert_true(cmd.ngrants <= SHELL_GRANTS_MAX);
		for (int i = 0; i < cmd.ngrants; i++)
			assert_true(strlen(cmd.grant[i].name) > 0);
	}
}

static void test_job_numbers(void **state)
{
	assert_int_equal(parse_job_number("1"), 1);
	assert_int_equal(parse_job_number("%12"), 12);
	assert_int_equal(parse_job_number("999999"), 999999);
	assert_int_equal(parse_job_number("1000000"), -1);
	assert_int_equal(parse_job_number("0"), -1);
	assert_int_equal(parse_job_number(""), -1);
	assert_int_equal(parse_job_number("%"), -1);
	assert_int_equal(parse_job_number("-1"), -1);
	assert_int_equal(parse_job_number("1x"), -1);
	assert_int_equal(parse_job_number("99999999999999999999"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_and_blank),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_words_utf8_and_punctuation),
		cmocka_unit_test(test_not_a_verb),
		cmocka_unit_test(test_run_plain),
		cmocka_unit_test(test_run_grants),
		cmocka_unit_test(test_run_whitespace_variants),
		cmocka_unit_test(test_grant_limits),
		cmocka_unit_test(test_binary_errors),
		cmocka_unit_test(test_with_errors),
		cmocka_unit_test(test_grant_errors),
		cmocka_unit_test(test_quotes_unbalanced),
		cmocka_unit_test(test_control_bytes),
		cmocka_unit_test(test_too_many_words),
		cmocka_unit_test(test_huge_lines),
		cmocka_unit_test(test_every_prefix),
		cmocka_unit_test(test_random_lines),
		cmocka_unit_test(test_job_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
