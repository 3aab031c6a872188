/* StdIO for children: the shell serves one endpoint per job given @stdio
 * and bridges it to its own terminal.
 *
 *   write       printed at once, unless the command line is being edited:
 *               then the call is held (its RECV not re-armed, so its
 *               bytes stay in j->in), the edit is cancelled, and the
 *               write is done when the terminal is free (jobs_flush_output)
 *   read        a whole terminal line plus "\n"; what does not fit in
 *               maxBytes is kept for the next read (j->extra)
 *   readLine    a terminal readLine with the child's limit and echo
 *   cancel      ends the child's pending read as cancelled
 *   windowSize  the terminal's
 *
 * Reads wait until the job is in the foreground and the terminal is free
 * (loop.c). Ctrl-C ends a read as `cancelled` (read: no data, eof clear);
 * Ctrl-D as `eof`. Tab and Up/Down mean nothing to a child's line: the
 * edit resumes. Capabilities a child sends along are released. */
#include <string.h>
#include "capos/exception.h"
#include "capos/ipc.h"
#include "user/capos-shell/shell.h"
#include "user/rt/ipc.h"

static uint8_t stdio_out[STDIO_LINE_MAX + 512];

static void stdio_arm(struct job *j)
{
	struct ring_sqe q = { .opcode = RING_OP_RECV, .cap = j->ep,
			      .result_addr = (uint64_t)j->in,
			      .result_len = sizeof(j->in),
			      .user_data = rt_next_user_data() };
	j->recv_ud = q.user_data;
	rt_submit(&q);
}

int32_t stdio_open(struct job *j, cap_handle_t *client)
{
	uint8_t params[64], results[256];
	struct capn_call c;
	struct capn_msg m;
	struct ring_cqe cqe;
	EndpointFactory_create_Results_r r;
	EndpointFactory_create_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call_xfer(sh.endpoints, &c, 0, 0, &cqe);
	if (EndpointFactory_create_results(&m, &c, st, &r))
		return st < 0 ? st : ERR_INTERNAL;
	j->ep = rt_result_cap(&c, &cqe,
			      EndpointFactory_create_Results_get_endpoint(r),
			      Endpoint_IFACE_ID);
	*client = rt_result_cap(&c, &cqe,
				EndpointFactory_create_Results_get_client(r),
				ClientEndpoint_IFACE_ID);
	if (j->ep != CAP_HANDLE_NONE && *client != CAP_HANDLE_NONE) {
		stdio_arm(j);
		return 0;
	}
	if (*client != CAP_HANDLE_NONE)
		rt_release(*client);
	*client = CAP_HANDLE_NONE;
	stdio_close(j);
	return ERR_INTERNAL;
}

void stdio_close(struct job *j)
{
	call_cancel(j->recv_ud);
	j->recv_ud = 0;
	j->held_write = false;
	j->rd.pending = false;
	if (j->ep != CAP_HANDLE_NONE)
		rt_release(j->ep);
	j->ep = CAP_HANDLE_NONE;
}

/* ---- replies ----------------------------------------------------------- */

static void stdio_send(struct job *j, uint32_t call_id, struct capn_builder *b,
		       bool exception)
{
	size_t n = capn_build_finish(b);
	if (n == 0) {
		rt_printf("capos-shell: a reply to %s did not fit\n", j->binary);
		return;
	}
	rt_return(j->ep, call_id, stdio_out, (uint32_t)n, 0, 0, exception);
}

static void stdio_fail(struct job *j, uint32_t call_id, uint16_t method,
		       CapException_Type type, const char *msg)
{
	struct capn_builder b;
	capn_build_init(&b, stdio_out, sizeof(stdio_out));
	CapException_b e = { capn_b_root(&b, CapException_DATA_WORDS,
					 CapException_PTR_COUNT) };
	CapException_set_type(e, type);
	CapException_set_message(e, msg, strlen(msg));
	CapException_set_interfaceId(e, StdIO_IFACE_ID);
	CapException_set_methodId(e, method);
	stdio_send(j, call_id, &b, true);
}

static void stdio_reply_write(struct job *j, uint32_t call_id, uint32_t n)
{
	struct capn_builder b;
	capn_build_init(&b, stdio_out, sizeof(stdio_out));
	StdIO_write_Results_b r = { capn_b_root(&b, StdIO_write_Results_DATA_WORDS,
						StdIO_write_Results_PTR_COUNT) };
	StdIO_write_Results_set_written(r, n);
	stdio_send(j, call_id, &b, false);
}

