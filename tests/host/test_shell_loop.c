/* The whole shell (user/capos-shell, all but main) on the host, over the
 * fake kernel, terminal, launcher and children in
 * user/capos-shell/hosttest: the prompt, builtins, run/spawn/wait/kill,
 * StdIO serving, Ctrl-C, history and completion, overlong lines, and no
 * capability leaked (everything the fake handed out is released by the
 * time the shell has exited). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "user/capos-shell/hosttest/fake.h"

#define RUN(...)							\
	do {								\
		const struct fake_ev ev_[] = { __VA_ARGS__ };		\
		code = fake_run(ev_, sizeof(ev_) / sizeof(ev_[0]));	\
		check_no_leaks();					\
	} while (0)
#define RUN0()								\
	do {								\
		code = fake_run(0, 0);					\
		check_no_leaks();					\
	} while (0)
#define WRITE(j, t) { EV_WRITE, (t), (j), 0, 0 }
#define READ(j, n) { EV_READ, 0, (j), (n), 0 }
#define READLINE(j, n) { EV_READLINE, 0, (j), (n), 0 }
#define CANCEL(j) { EV_CANCEL, 0, (j), 0, 0 }
#define EXIT(j, c) { EV_EXIT, 0, (j), (c), 0 }
#define FAULT(j, v) { EV_FAULT, 0, (j), (v), 0 }
#define RAW(j, m, t) { EV_RAW, (t), (j), (m), 0 }
#define CTRL_C { EV_CTRL_C, 0, 0, 0, 0 }

static int code;

/* Every capability the fake made is released by the end; with
 * SHELL_TEST_SCREEN set, the screen is shown. */
static void check_no_leaks(void)
{
	if (getenv("SHELL_TEST_SCREEN"))
		fprintf(stderr, "--- screen ---\n%s\n--- end ---\n",
			fake_screen());
	assert_int_equal(fake_released(), fake_made());
}

/* `want` appears on the screen (after `after`, when given). */
static void seen_after(const char *after, const char *want)
{
	const char *s = fake_screen(), *from = after ? strstr(s, after) : s;
	if (!from || !strstr(from, want)) {
		fprintf(stderr, "--- screen ---\n%s\n--- end ---\n", s);
		fail_msg("wanted \"%s\"%s%s on the screen", want,
			 after ? " after " : "", after ? after : "");
	}
}

static void seen(const char *want)
{
	seen_after(0, want);
}

static void not_seen(const char *what)
{
	if (strstr(fake_screen(), what)) {
		fprintf(stderr, "--- screen ---\n%s\n--- end ---\n", fake_screen());
		fail_msg("did not want \"%s\" on the screen", what);
	}
}

static int setup(void **state)
{
	fake_reset("Welcome to capOS.\nType help.");
	return 0;
}

static void test_motd_and_prompt(void **state)
{
	RUN0();
	assert_string_equal(fake_screen(),
			    "Welcome to capOS.\nType help.\ncapos> ");
	assert_int_equal(fake_last_echo(), EchoMode_visible);
	assert_int_equal(fake_last_max(), 1024);
	assert_int_equal(code, 0);
}

static void test_no_terminal(void **state)
{
	fake_without("terminal");
	assert_int_equal(fake_run(0, 0), -1);
}

static void test_builtins(void **state)
{
	RUN(FAKE_TYPE("help"), FAKE_TYPE("caps"), FAKE_TYPE("echo a  \"b  c\""),
	    FAKE_TYPE("foo bar"), FAKE_TYPE("   "), FAKE_TYPE("clear"),
	    FAKE_TYPE("jobs"), FAKE_TYPE("wait"), FAKE_TYPE("wait 1 2"));
	seen("commands:\n");
	seen("run \"<binary>\" [with { name: source, ... }]");
	seen("terminal   TerminalSession\n");
	seen("endpoints  EndpointFactory\n");
	seen("svc        Endpoint\n");
	seen("\na b  c\n");
	seen("unknown command: foo (try help)\n");
	seen("\x1b[2J\x1b[H");
	seen("no jobs\n");
	seen("wait: no jobs\n");
	seen("usage: wait [N]\n");
}

