/* The event loop and the foreground.
 *
 * Each turn: give the terminal to whoever should have it next, then take
 * one completion (first those the runtime set aside during a synchronous
 * call, then the ring) and hand it to its owner by user_data, or sleep in
 * cap_enter until one arrives. Completions nobody owns any more (an
 * operation we cancelled) are dropped.
 *
 * Who gets the terminal (loop_arbitrate): held output and notices first,
 * unless the command line is being edited; at the prompt, a new command
 * line; in the foreground, the pending interrupt call, then the first
 * foreground read. Ctrl-C in the foreground (fg_on_ctrl_c) ends the reads
 * of the foreground jobs the first time and kills them the second. */
#include <string.h>
#include "lib/fmt/fmt.h"
#include "user/capos-shell/shell.h"
#include "user/rt/thread.h"

#define TERM_FAILURES_MAX 5	/* readLine or interrupt failures in a row */

struct shell sh;

void fg_begin(void)
{
	sh.fg_mode = true;
	sh.ctrl_c = 0;
}

void fg_check(void)
{
	for (int i = 0; i < SHELL_JOBS_MAX; i++)
		if (sh.jobs[i].num && sh.jobs[i].fg)
			return;
	sh.fg_mode = false;
	sh.ctrl_c = 0;
}

/* "a, b, c" of the foreground jobs, for the Ctrl-C hint. */
static void fg_names(char *buf, size_t cap)
{
	struct fmt_buf fb = fmt_buf_init(buf, cap);
	for (int i = 0; i < SHELL_JOBS_MAX; i++) {
		const struct job *j = &sh.jobs[i];
		if (j->num && j->fg && !j->done)
			fmt_appendf(&fb, "%s%s", fb.len ? ", " : "", j->binary);
	}
}

/* The first Ctrl-C ends the foreground reads and says how to kill; the
 * second kills. A Ctrl-C that ended a read was echoed by the terminal as
 * "^C" CR LF: alone on its line, that line becomes the hint. */
void fg_on_ctrl_c(enum ctrl_c_echo echo)
{
	char names[128];
	if (sh.ctrl_c++ == 0) {
		for (int i = 0; i < SHELL_JOBS_MAX; i++)
			if (sh.jobs[i].num && sh.jobs[i].fg)
				stdio_cancel_read(&sh.jobs[i]);
		fg_names(names, sizeof(names));
		term_fresh_line();
		if (echo == CTRL_C_ALONE)
			term_puts("\x1b[A\x1b[K");
		term_printf("%s(press Ctrl-C again to kill %s)\n",
			    echo == CTRL_C_AFTER_TEXT ? "" : "^C ", names);
		return;
	}
	for (int i = 0; i < SHELL_JOBS_MAX; i++) {
		struct job *j = &sh.jobs[i];
		int32_t st = j->num && j->fg && !j->done ? job_kill(j) : 0;
		if (st < 0)
			term_printf("kill %s: %s\n", j->binary, capos_strerror(st));
	}
}

/* The terminal failed a readLine: a child sees end of file; the prompt
 * tries again a few times, then the shell gives up (init may restart it). */
static void loop_rl_failed(enum rl_owner owner, struct job *j)
{
	static const struct rl_result eof = { "", 0, 0, ReadLine_End_eof };
	if (owner == RL_JOB) {
		stdio_on_line(j, &eof, true);
		return;
	}
	if (++sh.rl_failures < TERM_FAILURES_MAX) {
		rt_sleep_ns(100 * 1000000ull);
		return;
	}
	rt_printf("capos-shell: the terminal keeps failing; exiting\n");
	sh.quit = true;
	sh.exit_code = 1;
}

static void loop_on_rl(const struct ring_cqe *c)
{
	enum rl_owner owner = sh.rl.owner;
	struct job *j = sh.rl.job;
	bool ours = sh.rl.cancel_sent, for_output = sh.rl.for_output;
	struct rl_result r;
	if (!term_rl_finish(c, &r)) {
		loop_rl_failed(owner, j);
		return;
	}
	sh.rl_failures = 0;
	switch (owner) {
	case RL_PROMPT: prompt_on_line(&r, ours); return;
	case RL_DISCARD: discard_on_line(&r); return;
	case RL_JOB:
		if (for_output && r.end == ReadLine_End_cancelled)
			stdio_pause_edit(j, &r);
		else
			stdio_on_line(j, &r, ours);
		return;
	}
}

static void loop_on_intr(const struct ring_cqe *c)
{
	sh.intr_ud = 0;
	if (c->result < 0) {
		if (++sh.intr_failures == TERM_FAILURES_MAX)
			rt_printf("capos-shell: interrupt: %s; Ctrl-C only "
				  "reaches reading programs now\n",
				  capos_strerror(c->result));
		return;
	}
	sh.intr_failures = 0;
	if (sh.fg_mode)
		fg_on_ctrl_c(CTRL_C_QUIET);
}

static void loop_dispatch(const struct ring_cqe *c)
{
	if (sh.rl.ud && c->user_data == sh.rl.ud) {
		loop_on_rl(c);
		return;
	}
	if (sh.intr_ud && c->user_data == sh.intr_ud) {
		loop_on_intr(c);
		return;
	}
	for (int i = 0; i < SHELL_JOBS_MAX; i++) {
		struct job *j = &sh.jobs[i];
		if (j->num && j->wait_ud == c->user_data) {
			job_on_wait(j, c);
			return;
		}
		if (j->num && j->recv_ud == c->user_data) {
			stdio_on_recv(j, c);
			return;
		}
	}
}

static void loop_arbitrate(void)
{
	struct job *j;
	jobs_flush_output();
	if (sh.quit || sh.rl.ud)
		return;
	if (!sh.fg_mode) {
		prompt_start();
		return;
	}
	if (!sh.intr_ud && sh.intr_failures < TERM_FAILURES_MAX)
		term_intr_start();
	while (!sh.rl.ud && (j = jobs_next_reader()))
		stdio_serve_read(j);
}

/* Set-aside completions first: they arrived before what is in the ring. */
static bool loop_next(struct ring_cqe *c)
{
	if (rt_take_parked_any(c))
		return true;
	struct rt_thread *me = rt_self();
	struct ring_header *h = &me->ring->hdr;
	uint32_t head = h->cq_head;
	if (head == __atomic_load_n(&h->cq_tail, __ATOMIC_ACQUIRE))
		return false;
	*c = me->ring->cq[head & (RING_CQ_ENTRIES - 1)];
	__atomic_store_n(&h->cq_head, head + 1, __ATOMIC_RELEASE);
	return true;
}

void loop_run(void)
{
	struct ring_cqe c;
	while (!sh.quit) {
		loop_arbitrate();
		if (sh.quit)
			break;
		if (loop_next(&c))
			loop_dispatch(&c);
		else
			rt_cap_enter(1, UINT64_MAX);
	}
}
