/* The line editor (lib/term/lineedit.c): every key, the echo bytes each
 * one produces in visible, masked and hidden mode, CR LF handling across
 * reads, the maxBytes edge, and hostile input (escape garbage of any
 * length, NUL bytes, every byte value in every parser state). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "lib/term/lineedit.h"

#define MAX 64
#define BIG 1024

struct fix {
	struct lineedit le;
	char text[BIG];
	char echo[8192];	/* everything echoed since the last reset */
	size_t nechoed;
	enum le_end end;	/* the end of the last feed() */
};

static struct fix f;

static int setup(void **state)
{
	memset(&f, 0, sizeof(f));
	return 0;
}

/* Append one call's echo, checking the documented bound. */
static void take(struct le_out *o, uint32_t max)
{
	assert_int_equal(o->dropped, 0);
	assert_true(o->len <= LINEEDIT_ECHO_MAX(max));
	assert_true(f.nechoed + o->len < sizeof(f.echo));
	memcpy(f.echo + f.nechoed, o->buf, o->len);
	f.nechoed += o->len;
	f.echo[f.nechoed] = '\0';
}

static void start(const char *initial, uint32_t cursor, uint32_t max,
		  enum le_echo echo)
{
	char buf[LINEEDIT_ECHO_MAX(BIG)];
	struct le_out o = { buf, 0, sizeof(buf), 0 };
	f.nechoed = 0;
	f.echo[0] = '\0';
	lineedit_start(&f.le, f.text, max, initial, (uint32_t)strlen(initial),
		       cursor, echo, &o);
	take(&o, max);
}

/* Feed n bytes; stops at (and returns) the first end. */
static enum le_end feedn(const char *s, size_t n)
{
	char buf[LINEEDIT_ECHO_MAX(BIG)];
	f.end = LE_MORE;
	for (size_t i = 0; i < n && f.end == LE_MORE; i++) {
		struct le_out o = { buf, 0, LINEEDIT_ECHO_MAX(f.le.max), 0 };
		f.end = lineedit_feed(&f.le, (uint8_t)s[i], &o);
		take(&o, f.le.max);
	}
	return f.end;
}

static enum le_end feed(const char *s)
{
	return feedn(s, strlen(s));
}

static void expect_line(const char *text, uint32_t cursor)
{
	assert_int_equal(f.le.len, strlen(text));
	assert_memory_equal(f.le.text, text, f.le.len);
	assert_int_equal(f.le.cur, cursor);
}

static void expect_echo(const char *want)
{
	assert_string_equal(f.echo, want);
}

static void test_type_enter(void **state)
{
	start("", 0, MAX, LE_VISIBLE);
	assert_int_equal(feed("hello\r"), LE_ENTER);
	expect_line("hello", 5);
	expect_echo("hello\r\n");
	start("", 0, MAX, LE_VISIBLE);
	assert_int_equal(feed("x\n"), LE_ENTER);
	expect_line("x", 1);
	expect_echo("x\r\n");
}

/* CR LF is one Enter, even when the LF arrives at the next read. */
static void test_crlf_once(void **state)
{
	start("", 0, MAX, LE_VISIBLE);
	assert_int_equal(feed("a\r"), LE_ENTER);
	start("", 0, MAX, LE_VISIBLE);
	assert_int_equal(feed("\nb\r"), LE_ENTER);
	expect_line("b", 1);
	start("", 0, MAX, LE_VISIBLE);
	assert_int_equal(feed("\r"), LE_ENTER);	/* CR CR: two lines */
	expect_line("", 0);
	start("", 0, MAX, LE_VISIBLE);
	assert_int_equal(feed("x\n"), LE_ENTER);	/* LF after x: Enter */
	expect_line("x", 1);
	start("", 0, MAX, LE_VISIBLE);
	assert_int_equal(feed("\n"), LE_ENTER);	/* LF after LF: Enter */
	expect_line("", 0);
}

static void test_backspace(void **state)
{
	start("", 0, MAX, LE_VISIBLE);
	assert_int_equal(feed("abc\x7f"), LE_MORE);
	expect_line("ab", 2);
	expect_echo("abc\b\x1b[K");
	feed("\x08\x08\x08\x7f");		/* past the start: nothing */
	expect_line("", 0);
	expect_echo("abc\b\x1b[K\b\x1b[K\b\x1b[K");
}

