/* termtest: the kernel terminal (Terminal, TerminalSession), run as init
 * with `diag` on a boot whose COM2 tests/qemu/test_terminal.py types
 * into. Each step writes a prompt on COM2, reads what is typed, checks
 * it and logs it on COM1 ("termtest: <step>: <end> <cursor> "<text>"").
 * The QEMU test checks both: what was echoed on COM2 and what we logged.
 *
 * Started as "termchild" (holding only a moved session and a console),
 * the same binary proves a session moves, and that its holder's end,
 * with a read still pending, lets the device be opened again. */
#include <string.h>
#include "capos/console.h"
#include "capos/diag.h"
#include "capos/process.h"
#include "user/rt/spawn.h"
#include "user/tests/tcheck.h"

TCHECK_DEFINE("termtest")

#define LINE_MAX 1024
/* Result bytes a readLine of max bytes needs (kernel/cap/terminal.h). */
#define RESULT_BYTES(max) (40u + (((uint32_t)(max) + 8u) & ~7u))
#define WRITE_PARAMS (4096 + 256)	/* a write of 4 KiB and more */

static cap_handle_t dev, sess, diag;

/* One readLine in flight: its buffers, and what came back. */
struct rl {
	uint8_t params[LINE_MAX + 256];
	uint8_t results[RESULT_BYTES(LINE_MAX) + 64];
	struct capn_call c;
	uint64_t ud;
	int32_t st;
	int end;		/* ReadLine.End, or -1 */
	uint32_t cursor, len;
	char text[LINE_MAX + 1];
};

static struct rl R, R2;

static uint64_t call_async(cap_handle_t cap, const struct capn_call *c)
{
	struct ring_sqe s = {
		.opcode = RING_OP_CALL, .cap = cap, .method = c->method,
		.addr = (uint64_t)c->params, .len = c->params_len,
		.result_addr = (uint64_t)c->results, .result_len = c->results_cap,
		.user_data = rt_next_user_data(),
	};
	rt_submit(&s);
	return s.user_data;
}

static uint64_t cancel_async(uint64_t target)
{
	struct ring_sqe s = { .opcode = RING_OP_CANCEL, .addr = target,
			      .user_data = rt_next_user_data() };
	rt_submit(&s);
	return s.user_data;
}

static cap_handle_t term_open(int32_t *st)
{
	uint8_t p[64], r[128];
	struct capn_call c;
	struct ring_cqe cqe;
	Terminal_open_prepare(&c, p, sizeof(p));
	capn_call_set_results(&c, r, sizeof(r));
	*st = rt_call_xfer(dev, &c, 0, 0, &cqe);
	return *st < 0 ? CAP_HANDLE_NONE
		       : rt_result_cap(&c, &cqe, 0, TerminalSession_IFACE_ID);
}

static int32_t twrite_n(const void *s, size_t n)
{
	static uint8_t p[WRITE_PARAMS];
	uint8_t r[64];
	struct capn_call c;
	if (TerminalSession_write_prepare(&c, p, sizeof(p), s, n))
		return ERR_INVALID;
	capn_call_set_results(&c, r, sizeof(r));
	return rt_call(sess, &c);
}

static int32_t twrite(const char *s)
{
	return twrite_n(s, strlen(s));
}

static int32_t simple_call(int method, uint32_t result_len)
{
	uint8_t p[64], r[64];
	struct capn_call c;
	if (method == TerminalSession_cancel_METHOD)
		TerminalSession_cancel_prepare(&c, p, sizeof(p));
	else
		TerminalSession_interrupt_prepare(&c, p, sizeof(p));
	capn_call_set_results(&c, r, result_len);
	return rt_call(sess, &c);
}

static void rl_submit(struct rl *x, const char *init, uint32_t cursor,
		      uint32_t max, EchoMode echo, uint32_t result_len)
{
	TerminalSession_readLine_prepare(&x->c, x->params, sizeof(x->params),
					 init, strlen(init), cursor, max, echo);
	capn_call_set_results(&x->c, x->results, result_len);
	x->ud = call_async(sess, &x->c);
}