static void test_syntax_errors(void **state)
{
	RUN(FAKE_TYPE("run \"hello\" with { stdio: @stdio"),
	    FAKE_TYPE("run \"hel"), FAKE_TYPE("echo \x01"),
	    FAKE_TYPE("run x with { a: @b, a: @c }"));
	seen("syntax: expected '}' after grant list at end of line\n");
	seen("syntax: unterminated quote at column 5\n");
	seen("syntax: control character 0x01 at column 6\n");
	seen("syntax: grant name 'a' given twice at column 21\n");
	assert_int_equal(fake_launches(), 0);
}

static void test_run_hello(void **state)
{
	RUN(FAKE_TYPE("run \"hello\" with { stdio: @stdio }"),
	    WRITE(1, "hello, world\n"), EXIT(1, 0), FAKE_TYPE("echo next"));
	assert_string_equal(fake_launch_desc(1), "hello stdio=StdIO");
	assert_string_equal(fake_child_log(1), "write:13|");
	seen_after("stdio }\n", "hello, world\ncapos> echo next\nnext\n");
	not_seen("[exited");
}

static void test_run_reports(void **state)
{
	RUN(FAKE_TYPE("run exit3"), EXIT(1, 3), FAKE_TYPE("run \"crash\""),
	    FAULT(2, 14), FAKE_TYPE("run crash"), FAULT(3, 13));
	seen("[exited with code 3]\ncapos> ");
	seen("[crashed: #PF page fault at 0x0]\ncapos> ");
	seen("[crashed: #GP general protection at 0x0]\n");
	assert_int_equal(fake_launches(), 3);
}

static void test_launch_refusals(void **state)
{
	RUN(FAKE_TYPE("run \"needy\""), FAKE_TYPE("run \"nope\""),
	    FAKE_TYPE("run hello with { x: @nothing }"),
	    FAKE_TYPE("spawn hello with { t: client @timer }"),
	    FAKE_TYPE("run \"hello\" with { svc: client @svc, t: @timer }"),
	    EXIT(1, 0));
	seen("run: needy: needs stdio (StdIO), which this launch does not "
	     "grant\n");
	seen("run: unknown binary \"nope\"");
	seen("run: no capability named @nothing in this shell (see caps)\n");
	seen("spawn: @timer is a Timer, not an endpoint (client @timer needs "
	     "one)\n");
	assert_int_equal(fake_launches(), 1);
	assert_string_equal(fake_launch_desc(1),
			    "hello svc=ClientEndpoint t=Timer");
}

static void test_missing_launcher_and_factory(void **state)
{
	fake_without("launcher");
	fake_without("endpoints");
	RUN(FAKE_TYPE("run hello"));
	seen("run: this shell holds no launcher\n");
	fake_reset(0);
	fake_without("endpoints");
	RUN(FAKE_TYPE("spawn hello with { stdio: @stdio }"));
	seen("spawn: @stdio needs an EndpointFactory (\"endpoints\")");
}

/* A child's readLine, then Ctrl-C twice while it reads: the first ends
 * the read as cancelled, the second kills the job. */
static void test_ctrl_c_reading_child(void **state)
{
	RUN(FAKE_TYPE("run \"readline\" with { stdio: @stdio }"),
	    READLINE(1, 100), FAKE_TYPE("abc"), WRITE(1, "got: abc\n"),
	    READLINE(1, 100), CTRL_C, READLINE(1, 100), CTRL_C,
	    FAKE_TYPE("echo back"));
	assert_string_equal(fake_child_log(1), "line:'abc':enter|write:9|"
			    "line:'':cancelled|line:'':cancelled|");
	seen("abc\ngot: abc\n");
	seen("got: abc\n^C\n\x1b[A\x1b[K^C (press Ctrl-C again to kill "
	     "readline)\n");
	seen_after("again to kill", "^C\n[killed]\ncapos> echo back\nback\n");
	assert_int_equal(fake_kills(1), 1);
}