static void test_backspace_middle(void **state)
{
	start("", 0, MAX, LE_VISIBLE);
	feed("abcd\x1b[D\x1b[D\x08");
	expect_line("acd", 1);
	expect_echo("abcd\b\b\bcd\x1b[K\x1b[2D");
}

static void test_ctrl_u(void **state)
{
	start("", 0, MAX, LE_VISIBLE);
	feed("hello world");
	feed("\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x15");
	expect_line("world", 0);
	expect_echo("hello world\b\b\b\b\b\x1b[6Dworld\x1b[K\x1b[5D");
	feed("\x15");				/* at the start: nothing */
	expect_line("world", 0);
}

static void test_ctrl_w(void **state)
{
	start("", 0, MAX, LE_VISIBLE);
	feed("foo bar  \x17");
	expect_line("foo ", 4);
	expect_echo("foo bar  \x1b[5D\x1b[K");
	feed("\x17");
	expect_line("", 0);
	feed("\x17");
	expect_line("", 0);
	feed("one two\x01\x17");		/* at the start: nothing */
	expect_line("one two", 0);
	feed("\x05\x1b[D\x1b[D\x17");		/* mid-word: to its start */
	expect_line("one wo", 4);
}

static void test_left_right_insert(void **state)
{
	start("", 0, MAX, LE_VISIBLE);
	feed("ac\x1b[Db");
	expect_line("abc", 2);
	expect_echo("ac\bbc\b");
	feed("\x1b[C\x1b[C\x1b[C");		/* right stops at the end */
	expect_line("abc", 3);
	feed("\x1b[D\x1b[D\x1b[D\x1b[D");	/* left stops at 0 */
	expect_line("abc", 0);
	assert_int_equal(feed("X\r"), LE_ENTER);
	expect_line("Xabc", 1);
}

static void test_home_end(void **state)
{
	static const char *home[] = { "\x01", "\x1b[H", "\x1bOH", "\x1b[1~",
				      "\x1b[7~" };
	static const char *end[] = { "\x05", "\x1b[F", "\x1bOF", "\x1b[4~",
				     "\x1b[8~" };
	for (size_t i = 0; i < 5; i++) {
		start("abcdef", 3, MAX, LE_VISIBLE);
		feed(home[i]);
		expect_line("abcdef", 0);
		expect_echo("abcdef\x1b[3D\x1b[3D");
		feed(end[i]);
		expect_line("abcdef", 6);
		expect_echo("abcdef\x1b[3D\x1b[3D\x1b[6C");
	}
}

static void test_delete_key(void **state)
{
	start("abc", 0, MAX, LE_VISIBLE);
	feed("\x1b[3~");
	expect_line("bc", 0);
	expect_echo("abc\x1b[3Dbc\x1b[K\x1b[2D");
	feed("\x05\x1b[3~");			/* at the end: nothing */
	expect_line("bc", 2);
}

static void test_resumable_ends(void **state)
{
	static const struct { const char *key; enum le_end end; } k[] = {
		{ "\t", LE_TAB }, { "\x1b[A", LE_UP }, { "\x1b[B", LE_DOWN },
		{ "\x1bOA", LE_UP }, { "\x1bOB", LE_DOWN },
		{ "\x1b[1;5A", LE_UP },
	};
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		start("", 0, MAX, LE_VISIBLE);
		feed("echo hi\x1b[D\x1b[D");
		assert_int_equal(feed(k[i].key), k[i].end);
		expect_line("echo hi", 5);
		expect_echo("echo hi\b\b\x1b[5D\x1b[K");
	}
	start("", 0, MAX, LE_VISIBLE);
	assert_int_equal(feed("\t"), LE_TAB);	/* empty: nothing to clear */
	expect_echo("");
}