/* The read is over and the terminal is on a new line: what the job
 * writes next starts its next prompt. */
static void stdio_read_answered(struct job *j)
{
	j->rd.pending = false;
	j->tail_len = 0;
	j->tail_lost = false;
}

static void stdio_reply_read(struct job *j, const void *d, uint32_t n, bool eof)
{
	struct capn_builder b;
	capn_build_init(&b, stdio_out, sizeof(stdio_out));
	StdIO_read_Results_b r = { capn_b_root(&b, StdIO_read_Results_DATA_WORDS,
					       StdIO_read_Results_PTR_COUNT) };
	StdIO_read_Results_set_data(r, d, n);
	StdIO_read_Results_set_eof(r, eof);
	stdio_read_answered(j);
	stdio_send(j, j->rd.call_id, &b, false);
}

static void stdio_reply_line(struct job *j, const char *t, uint32_t n,
			     uint32_t cursor, ReadLine_End end)
{
	struct capn_builder b;
	capn_build_init(&b, stdio_out, sizeof(stdio_out));
	StdIO_readLine_Results_b r = { capn_b_root(&b,
		StdIO_readLine_Results_DATA_WORDS,
		StdIO_readLine_Results_PTR_COUNT) };
	ReadLine_b l = StdIO_readLine_Results_init_line(r);
	ReadLine_set_text(l, t, n);
	ReadLine_set_cursor(l, cursor <= n ? cursor : n);
	ReadLine_set_end(l, end);
	stdio_read_answered(j);
	stdio_send(j, j->rd.call_id, &b, false);
}

static void stdio_reply_empty(struct job *j, uint32_t call_id)
{
	struct capn_builder b;
	capn_build_init(&b, stdio_out, sizeof(stdio_out));
	capn_b_root(&b, 0, 0);
	stdio_send(j, call_id, &b, false);
}

/* ---- reads ------------------------------------------------------------- */

/* Hand out the start of what an earlier read left over. */
static void stdio_answer_extra(struct job *j)
{
	uint32_t n = j->extra_len, take, skip;
	char *nl = memchr(j->extra, '\n', n);
	if (j->rd.line) {
		take = nl ? (uint32_t)(nl - j->extra) : n;
		take = take < j->rd.max || !j->rd.max ? take : j->rd.max;
		skip = nl && take == (uint32_t)(nl - j->extra) ? take + 1 : take;
	} else {
		take = skip = n < j->rd.max ? n : j->rd.max;
	}
	if (j->rd.line)
		stdio_reply_line(j, j->extra, take, take, ReadLine_End_enter);
	else
		stdio_reply_read(j, j->extra, take, false);
	memmove(j->extra, j->extra + skip, n - skip);
	j->extra_len = n - skip;
}

static uint32_t stdio_rl_max(const struct job *j)
{
	if (!j->rd.line)
		return STDIO_LINE_MAX - 1;	/* room for the "\n" */
	return j->rd.max && j->rd.max < STDIO_LINE_MAX ? j->rd.max
						     : STDIO_LINE_MAX;
}

void stdio_serve_read(struct job *j)
{
	if (j->extra_len) {
		stdio_answer_extra(j);
		return;
	}
	if (!j->rd.paused) {
		term_rl_start(RL_JOB, j, "", 0, 0, stdio_rl_max(j), j->rd.echo);
		return;
	}
	j->rd.paused = false;
	if (!j->rd.prompt_lost)
		term_write(j->rd.prompt, j->rd.prompt_len);
	term_rl_start(RL_JOB, j, j->rd.edit, j->rd.edit_len, j->rd.edit_cursor,
		      stdio_rl_max(j), j->rd.echo);
}

void stdio_pause_edit(struct job *j, const struct rl_result *r)
{
	if (!j || j->done || !j->rd.pending)
		return;
	uint32_t n = r->len < sizeof j->rd.edit ? r->len : sizeof j->rd.edit;
	memcpy(j->rd.edit, r->text, n);
	j->rd.edit_len = n;
	j->rd.edit_cursor = r->cursor < n ? r->cursor : n;
	j->rd.paused = true;
	term_clear_line();
}