static void rl_finish(struct rl *x)
{
	struct ring_cqe cqe = rt_wait(x->ud);
	struct capn_msg m;
	TerminalSession_readLine_Results_r res;
	x->st = cqe.result;
	x->end = -1;
	x->len = 0;
	x->text[0] = '\0';
	if (TerminalSession_readLine_results(&m, &x->c, x->st, &res))
		return;
	ReadLine_r l = TerminalSession_readLine_Results_get_line(res);
	struct capn_text t = ReadLine_get_text(l);
	x->len = t.len <= LINE_MAX ? t.len : LINE_MAX;
	memcpy(x->text, t.str, x->len);
	x->text[x->len] = '\0';
	x->cursor = ReadLine_get_cursor(l);
	x->end = (int)ReadLine_get_end(l);
}

static const char *end_name(int end)
{
	const char *n = end >= 0 ? ReadLine_End_name_of((unsigned)end) : 0;
	return n ? n : "?";
}

static void rl_log(const char *tag, const struct rl *x)
{
	if (x->st < 0)
		rt_printf("termtest: %s: error %d\n", tag, x->st);
	else if (x->len > 80)
		rt_printf("termtest: %s: %s %u len %u\n", tag, end_name(x->end),
			  x->cursor, x->len);
	else
		rt_printf("termtest: %s: %s %u \"%s\"\n", tag, end_name(x->end),
			  x->cursor, x->text);
}

/* Prompt, read one line (result buffer sized for max) and log it. */
static struct rl *read_line(const char *tag, const char *prompt,
			    const char *init, uint32_t cursor, uint32_t max,
			    EchoMode echo)
{
	if (prompt)
		twrite(prompt);
	rl_submit(&R, init, cursor, max, echo, RESULT_BYTES(max));
	rl_finish(&R);
	rl_log(tag, &R);
	return &R;
}

static bool line_is(const struct rl *x, int end, uint32_t cursor,
		    const char *text)
{
	return x->st >= 0 && x->end == end && x->cursor == cursor &&
	       x->len == strlen(text) && !memcmp(x->text, text, x->len);
}

#define EXPECT_LINE(name, x, end_, cursor_, text_)                            \
	CHECK(name, line_is(x, end_, cursor_, text_),                         \
	      "status %d end %s cursor %u text \"%s\"", (x)->st,              \
	      end_name((x)->end), (x)->cursor, (x)->text)

static void test_open(void)
{
	int32_t st, st2;
	sess = term_open(&st);
	CHECK("open", sess != CAP_HANDLE_NONE, "status %d", st);
	CHECK("open_again_busy", term_open(&st2) == CAP_HANDLE_NONE &&
	      st2 == ERR_BUSY, "status %d", st2);
	uint8_t p[64], r[64];
	struct capn_call c;
	struct capn_msg m;
	TerminalSession_windowSize_Results_r res;
	TerminalSession_windowSize_prepare(&c, p, sizeof(p));
	capn_call_set_results(&c, r, sizeof(r));
	st = rt_call(sess, &c);
	bool ok = !TerminalSession_windowSize_results(&m, &c, st, &res);
	CHECK("window_size", ok &&
	      TerminalSession_windowSize_Results_get_columns(res) == 80 &&
	      TerminalSession_windowSize_Results_get_rows(res) == 24,
	      "status %d", st);
}

static void test_write(void)
{
	static char big[4097];
	int32_t st = twrite("terminal ready\nline two\n");
	CHECK("write", st >= 0, "status %d", st);
	memset(big, '=', sizeof(big));
	CHECK("write_too_large", twrite_n(big, sizeof(big)) == ERR_TOO_LARGE,
	      "not refused");
}

static void test_edit(void)
{
	EXPECT_LINE("basic", read_line("basic", "[basic]> ", "", 0, 64,
				       EchoMode_visible), 0, 3, "abd");
	EXPECT_LINE("crlf_first", read_line("crlf1", "[crlf]> ", "", 0, 64,
					    EchoMode_visible), 0, 3, "one");
	EXPECT_LINE("crlf_once", read_line("crlf2", "[crlf2]> ", "", 0, 64,
					   EchoMode_visible), 0, 3, "two");
	EXPECT_LINE("insert", read_line("insert", "[insert]> ", "", 0, 64,
					EchoMode_visible), 0, 6, "hello!");
	EXPECT_LINE("ctrl_w", read_line("words", "[words]> ", "", 0, 64,
					EchoMode_visible), 0, 7, "foo qux");
	EXPECT_LINE("ctrl_u", read_line("kill", "[kill]> ", "", 0, 64,
					EchoMode_visible), 0, 2, "ok");
	EXPECT_LINE("high_bytes", read_line("bytes", "[bytes]> ", "", 0, 64,
					    EchoMode_visible), 0, 3,
		    "h\xc3\xa9");
}