/* Output while a child's line is being edited: the edit is cut short,
 * the line erased, the output printed, then the child's prompt and what
 * was typed are drawn again and the same read goes on. */
static void test_output_during_child_edit(void **state)
{
	RUN(FAKE_TYPE("run readline with { stdio: @stdio }"), WRITE(1, "chat> "),
	    READLINE(1, 100), WRITE(1, "news 1\n"), WRITE(1, "news 2\n"),
	    FAKE_TYPE("typed"), WRITE(1, "chat> "), READLINE(1, 100),
	    WRITE(1, "news 3\n"), FAKE_TYPE("again"), EXIT(1, 0));
	seen("chat> \r\x1b[Knews 1\nchat> \r\x1b[Knews 2\nchat> typed\n"
	     "chat> \r\x1b[Knews 3\nchat> again\n");
	assert_string_equal(fake_child_log(1),
			    "write:6|write:7|write:7|line:'typed':enter|"
			    "write:6|write:7|line:'again':enter|");
}

/* Ctrl-C after some typing: the hint goes below "text^C". */
static void test_ctrl_c_after_text(void **state)
{
	RUN(FAKE_TYPE("run readline with { stdio: @stdio }"), WRITE(1, "name? "),
	    READLINE(1, 20), FAKE_END("part", cancelled), EXIT(1, 0));
	seen("name? part^C\n(press Ctrl-C again to kill readline)\ncapos> ");
	assert_string_equal(fake_child_log(1), "write:6|line:'part':cancelled|");
}

/* No read pending: the interrupt call carries Ctrl-C. */
static void test_ctrl_c_busy_child(void **state)
{
	RUN(FAKE_TYPE("run \"sleeper\" with { timer: @timer }"), CTRL_C,
	    CTRL_C, FAKE_TYPE("run sleeper"), CTRL_C, EXIT(2, 0));
	seen("^C (press Ctrl-C again to kill sleeper)\n[killed]\ncapos> ");
	assert_int_equal(fake_kills(1), 1);
	assert_int_equal(fake_kills(2), 0);
	assert_string_equal(fake_launch_desc(1), "sleeper timer=Timer");
}

static void test_read_bytes(void **state)
{
	RUN(FAKE_TYPE("run readline with {stdio:@stdio}"), READ(1, 4),
	    FAKE_TYPE("hello"), READ(1, 10), READ(1, 10),
	    FAKE_END("par", eof), READ(1, 10), FAKE_END("", eof),
	    READ(1, 10), CTRL_C, EXIT(1, 0));
	assert_string_equal(fake_child_log(1),
			    "read:'hell':0|read:'o\n':0|read:'par':0|"
			    "read:'':1|read:'':0|");	/* eof, then cancelled */
	assert_int_equal(fake_last_max(), 1024);	/* the prompt again */
}

static void test_child_cancel_and_end(void **state)
{
	RUN(FAKE_TYPE("run readline with { stdio: @stdio }"),
	    READLINE(1, 0), CANCEL(1), READLINE(1, 8), EXIT(1, 0),
	    FAKE_TYPE("echo ok"));
	assert_string_equal(fake_child_log(1),
			    "cancel|line:'':cancelled|");
	seen("\nok\n");
}

/* Malformed and unknown calls are refused; the shell carries on. */
static void test_hostile_child(void **state)
{
	RUN(FAKE_TYPE("run hello with { stdio: @stdio }"),
	    RAW(1, 0, "garbage!"), RAW(1, 9, ""), RAW(1, 2, "\x01\x02"),
	    WRITE(1, "still here\n"), EXIT(1, 0));
	assert_string_equal(fake_child_log(1), "exc:malformed write|"
			    "exc:no such StdIO method|exc:malformed read|write:11|");
	seen("still here\ncapos> ");
}

/* A background job's output while a foreground child reads: shown. */
static void test_background_output_while_child_reads(void **state)
{
	RUN(FAKE_TYPE("spawn hello with { stdio: @stdio }"),
	    FAKE_TYPE("run readline with { stdio: @stdio }"), READLINE(2, 80),
	    WRITE(1, "from the background\n"), FAKE_TYPE("typed"),
	    EXIT(1, 0), EXIT(2, 0));
	assert_string_equal(fake_child_log(1), "write:20|");
	assert_string_equal(fake_child_log(2), "line:'typed':enter|");
	seen("from the background\n");
	seen("[1] hello: done\n");
}