/* A terminal line for `read`: the line and "\n", cut to maxBytes. */
static void stdio_answer_bytes(struct job *j, const struct rl_result *r)
{
	static char buf[STDIO_LINE_MAX + 1];
	uint32_t n = r->len < STDIO_LINE_MAX ? r->len : STDIO_LINE_MAX;
	bool eof = false;
	memcpy(buf, r->text, n);
	if (r->end == ReadLine_End_enter)
		buf[n++] = '\n';
	else if (r->end == ReadLine_End_eof)
		eof = n == 0;
	else if (r->end == ReadLine_End_cancelled)
		n = 0;			/* no data, no eof: cancelled (EINTR) */
	uint32_t give = n < j->rd.max ? n : j->rd.max;
	memcpy(j->extra, buf + give, n - give);
	j->extra_len = n - give;
	stdio_reply_read(j, buf, give, eof);
}

/* Tab, Up, Down: nothing for a child. The terminal cleared the edit
 * area; resume the edit where it was. */
static void stdio_resume(struct job *j, const struct rl_result *r)
{
	term_rl_start(RL_JOB, j, r->text, r->len, r->cursor, stdio_rl_max(j),
		      j->rd.echo);
}

void stdio_on_line(struct job *j, const struct rl_result *r, bool ours)
{
	if (!j || j->done || !j->rd.pending)
		return;			/* nobody to answer any more */
	switch (r->end) {
	case ReadLine_End_tab:
	case ReadLine_End_up:
	case ReadLine_End_down:
		stdio_resume(j, r);
		return;
	case ReadLine_End_enter:
		sh.ctrl_c = 0;
		break;
	case ReadLine_End_cancelled:
	case ReadLine_End_eof:
	case ReadLine_End_tooLong:
		break;
	}
	if (j->rd.line)
		stdio_reply_line(j, r->text, r->len, r->cursor, r->end);
	else
		stdio_answer_bytes(j, r);
	bool alone = sh.rl.at_start &&
		     (!r->len || sh.rl.echo == EchoMode_hidden);
	if (r->end == ReadLine_End_cancelled && !ours)
		fg_on_ctrl_c(alone ? CTRL_C_ALONE : CTRL_C_AFTER_TEXT);
}

void stdio_cancel_read(struct job *j)
{
	if (!j->rd.pending)
		return;
	if (sh.rl.ud && sh.rl.owner == RL_JOB && sh.rl.job == j &&
	    term_rl_cancel()) {
		sh.rl.for_output = false;
		return;			/* answered when the readLine ends */
	}
	j->rd.paused = false;
	if (j->done)
		j->rd.pending = false;
	else if (j->rd.line)
		stdio_reply_line(j, "", 0, 0, ReadLine_End_cancelled);
	else
		stdio_reply_read(j, "", 0, false);
}

/* ---- calls --------------------------------------------------------------- */

static bool stdio_params(const struct ipc_msg_header *h, struct capn_msg *m,
			 struct capn_struct_r *root)
{
	capn_msg_init(m, (const uint8_t *)h + sizeof(*h), h->params_len);
	*root = capn_msg_root(m);
	return m->err == 0;
}

/* Keep what j wrote after its last line break: its prompt when it asks
 * to read (stdio_take_read keeps a copy), to draw again after output
 * cut the edit short. */
static void stdio_tail_note(struct job *j, const char *d, uint32_t n)
{
	const char *nl = 0;
	for (uint32_t i = n; i-- > 0 && !nl;)
		if (d[i] == '\n')
			nl = d + i;
	if (nl) {
		j->tail_len = 0;
		j->tail_lost = false;
		n -= (uint32_t)(nl + 1 - d);
		d = nl + 1;
	}
	if (j->tail_lost || j->tail_len + n > sizeof j->tail) {
		j->tail_lost = true;
		return;
	}
	memcpy(j->tail + j->tail_len, d, n);
	j->tail_len += n;
}

/* True if the write is held for later (see the top of the file). */
static bool stdio_write(struct job *j, const struct ipc_msg_header *h,
			bool may_hold)
{
	struct capn_msg m;
	struct capn_struct_r root;
	bool ok = stdio_params(h, &m, &root);
	StdIO_write_Params_r p = { root };
	if (!ok || StdIO_write_Params_validate(p)) {
		stdio_fail(j, h->call_id, h->method,
			   CapException_Type_invalidArgument, "malformed write");
		return false;
	}
	if (may_hold && sh.rl.ud && sh.rl.owner != RL_DISCARD &&
	    term_rl_cancel()) {
		sh.rl.for_output |= sh.rl.owner == RL_JOB && !sh.rl.job->done;
		j->held_write = true;
		return true;
	}
	struct capn_data d = StdIO_write_Params_get_data(p);
	term_write(d.ptr, d.len);
	stdio_tail_note(j, (const char *)d.ptr, d.len);
	stdio_reply_write(j, h->call_id, d.len);
	return false;
}