static void test_echo_modes(void)
{
	EXPECT_LINE("hidden", read_line("hidden", "password: ", "", 0, 64,
					EchoMode_hidden), 0, 6, "s3cret");
	twrite("\n");
	EXPECT_LINE("masked", read_line("masked", "[masked]> ", "", 0, 64,
					EchoMode_masked), 0, 3, "pi9");
}

/* Tab and Up end early with the partial line; the next read resumes
 * from an initial text and cursor in the same place. */
static void test_resume(void)
{
	EXPECT_LINE("tab", read_line("tab", "[tab]> ", "", 0, 64,
				     EchoMode_visible), 1, 2, "ec");
	EXPECT_LINE("resume_after_tab", read_line("resume", 0, "echo ", 5, 64,
						  EchoMode_visible), 0, 7,
		    "echo hi");
	EXPECT_LINE("up", read_line("up", "[up]> ", "", 0, 64,
				    EchoMode_visible), 2, 1, "x");
	EXPECT_LINE("resume_cursor_down", read_line("history", 0, "hello world",
						    5, 64, EchoMode_visible),
		    3, 6, "hello, world");
	EXPECT_LINE("resume_cursor_clamped", read_line("clamped", 0,
						       "hello, world", 99, 64,
						       EchoMode_visible),
		    0, 12, "hello, world");
}

/* cancel(): a pending read ends `cancelled` with its text; a second
 * read meanwhile is refused. */
static void test_cancel(void)
{
	twrite("[cancel]> ");
	rl_submit(&R, "keep", 2, 64, EchoMode_visible, RESULT_BYTES(64));
	rl_submit(&R2, "", 0, 64, EchoMode_visible, RESULT_BYTES(64));
	rl_finish(&R2);
	CHECK("second_read_busy", R2.st == ERR_BUSY, "status %d", R2.st);
	int32_t st = simple_call(TerminalSession_cancel_METHOD, 64);
	CHECK("cancel_call", st >= 0, "status %d", st);
	rl_finish(&R);
	rl_log("cancel", &R);
	EXPECT_LINE("cancel_ends_read", &R, 4, 2, "keep");
	st = simple_call(TerminalSession_cancel_METHOD, 64);
	CHECK("cancel_nothing_pending", st >= 0, "status %d", st);
	twrite("\n");
}

/* The ring's CANCEL ends a pending read with ERR_CANCELLED. */
static void test_ring_cancel(void)
{
	twrite("[ringcancel]> ");
	rl_submit(&R, "", 0, 64, EchoMode_visible, RESULT_BYTES(64));
	uint64_t c = cancel_async(R.ud);
	int32_t cst = rt_wait(c).result;
	rl_finish(&R);
	CHECK("ring_cancel_read", cst == 0 && R.st == ERR_CANCELLED,
	      "cancel %d read %d", cst, R.st);
	CHECK("ring_cancel_again", rt_wait(cancel_async(R.ud)).result ==
	      ERR_NOT_FOUND, "found again");
	twrite("\n");
	EXPECT_LINE("read_after_cancel", read_line("after", "[after]> ", "", 0,
						   64, EchoMode_visible),
		    0, 4, "fine");
}

/* interrupt() completes at a Ctrl-C typed with no read pending (and
 * drops the type-ahead before it); a Ctrl-C during a read is the read's. */