static void test_cancel_eof(void **state)
{
	start("", 0, MAX, LE_VISIBLE);
	assert_int_equal(feed("abc\x03"), LE_CANCELLED);
	expect_line("abc", 3);
	expect_echo("abc^C\r\n");
	start("", 0, MAX, LE_VISIBLE);
	assert_int_equal(feed("x\x04"), LE_MORE);	/* not empty: ignored */
	assert_int_equal(feed("\x7f\x04"), LE_EOF);
	expect_line("", 0);
	expect_echo("x\b\x1b[K");
}

static void test_too_long(void **state)
{
	start("", 0, 4, LE_VISIBLE);
	assert_int_equal(feed("abcd"), LE_MORE);
	assert_int_equal(feed("e"), LE_TOO_LONG);
	expect_line("abcd", 4);
	expect_echo("abcd");
	start("", 0, 4, LE_VISIBLE);
	assert_int_equal(feed("\x7f" "abcd\r"), LE_ENTER);	/* exactly max */
	expect_line("abcd", 4);
	start("", 0, 0, LE_VISIBLE);
	assert_int_equal(feed("\r"), LE_ENTER);
	start("", 0, 0, LE_VISIBLE);
	assert_int_equal(feed("a"), LE_TOO_LONG);
	expect_line("", 0);
	start("ab", 1, 2, LE_VISIBLE);		/* full initial, mid cursor */
	assert_int_equal(feed("x"), LE_TOO_LONG);
	expect_line("ab", 1);
}

static void test_hidden(void **state)
{
	start("secret", 2, MAX, LE_HIDDEN);
	assert_int_equal(feed("\x05pw\x7f\x1b[D\x15x\t"), LE_TAB);
	expect_line("xp", 1);
	expect_echo("");
	start("", 0, MAX, LE_HIDDEN);
	assert_int_equal(feed("pass\r"), LE_ENTER);
	expect_line("pass", 4);
	start("", 0, MAX, LE_HIDDEN);
	assert_int_equal(feed("a\x03"), LE_CANCELLED);
	expect_echo("");
}

static void test_masked(void **state)
{
	start("ab", 1, MAX, LE_MASKED);
	expect_echo("**\b");
	feed("X");
	expect_line("aXb", 2);
	expect_echo("**\b**\b");
	feed("\x7f");
	expect_line("ab", 1);
	expect_echo("**\b**\b\b*\x1b[K\b");
	assert_int_equal(feed("\r"), LE_ENTER);
	expect_echo("**\b**\b\b*\x1b[K\b\r\n");
}

static void test_initial(void **state)
{
	start("hello", 2, MAX, LE_VISIBLE);
	expect_echo("hello\x1b[3D");
	feed("X");
	expect_line("heXllo", 3);
	start("hello", 99, MAX, LE_VISIBLE);	/* cursor clamped */
	expect_line("hello", 5);
	expect_echo("hello");
	start("abcdefgh", 7, 4, LE_VISIBLE);	/* cut to max, then clamped */
	expect_line("abcd", 4);
	start("a\x1b[2Jb\x7f", 0, MAX, LE_VISIBLE);	/* no controls drawn */
	expect_line("a?[2Jb?", 0);
	expect_echo("a?[2Jb?\x1b[7D");
	start("", 5, MAX, LE_VISIBLE);
	expect_line("", 0);
	expect_echo("");
}

static void test_high_bytes_and_nul(void **state)
{
	start("", 0, MAX, LE_VISIBLE);
	assert_int_equal(feedn("a\0\xc3\xa9\x80\xff\r", 7), LE_ENTER);
	expect_line("a\xc3\xa9\x80\xff", 5);
	start("", 0, MAX, LE_VISIBLE);
	assert_int_equal(feedn("\0\0\x02\x06\x0b\x0c\x1c\x1f\r", 9), LE_ENTER);
	expect_line("", 0);
	expect_echo("\r\n");
}