void stdio_flush_held(struct job *j)
{
	j->held_write = false;
	stdio_write(j, (const struct ipc_msg_header *)j->in, false);
	if (!j->done)
		stdio_arm(j);
}

static void stdio_take_read(struct job *j, const struct ipc_msg_header *h)
{
	struct capn_msg m;
	struct capn_struct_r root;
	bool line = h->method == StdIO_readLine_METHOD;
	bool ok = stdio_params(h, &m, &root);
	StdIO_readLine_Params_r rl = { root };
	StdIO_read_Params_r rd = { root };
	uint32_t max = line ? StdIO_readLine_Params_get_maxBytes(rl)
			    : StdIO_read_Params_get_maxBytes(rd);
	EchoMode echo = line ? StdIO_readLine_Params_get_echo(rl)
			     : EchoMode_visible;
	if (!ok || m.err || (unsigned)echo > EchoMode_masked) {
		stdio_fail(j, h->call_id, h->method,
			   CapException_Type_invalidArgument, "malformed read");
		return;
	}
	if (j->rd.pending) {
		stdio_fail(j, h->call_id, h->method, CapException_Type_overloaded,
			   "a read is already waiting for the terminal");
		return;
	}
	j->rd = (struct stdio_read){ .pending = true, .line = line,
				     .call_id = h->call_id, .max = max,
				     .echo = echo, .seq = ++sh.read_seq,
				     .prompt_len = j->tail_len,
				     .prompt_lost = j->tail_lost };
	memcpy(j->rd.prompt, j->tail, j->tail_len);
	if (!line && (max == 0 || j->extra_len))
		stdio_answer_extra(j);
}

static void stdio_window(struct job *j, const struct ipc_msg_header *h)
{
	uint16_t cols, rows;
	struct capn_builder b;
	if (term_window(&cols, &rows)) {
		stdio_fail(j, h->call_id, h->method, CapException_Type_failed,
			   "the terminal did not say its size");
		return;
	}
	capn_build_init(&b, stdio_out, sizeof(stdio_out));
	StdIO_windowSize_Results_b r = { capn_b_root(&b,
		StdIO_windowSize_Results_DATA_WORDS,
		StdIO_windowSize_Results_PTR_COUNT) };
	StdIO_windowSize_Results_set_columns(r, cols);
	StdIO_windowSize_Results_set_rows(r, rows);
	stdio_send(j, h->call_id, &b, false);
}

/* Drop capabilities that came with a call: the shell wants none. */
static void stdio_drop_caps(const struct job *j, const struct ipc_msg_header *h)
{
	const struct ring_cap_record *rec =
		(const void *)(j->in + h->caps_off);
	if (h->caps_off > sizeof(j->in) ||
	    h->ncaps > (sizeof(j->in) - h->caps_off) / sizeof(*rec))
		return;
	for (uint32_t i = 0; i < h->ncaps; i++)
		rt_release(rec[i].handle);
}

/* Serve one call; true if it is held and RECV must not be re-armed. */
static bool stdio_serve(struct job *j, const struct ipc_msg_header *h)
{
	switch (h->method) {
	case StdIO_write_METHOD:
		return stdio_write(j, h, true);
	case StdIO_read_METHOD:
	case StdIO_readLine_METHOD:
		stdio_take_read(j, h);
		return false;
	case StdIO_cancel_METHOD:
		stdio_cancel_read(j);
		stdio_reply_empty(j, h->call_id);
		return false;
	case StdIO_windowSize_METHOD:
		stdio_window(j, h);
		return false;
	}
	stdio_fail(j, h->call_id, h->method, CapException_Type_unimplemented,
		   "no such StdIO method");
	return false;
}

void stdio_on_recv(struct job *j, const struct ring_cqe *c)
{
	const struct ipc_msg_header *h = (const void *)j->in;
	j->recv_ud = 0;
	if (c->result == ERR_CANCELLED)
		return;
	if (c->result < 0) {
		/* e.g. a call too big for j->in: it would stay queued and
		 * block the child forever; closing fails its calls instead */
		term_fresh_line();
		term_printf("[%d] %s: stdio closed: %s\n", j->num, j->binary,
			    capos_strerror(c->result));
		stdio_close(j);
		return;
	}
	if (h->magic != IPC_MSG_MAGIC ||
	    h->params_len > sizeof(j->in) - sizeof(*h)) {
		stdio_arm(j);
		return;
	}
	stdio_drop_caps(j, h);
	if (!j->done && !stdio_serve(j, h))
		stdio_arm(j);
}