static void test_ctrl_c_in_wait_all(void **state)
{
	RUN(FAKE_TYPE("spawn sleeper"), FAKE_TYPE("spawn sleeper"),
	    FAKE_TYPE("wait"), CTRL_C, CTRL_C, FAKE_TYPE("jobs"));
	seen("^C (press Ctrl-C again to kill sleeper, sleeper)\n");
	seen("[1] sleeper: killed\n");
	seen("[2] sleeper: killed\n");
	seen_after("capos> jobs\n", "no jobs\n");
	assert_int_equal(fake_kills(1), 1);
	assert_int_equal(fake_kills(2), 1);
}

static void test_spawn_jobs_wait(void **state)
{
	RUN(FAKE_TYPE("spawn \"sleeper\" with { timer: @timer }"),
	    FAKE_TYPE("jobs"), EXIT(1, 0), FAKE_TYPE("jobs"),
	    FAKE_TYPE("wait 1"), FAKE_TYPE("jobs"), FAKE_TYPE("wait 1"));
	seen("[1] sleeper\n");
	seen("[1] sleeper          running\n");
	seen("[1] sleeper: done\n");
	seen("[1] sleeper          done\n");
	seen_after("wait 1\n", "no jobs\n");
	seen("wait: no job 1 (see jobs)\n");
}

/* Output of a background job while a line is being edited: the edit is
 * cancelled, the output printed, the prompt redrawn with the text. */
static void test_background_output_at_prompt(void **state)
{
	RUN(FAKE_TYPE("spawn hello with { stdio: @stdio }"),
	    WRITE(1, "hello, world\n"), EXIT(1, 0), FAKE_TYPE("jobs"));
	assert_string_equal(fake_child_log(1), "write:13|");
	seen("[1] hello\ncapos> \r\x1b[Khello, world\ncapos> ");
	seen("\r\x1b[K[1] hello: done\ncapos> jobs\n");
}

static void test_background_read_waits(void **state)
{
	RUN(FAKE_TYPE("spawn readline with { stdio: @stdio }"),
	    READLINE(1, 50), FAKE_TYPE("jobs"), FAKE_TYPE("wait 1"),
	    FAKE_TYPE("hi"), EXIT(1, 0));
	seen("[1] readline         waiting for input");
	assert_string_equal(fake_child_log(1), "line:'hi':enter|");
}

static void test_kill(void **state)
{
	RUN(FAKE_TYPE("spawn sleeper"), FAKE_TYPE("kill 1"), FAKE_TYPE("kill 1"),
	    FAKE_TYPE("kill 7"), FAKE_TYPE("kill x"), FAKE_TYPE("kill"));
	seen("[1] sleeper: killed\n");
	seen("kill: job 1 (sleeper) has already ended\n");
	seen("kill: no job 7 (see jobs)\n");
	seen("kill: expected a job number, got 'x'\n");
	seen("usage: kill N\n");
	assert_int_equal(fake_kills(1), 1);
}

static void test_wait_all(void **state)
{
	RUN(FAKE_TYPE("spawn exit3"), FAKE_TYPE("spawn sleeper"),
	    FAKE_TYPE("spawn crash"), FAULT(3, 14), FAKE_TYPE("wait"),
	    EXIT(2, 0), EXIT(1, 3));
	seen("[3] crash: crashed: #PF page fault at 0x0\n");
	seen_after("capos> wait\n", "[2] sleeper: done\n[1] exit3: exited "
		   "with code 3\ncapos> ");
}

static void test_exit_kills_jobs(void **state)
{
	RUN(FAKE_TYPE("spawn sleeper"), FAKE_TYPE("exit"));
	assert_int_equal(code, 0);
	assert_int_equal(fake_kills(1), 1);
}