/* Escape garbage of any length takes constant state and ends cleanly. */
static void test_escape_garbage(void **state)
{
	static char junk[20000];
	start("", 0, MAX, LE_VISIBLE);
	junk[0] = '\x1b', junk[1] = '[';
	for (size_t i = 2; i < sizeof(junk) - 1; i++)
		junk[i] = "0123456789;"[i % 11];
	junk[sizeof(junk) - 1] = 'A';
	assert_int_equal(feedn(junk, sizeof(junk)), LE_UP);
	expect_echo("");
	start("", 0, MAX, LE_VISIBLE);
	memset(junk + 2, '9', sizeof(junk) - 3);
	junk[sizeof(junk) - 1] = '~';		/* a huge key number: ignored */
	assert_int_equal(feedn(junk, sizeof(junk)), LE_MORE);
	feed("\x1b[?25h\x1b[>c\x1b[ q\x1b[99x\x1bx\x1bO~ok");
	expect_line("ok", 2);
	expect_echo("ok");
	assert_int_equal(feed("\x1b[12\r"), LE_ENTER);	/* CR ends it */
	start("", 0, MAX, LE_VISIBLE);
	assert_int_equal(feed("\x1b\x1b[A"), LE_UP);	/* ESC ESC [ A */
	start("", 0, MAX, LE_VISIBLE);
	assert_int_equal(feed("\x1b[2\x03"), LE_CANCELLED);
	start("", 0, MAX, LE_VISIBLE);
	assert_int_equal(feed("\x1bO\r"), LE_ENTER);
	start("", 0, MAX, LE_VISIBLE);
	feed("\x1b");
	lineedit_abort(&f.le);
	feed("[A");				/* after an abort: text */
	expect_line("[A", 2);
}

/* The echo bound holds for the largest redraws of a full line. */
static void test_echo_bound(void **state)
{
	static char line[BIG + 1];
	memset(line, 'x', BIG);
	start(line, 1, BIG, LE_VISIBLE);
	feed("\x15");				/* keeps 1023 bytes, redrawn */
	assert_int_equal(f.le.len, BIG - 1);
	start(line, 1, BIG, LE_MASKED);
	feed("\x7f\x1b[3~");
	start(line + 1, 0, BIG, LE_VISIBLE);
	feed("y");				/* insert at 0: full redraw */
	assert_int_equal(f.le.len, BIG);
	assert_int_equal(feed("z"), LE_TOO_LONG);
}

/* Every byte value in every parser state, from a pseudo-random stream:
 * the invariants hold and the echo stays within its bound. */
static void test_random_stream(void **state)
{
	static const uint32_t maxes[] = { 0, 1, 7, MAX, BIG };
	uint32_t x = 12345;
	for (size_t m = 0; m < 5; m++) {
		start("seed", 2, maxes[m], (enum le_echo)(m % 3));
		for (int i = 0; i < 60000; i++) {
			x = x * 1103515245u + 12345u;
			uint8_t b = (uint8_t)(x >> 16);
			if (b < 0x40 && (x & 0x100))
				b = "\x1b[O;0123~ABCDHF\x7f\r\n"[b % 19];
			f.nechoed = 0;
			enum le_end e = feedn((char *)&b, 1);
			assert_true(f.le.cur <= f.le.len && f.le.len <= f.le.max);
			if (e != LE_MORE)
				start("", x % 5, maxes[m], (enum le_echo)(x % 3));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_type_enter, setup),
		cmocka_unit_test_setup(test_crlf_once, setup),
		cmocka_unit_test_setup(test_backspace, setup),
		cmocka_unit_test_setup(test_backspace_middle, setup),
		cmocka_unit_test_setup(test_ctrl_u, setup),
		cmocka_unit_test_setup(test_ctrl_w, setup),
		cmocka_unit_test_setup(test_left_right_insert, setup),
		cmocka_unit_test_setup(test_home_end, setup),
		cmocka_unit_test_setup(test_delete_key, setup),
		cmocka_unit_test_setup(test_resumable_ends, setup),
		cmocka_unit_test_setup(test_cancel_eof, setup),
		cmocka_unit_test_setup(test_too_long, setup),
		cmocka_unit_test_setup(test_hidden, setup),
		cmocka_unit_test_setup(test_masked, setup),
		cmocka_unit_test_setup(test_initial, setup),
		cmocka_unit_test_setup(test_high_bytes_and_nul, setup),
		cmocka_unit_test_setup(test_escape_garbage, setup),
		cmocka_unit_test_setup(test_echo_bound, setup),
		cmocka_unit_test_setup(test_random_stream, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