static void test_interrupt(void)
{
	uint8_t p[64], r[64];
	struct capn_call c;
	TerminalSession_interrupt_prepare(&c, p, sizeof(p));
	capn_call_set_results(&c, r, sizeof(r));
	uint64_t ud = call_async(sess, &c);
	CHECK("interrupt_busy", simple_call(TerminalSession_interrupt_METHOD,
					    64) == ERR_BUSY, "not busy");
	twrite("[intr] press ^C: ");
	int32_t st = rt_wait(ud).result;
	struct capn_msg m;
	TerminalSession_interrupt_Results_r res;
	CHECK("interrupt", st >= 0 &&
	      !TerminalSession_interrupt_results(&m, &c, st, &res),
	      "status %d", st);
	rt_printf("termtest: interrupt: %s\n", st >= 0 ? "ok" : "error");
	twrite("\n");
	EXPECT_LINE("typeahead_dropped", read_line("afterintr", "[afterintr]> ",
						   "", 0, 64,
						   EchoMode_visible),
		    0, 2, "ok");
	ud = call_async(sess, &c);
	rl_submit(&R, "", 0, 64, EchoMode_visible, RESULT_BYTES(64));
	twrite("[both]> ");
	rl_finish(&R);
	rl_log("both", &R);
	EXPECT_LINE("ctrl_c_ends_read", &R, 4, 2, "ab");
	int32_t cst = rt_wait(cancel_async(ud)).result;
	st = rt_wait(ud).result;
	CHECK("ctrl_c_in_read_not_interrupt", cst == 0 && st == ERR_CANCELLED,
	      "cancel %d interrupt %d", cst, st);
}

static int32_t bad_read(const char *init, uint32_t max, EchoMode echo,
			uint32_t result_len)
{
	rl_submit(&R, init, 0, max, echo, result_len);
	rl_finish(&R);
	return R.st;
}

static void test_hostile(void)
{
	CHECK("max_too_large", bad_read("", LINE_MAX + 1, EchoMode_visible,
					sizeof(R.results)) == ERR_TOO_LARGE,
	      "status %d", R.st);
	CHECK("max_huge", bad_read("", 0xffffffffu, EchoMode_visible,
				   sizeof(R.results)) == ERR_TOO_LARGE,
	      "status %d", R.st);
	CHECK("initial_over_max", bad_read("abcdef", 3, EchoMode_visible,
					   sizeof(R.results)) == ERR_TOO_LARGE,
	      "status %d", R.st);
	CHECK("initial_control", bad_read("a\x1b[2Jb", 64, EchoMode_visible,
					  sizeof(R.results)) == ERR_INVALID,
	      "status %d", R.st);
	CHECK("echo_mode_unknown", bad_read("", 64, (EchoMode)7,
					    sizeof(R.results)) == ERR_INVALID,
	      "status %d", R.st);
	CHECK("result_buffer_small", bad_read("", 64, EchoMode_visible,
					      RESULT_BYTES(64) - 1) ==
	      ERR_BUFFER_TOO_SMALL, "status %d", R.st);
	CHECK("interrupt_result_small",
	      simple_call(TerminalSession_interrupt_METHOD, 8) ==
	      ERR_BUFFER_TOO_SMALL, "not refused");
}

/* A line longer than maxBytes ends tooLong with what fit, in a result
 * buffer of exactly the documented size; the byte that did not fit is
 * dropped and the rest waits for the next read. */
static void test_too_long(void)
{
	static char want[LINE_MAX + 1];
	read_line("long", "[long]> ", "", 0, LINE_MAX, EchoMode_visible);
	memset(want, 'x', LINE_MAX);
	EXPECT_LINE("too_long", &R, 6, LINE_MAX, want);
	twrite("\n");
	read_line("rest", "[rest]> ", "", 0, LINE_MAX, EchoMode_visible);
	want[75] = '\0';
	EXPECT_LINE("rest_for_next_read", &R, 0, 75, want);
}

/* Typing at the start of a long line redraws all of it per key: the
 * echo budget splits the work across entries, and nothing is lost. */
static void test_paste_redraw(void)
{
	static char init[1001], want[1021];
	memset(init, 'a', 1000);
	memset(want, 'b', 20);
	memset(want + 20, 'a', 1000);
	twrite("\n[paste]> ");
	read_line("paste", 0, init, 0, LINE_MAX, EchoMode_visible);
	EXPECT_LINE("paste_redraw", &R, 0, 20, want);
}

static int32_t spawn_child(bool move, cap_handle_t *h)
{
	struct rt_grant g[] = {
		{ "session", sess, TerminalSession_IFACE_ID, move, false },
		rt_grant_named("console"),
	};
	return rt_spawn(rt_cap_find("spawner", ProcessSpawner_IFACE_ID),
			"termchild", "termchild", g, 2, 0, h);
}