static void test_history(void **state)
{
	RUN(FAKE_TYPE("echo one"), FAKE_TYPE("echo two"), FAKE_END("ec", up),
	    FAKE_END("echo two", up), FAKE_END("echo one", up),
	    FAKE_END("echo one", down), FAKE_END("echo two", down),
	    FAKE_TYPE("ec"));
	/* "~": the terminal cleared the edit area (Up/Down) */
	seen("capos> ec~echo two~echo one~echo one~echo two~ec\n");
	seen_after("~ec\n", "unknown command: ec (try help)");
}

static void test_tab_completion(void **state)
{
	RUN(FAKE_END("he", tab), FAKE_TYPE("help "), FAKE_END("e", tab),
	    FAKE_END("e", down), FAKE_END("run \"rea", tab),
	    FAKE_END("run \"readline\" with { t: @ti", tab),
	    FAKE_TYPE("run \"readline\" with { t: @timer"));
	seen("capos> he~help \ncommands:");
	seen("capos> e~\necho  exit\ncapos> e~");
	seen("~run \"readline\" with { t: @ti~run \"readline\" with "
	     "{ t: @timer\n");
	assert_int_equal(fake_launches(), 0);
}

static void test_too_long_line(void **state)
{
	static char big[1025];
	memset(big, 'x', 1024);
	RUN(FAKE_END(big, tooLong), FAKE_END("yyyy", tooLong),
	    FAKE_TYPE("zzz"), FAKE_TYPE("echo ok"));
	seen("line too long: the limit is 1024 bytes; everything up to the "
	     "next Enter is ignored\n");
	seen_after("is ignored\n", "\ncapos> echo ok\nok\n");
	assert_int_equal(fake_last_echo(), EchoMode_visible);
	not_seen("unknown command");
	not_seen("zzz");
}

static void test_prompt_ctrl_c_and_eof(void **state)
{
	RUN(FAKE_END("half a li", cancelled), FAKE_END("", eof),
	    FAKE_END("abc", eof), FAKE_TYPE("abc"));
	seen("half a li^C\ncapos> ");
	seen("(type exit to leave the shell)\ncapos> ");
	seen("\r\x1b[Kcapos> abc\nunknown command: abc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_motd_and_prompt, setup),
		cmocka_unit_test_setup(test_no_terminal, setup),
		cmocka_unit_test_setup(test_builtins, setup),
		cmocka_unit_test_setup(test_syntax_errors, setup),
		cmocka_unit_test_setup(test_run_hello, setup),
		cmocka_unit_test_setup(test_output_during_child_edit, setup),
		cmocka_unit_test_setup(test_run_reports, setup),
		cmocka_unit_test_setup(test_launch_refusals, setup),
		cmocka_unit_test_setup(test_missing_launcher_and_factory, setup),
		cmocka_unit_test_setup(test_ctrl_c_reading_child, setup),
		cmocka_unit_test_setup(test_ctrl_c_after_text, setup),
		cmocka_unit_test_setup(test_ctrl_c_busy_child, setup),
		cmocka_unit_test_setup(test_read_bytes, setup),
		cmocka_unit_test_setup(test_child_cancel_and_end, setup),
		cmocka_unit_test_setup(test_hostile_child, setup),
		cmocka_unit_test_setup(test_background_output_while_child_reads,
				       setup),
		cmocka_unit_test_setup(test_ctrl_c_in_wait_all, setup),
		cmocka_unit_test_setup(test_spawn_jobs_wait, setup),
		cmocka_unit_test_setup(test_background_output_at_prompt, setup),
		cmocka_unit_test_setup(test_background_read_waits, setup),
		cmocka_unit_test_setup(test_kill, setup),
		cmocka_unit_test_setup(test_wait_all, setup),
		cmocka_unit_test_setup(test_exit_kills_jobs, setup),
		cmocka_unit_test_setup(test_history, setup),
		cmocka_unit_test_setup(test_tab_completion, setup),
		cmocka_unit_test_setup(test_too_long_line, setup),
		cmocka_unit_test_setup(test_prompt_ctrl_c_and_eof, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
