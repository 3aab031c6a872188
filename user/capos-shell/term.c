/* The shell's side of its TerminalSession: output, the one readLine in
 * flight, the interrupt call, cancel and the window size.
 *
 * The terminal (kernel/cap/term_session.c, lib/term/lineedit.h) turns
 * "\n" into CR LF; readLine draws `initial` with the cursor at `cursor`;
 * see term_rl_column0() for where each end leaves the cursor. The shell
 * tracks whether it is in column 0 (sh.at_line_start), so that its own
 * messages start on a line of their own without blank lines. */
#include <stdarg.h>
#include <string.h>
#include "lib/fmt/fmt.h"
#include "user/capos-shell/shell.h"

#define TERM_CHUNK 1024

static void term_write_chunk(const char *s, size_t n)
{
	static uint8_t params[TERM_CHUNK + 128], results[128];
	struct capn_call c;
	if (TerminalSession_write_prepare(&c, params, sizeof(params), s, n))
		return;
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(sh.term, &c);
	if (st < 0)
		rt_printf("capos-shell: terminal write: %s\n", capos_strerror(st));
}

void term_write(const void *s, size_t n)
{
	const char *p = s;
	if (n == 0)
		return;
	sh.writes++;
	sh.at_line_start = p[n - 1] == '\n';
	while (n) {
		size_t k = n < TERM_CHUNK ? n : TERM_CHUNK;
		term_write_chunk(p, k);
		p += k, n -= k;
	}
}

void term_puts(const char *s)
{
	term_write(s, strlen(s));
}

struct term_buf {
	char buf[512];
	size_t len;
};

static void term_sink(void *ctx, const char *s, size_t n)
{
	struct term_buf *tb = ctx;
	while (n) {
		if (tb->len == sizeof(tb->buf)) {
			term_write(tb->buf, tb->len);
			tb->len = 0;
		}
		size_t k = sizeof(tb->buf) - tb->len;
		k = k < n ? k : n;
		memcpy(tb->buf + tb->len, s, k);
		tb->len += k, s += k, n -= k;
	}
}

void term_printf(const char *fmt, ...)
{
	struct term_buf tb = { .len = 0 };
	va_list ap;
	va_start(ap, fmt);
	fmt_vformat(term_sink, &tb, fmt, ap);
	va_end(ap);
	term_write(tb.buf, tb.len);
}

void term_fresh_line(void)
{
	if (!sh.at_line_start)
		term_write("\n", 1);
}

void term_clear_line(void)
{
	term_write("\r\x1b[K", 4);
	sh.at_line_start = true;
}

void term_rl_start(enum rl_owner owner, struct job *job, const char *initial,
		   uint32_t len, uint32_t cursor, uint32_t max, EchoMode echo)
{
	struct term_rl *rl = &sh.rl;
	if (TerminalSession_readLine_prepare(&rl->call, rl->params,
					     sizeof(rl->params), initial, len,
					     cursor, max, echo)) {
		rt_printf("capos-shell: readLine params do not fit\n");
		return;
	}
	capn_call_set_results(&rl->call, rl->results, sizeof(rl->results));
	rl->owner = owner;
	rl->job = job;
	rl->echo = echo;
	rl->cancel_sent = false;
	rl->for_output = false;
	rl->at_start = sh.at_line_start && (len == 0 || echo == EchoMode_hidden);
	rl->ud = call_submit(sh.term, &rl->call);
	sh.at_line_start = rl->at_start;
}

/* Where a finished readLine left the cursor. Enter echoes CR LF and a
 * typed Ctrl-C "^C" CR LF; Tab, Up and Down clear the edit area and put
 * the cursor back where the read began; Ctrl-D, an overlong line and our
 * own cancel echo nothing, leaving it after the text (unless we wrote
 * something since the cancel). */
static bool term_rl_column0(const struct rl_result *r)
{
	bool typed = r->len && sh.rl.echo != EchoMode_hidden;
	switch (r->end) {
	case ReadLine_End_enter:
		return true;
	case ReadLine_End_cancelled:
		if (!sh.rl.cancel_sent)
			return true;
		if (sh.writes != sh.rl.cancel_writes)
			return sh.at_line_start;
		return sh.rl.at_start && !typed;
	case ReadLine_End_tab:
	case ReadLine_End_up:
	case ReadLine_End_down:
		return sh.rl.at_start;
	case ReadLine_End_eof:
	case ReadLine_End_tooLong:
		return sh.rl.at_start && !typed;
	}
	return false;
}

bool term_rl_finish(const struct ring_cqe *c, struct rl_result *out)
{
	struct capn_msg m;
	TerminalSession_readLine_Results_r r;
	char why[96];
	sh.rl.ud = 0;
	if (TerminalSession_readLine_results(&m, &sh.rl.call, c->result, &r)) {
		rt_printf("capos-shell: readLine: %s\n",
			  call_error(&sh.rl.call, c->result, why, sizeof(why)));
		return false;
	}
	ReadLine_r line = TerminalSession_readLine_Results_get_line(r);
	struct capn_text t = ReadLine_get_text(line);
	*out = (struct rl_result){ t.str, t.len, ReadLine_get_cursor(line),
				   ReadLine_get_end(line) };
	if (m.err)
		return false;
	if (out->cursor > out->len)
		out->cursor = out->len;
	sh.at_line_start = term_rl_column0(out);
	return true;
}

bool term_rl_cancel(void)
{
	uint8_t params[64], results[64];
	struct capn_call c;
	if (!sh.rl.ud)
		return false;
	if (sh.rl.cancel_sent)
		return true;
	TerminalSession_cancel_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(sh.term, &c);
	sh.rl.cancel_sent = st >= 0;
	sh.rl.cancel_writes = sh.writes;
	return sh.rl.cancel_sent;
}

void term_intr_start(void)
{
	TerminalSession_interrupt_prepare(&sh.intr_call, sh.intr_params,
					  sizeof(sh.intr_params));
	capn_call_set_results(&sh.intr_call, sh.intr_results,
			      sizeof(sh.intr_results));
	sh.intr_ud = call_submit(sh.term, &sh.intr_call);
}

int32_t term_window(uint16_t *cols, uint16_t *rows)
{
	uint8_t params[64], results[128];
	struct capn_call c;
	struct capn_msg m;
	TerminalSession_windowSize_Results_r r;
	TerminalSession_windowSize_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(sh.term, &c);
	int e = TerminalSession_windowSize_results(&m, &c, st, &r);
	if (e)
		return e;
	*cols = TerminalSession_windowSize_Results_get_columns(r);
	*rows = TerminalSession_windowSize_Results_get_rows(r);
	return 0;
}