/* Copies are refused; a move works, the device stays busy while the
 * child holds the session, and the child's end frees it. */
static void test_transfer(void)
{
	cap_handle_t h = CAP_HANDLE_NONE;
	int32_t st = spawn_child(false, &h), st2;
	CHECK("copy_refused", st == ERR_NOT_TRANSFERABLE, "status %d", st);
	CHECK("still_ours_after_refusal", twrite("") >= 0, "session lost");
	st = spawn_child(true, &h);
	CHECK("move_to_child", st == 0, "status %d", st);
	CHECK("moved_handle_stale", twrite("x") == ERR_STALE_HANDLE, "usable");
	CHECK("open_while_child_holds", term_open(&st2) == CAP_HANDLE_NONE &&
	      st2 == ERR_BUSY, "status %d", st2);
	struct rt_exit ex = { 0 };
	st = rt_proc_wait(h, &ex);
	CHECK("child_exit", st == 0 && ex.kind == RT_EXIT_CODE && ex.code == 0,
	      "status %d kind %d code %ld", st, ex.kind, ex.code);
	sess = term_open(&st);
	CHECK("reopen_after_child_end", sess != CAP_HANDLE_NONE, "status %d", st);
	EXPECT_LINE("read_after_reopen", read_line("back", "[back]> ", "", 0, 64,
						   EchoMode_visible),
		    0, 5, "again");
}

/* Releasing the session ends a pending read and frees the device. */
static void test_release(void)
{
	int32_t st;
	rl_submit(&R, "", 0, 64, EchoMode_visible, RESULT_BYTES(64));
	st = rt_release(sess);
	rl_finish(&R);
	CHECK("release_ends_read", st == 0 && R.st == ERR_CANCELLED,
	      "release %d read %d", st, R.st);
	sess = term_open(&st);
	CHECK("reopen_after_release", sess != CAP_HANDLE_NONE, "status %d", st);
	twrite("termtest: done\n");
}

static uint64_t diag_calls(void)
{
	uint8_t p[64], r[256];
	struct capn_call c;
	struct capn_msg m;
	KernelDiag_totals_Results_r res;
	KernelDiag_totals_prepare(&c, p, sizeof(p));
	capn_call_set_results(&c, r, sizeof(r));
	int32_t st = rt_call(diag, &c);
	if (KernelDiag_totals_results(&m, &c, st, &res))
		return ~0ull;
	return Totals_get_callsInFlight(KernelDiag_totals_Results_get_totals(res));
}

/* termchild: read one line through the moved session, then end with a
 * read still pending. */
static int child_main(void)
{
	twrite("[child]> ");
	rl_submit(&R, "", 0, 64, EchoMode_visible, RESULT_BYTES(64));
	rl_finish(&R);
	rt_printf("termchild: got \"%s\"\n", R.text);
	rl_submit(&R, "", 0, 64, EchoMode_visible, RESULT_BYTES(64));
	rt_cap_enter(0, 0);	/* the read is pending now; leave it */
	return 0;
}

int main(void)
{
	sess = rt_cap_find("session", TerminalSession_IFACE_ID);
	if (sess != CAP_HANDLE_NONE)
		return child_main();
	dev = rt_cap_find("terminal", Terminal_IFACE_ID);
	diag = rt_cap_find("diag", KernelDiag_IFACE_ID);
	CHECK("have_terminal", dev != CAP_HANDLE_NONE, "no terminal granted");
	if (dev == CAP_HANDLE_NONE)
		return tcheck_summary();
	uint64_t calls = diag_calls();
	test_open();
	test_write();
	test_edit();
	test_echo_modes();
	test_resume();
	test_cancel();
	test_ring_cancel();
	test_interrupt();
	test_hostile();
	test_too_long();
	test_paste_redraw();
	test_transfer();
	test_release();
	/* an ended child's last frees may land a moment after its wait */
	uint64_t now = diag_calls();
	for (int i = 0; i < 40 && now != calls; i++) {
		rt_sleep_ns(5 * 1000000ull);
		now = diag_calls();
	}
	CHECK("no_calls_left_in_flight", now == calls, "%lu -> %lu", calls, now);
	return tcheck_summary();
}
