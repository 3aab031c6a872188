/* The fake world for host tests, part two (see fake.h): user/rt replaced
 * by calls into the world, the script that drives the shell, and what a
 * test reads afterwards. */
#include "user/capos-shell/hosttest/fake_world.h"

/* ---- user/rt, faked ------------------------------------------------------------ */

uint64_t rt_next_user_data(void)
{
	return fw_next_ud++;
}

void rt_submit(const struct ring_sqe *sqe)
{
	struct ring_cqe c;
	if (fake_invoke(sqe, &c))
		fw_post(c.user_data, c.result, c.flags, c.aux0, c.aux1);
}

struct ring_cqe rt_submit_wait(struct ring_sqe *sqe)
{
	struct ring_cqe c;
	if (!sqe->user_data)
		sqe->user_data = rt_next_user_data();
	if (!fake_invoke(sqe, &c))
		fail_msg("a synchronous call stayed pending (method %u)", sqe->method);
	return c;
}

int32_t rt_call_xfer(cap_handle_t cap, struct capn_call *c,
		     const struct ring_xfer *xfer, uint32_t nxfer,
		     struct ring_cqe *cqe)
{
	struct ring_sqe s = {
		.opcode = RING_OP_CALL, .cap = cap, .method = c->method,
		.addr = (uint64_t)c->params, .len = c->params_len,
		.result_addr = (uint64_t)c->results, .result_len = c->results_cap,
		.xfer_addr = (uint64_t)xfer, .xfer_count = (uint16_t)nxfer,
	};
	*cqe = rt_submit_wait(&s);
	return cqe->result;
}

int32_t rt_call(cap_handle_t cap, struct capn_call *c)
{
	struct ring_cqe cqe;
	return rt_call_xfer(cap, c, 0, 0, &cqe);
}

cap_handle_t rt_result_cap(const struct capn_call *c, const struct ring_cqe *cqe,
			   uint32_t index, uint64_t iface)
{
	if (!(cqe->flags & RING_CQE_CAPS) || index >= cqe->aux0)
		return CAP_HANDLE_NONE;
	const struct ring_cap_record *r =
		(const void *)((const uint8_t *)c->results + cqe->aux1);
	return r[index].interface_id == iface ? r[index].handle : CAP_HANDLE_NONE;
}

int32_t rt_release(cap_handle_t cap)
{
	return fake_release(cap);
}

bool rt_take_parked_any(struct ring_cqe *out)
{
	return false;
}

int32_t rt_sleep_ns(uint64_t ns)
{
	return 0;
}

void rt_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "  [shell log] ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

int rt_argc(void)
{
	return fw_motd ? 1 : 0;
}

const char *rt_argv(int i)
{
	return fw_motd && i == 0 ? fw_motd_arg : 0;
}

cap_handle_t rt_cap_find(const char *name, uint64_t iface)
{
	for (uint32_t i = 0; i < fw_capset.count; i++)
		if (fw_capset.entries[i].interface_id == iface &&
		    !strcmp(fw_capset.entries[i].name, name))
			return fw_capset.entries[i].handle;
	return CAP_HANDLE_NONE;
}

/* What the shell answered a child, in the child's log. */
static void log_return(struct fjob *j, uint16_t method, const uint8_t *res,
		       uint32_t len, bool exc)
{
	struct capn_msg m;
	capn_msg_init(&m, res, len);
	struct capn_struct_r root = capn_msg_root(&m);
	struct capn_text t;
	struct capn_data d;
	if (exc) {
		t = CapException_get_message((CapException_r){ root });
		fw_appendf(j->log, sizeof(j->log), "exc:%.*s|", (int)t.len, t.str);
	} else if (method == StdIO_write_METHOD) {
		fw_appendf(j->log, sizeof(j->log), "write:%u|",
			StdIO_write_Results_get_written((StdIO_write_Results_r){ root }));
	} else if (method == StdIO_read_METHOD) {
		d = StdIO_read_Results_get_data((StdIO_read_Results_r){ root });
		fw_appendf(j->log, sizeof(j->log), "read:'%.*s':%d|", (int)d.len,
			(const char *)d.ptr,
			StdIO_read_Results_get_eof((StdIO_read_Results_r){ root }));
	} else if (method == StdIO_readLine_METHOD) {
		ReadLine_r l = StdIO_readLine_Results_get_line(
			(StdIO_readLine_Results_r){ root });
		t = ReadLine_get_text(l);
		fw_appendf(j->log, sizeof(j->log), "line:'%.*s':%s|", (int)t.len,
			t.str, ReadLine_End_name_of(ReadLine_get_end(l)));
	} else {
		fw_appendf(j->log, sizeof(j->log), "%s|", StdIO_method_name(method));
	}
	assert_int_equal(m.err, 0);
}

int32_t rt_return(cap_handle_t ep, uint32_t call_id, const void *results,
		  uint32_t len, const struct ring_xfer *xfer, uint32_t nxfer,
		  bool exception)
{
	assert_true(ep < (uint32_t)fw_nobj && fw_obj[ep].kind == FK_EP);
	struct fep *e = &fw_eps[fw_obj[ep].idx];
	if (!fw_obj[ep].live)
		return ERR_BAD_HANDLE;
	if (e->job)
		log_return(&fw_jobs[e->job - 1], e->method_of[call_id % 64], results,
			   len, exception);
	return 0;
}

/* ---- the script ---------------------------------------------------------------- */

/* The terminal's echo at the end of a read (lib/term/lineedit.h); "~"
 * stands for the edit area being cleared. */
static void fw_screen_add_end(ReadLine_End end)
{
	if (end == ReadLine_End_enter)
		fw_screen_add("\n", 1);
	else if (end == ReadLine_End_cancelled)
		fw_screen_add("^C\n", 3);
	else if (end == ReadLine_End_tab || end == ReadLine_End_up ||
		 end == ReadLine_End_down)
		fw_screen_add("~", 1);
}

static void ev_type(const struct fake_ev *ev)
{
	if (!fw_term.rl_ud)
		fail_msg("event %d: nothing is reading the terminal; screen:\n%s",
			 fw_pos, fw_term.screen);
	uint32_t n = (uint32_t)strlen(ev->text), skip = 0;
	if (n >= fw_term.init_len && !memcmp(ev->text, fw_term.initial, fw_term.init_len))
		skip = fw_term.init_len;
	for (uint32_t i = skip; i < n && fw_term.echo != EchoMode_hidden; i++)
		fw_screen_add(fw_term.echo == EchoMode_masked ? "*" : ev->text + i, 1);
	fw_screen_add_end(ev->end);
	fw_term_complete(ev->text, n, ev->end);
}

static void ev_ctrl_c(void)
{
	if (fw_term.rl_ud) {
		fw_screen_add_end(ReadLine_End_cancelled);
		fw_term_complete(fw_term.initial, fw_term.init_len, ReadLine_End_cancelled);
		return;
	}
	if (!fw_term.intr_ud)
		fail_msg("event %d: Ctrl-C with neither readLine nor interrupt "
			 "pending; screen:\n%s", fw_pos, fw_term.screen);
	fw_post(fw_term.intr_ud, 0, 0, 0, 0);
	fw_term.intr_ud = 0;
}

static void ev_child(const struct fake_ev *ev)
{
	uint8_t buf[4096];
	struct capn_builder b;
	capn_build_init(&b, buf, sizeof(buf));
	uint16_t method;
	if (ev->kind == EV_WRITE) {
		StdIO_write_Params_b p = { capn_b_root(&b, StdIO_write_Params_DATA_WORDS,
						       StdIO_write_Params_PTR_COUNT) };
		StdIO_write_Params_set_data(p, ev->text, strlen(ev->text));
		method = StdIO_write_METHOD;
	} else if (ev->kind == EV_READ) {
		StdIO_read_Params_b p = { capn_b_root(&b, StdIO_read_Params_DATA_WORDS,
						      StdIO_read_Params_PTR_COUNT) };
		StdIO_read_Params_set_maxBytes(p, (uint32_t)ev->arg);
		method = StdIO_read_METHOD;
	} else if (ev->kind == EV_READLINE) {
		StdIO_readLine_Params_b p = { capn_b_root(&b,
			StdIO_readLine_Params_DATA_WORDS, StdIO_readLine_Params_PTR_COUNT) };
		StdIO_readLine_Params_set_maxBytes(p, (uint32_t)ev->arg);
		method = StdIO_readLine_METHOD;
	} else if (ev->kind == EV_RAW) {
		fw_child_call(ev->job, (uint16_t)ev->arg, ev->text, strlen(ev->text));
		return;
	} else {
		capn_b_root(&b, 0, 0);
		method = StdIO_cancel_METHOD;
	}
	size_t n = capn_build_finish(&b);
	assert_true(n > 0);
	fw_child_call(ev->job, method, buf, n);
}

static void fake_apply(const struct fake_ev *ev)
{
	switch (ev->kind) {
	case EV_TYPE: ev_type(ev); return;
	case EV_CTRL_C: ev_ctrl_c(); return;
	case EV_WRITE:
	case EV_READ:
	case EV_READLINE:
	case EV_RAW:
	case EV_CANCEL: ev_child(ev); return;
	case EV_EXIT:
		fw_job_end(&fw_jobs[ev->job - 1], ExitStatus_which_exited, ev->arg);
		return;
	case EV_FAULT:
		fw_job_end(&fw_jobs[ev->job - 1], ExitStatus_which_faulted, ev->arg);
		return;
	case EV_NOTHING:
		return;
	}
}

uint64_t rt_cap_enter(uint32_t min_complete, uint64_t timeout_ns)
{
	struct ring_header *h = &fw_ring.hdr;
	if (h->cq_tail != h->cq_head)
		return h->cq_tail - h->cq_head;
	if (fw_pos == fw_nscript) {
		sh.quit = true;		/* the fw_script is over */
		return 0;
	}
	if (fw_script[fw_pos].job > fw_njobs)
		fail_msg("event %d: no child %d yet; screen:\n%s", fw_pos,
			 fw_script[fw_pos].job, fw_term.screen);
	fake_apply(&fw_script[fw_pos++]);
	return h->cq_tail - h->cq_head;
}

/* ---- the test's side -------------------------------------------------------------- */

static void capset_add(const char *name, uint64_t iface, enum fk kind, int idx)
{
	struct capset_entry *e = &fw_capset.entries[fw_capset.count++];
	snprintf(e->name, sizeof(e->name), "%s", name);
	e->interface_id = iface;
	e->handle = (uint32_t)fw_new_obj(kind, idx, false);
}

void fake_reset(const char *text)
{
	memset(&fw_ring, 0, sizeof(fw_ring));
	memset(&fw_capset, 0, sizeof(fw_capset));
	memset(&fw_term, 0, sizeof(fw_term));
	fw_nobj = fw_neps = fw_njobs = fw_released = fw_made = 0;
	fw_next_ud = fw_next_call_id = 1;
	rt_ring = rt_main_thread.ring = &fw_ring;
	rt_main_thread.next_user_data = 1;
	rt_capset = &fw_capset;
	fw_capset.magic = CAPSET_MAGIC;
	capset_add("terminal", TerminalSession_IFACE_ID, FK_TERM, 0);
	capset_add("launcher", Launcher_IFACE_ID, FK_LAUNCHER, 0);
	capset_add("endpoints", EndpointFactory_IFACE_ID, FK_EPF, 0);
	capset_add("timer", Timer_IFACE_ID, FK_TIMER, 0);
	capset_add("console", Console_IFACE_ID, FK_CONSOLE, 0);
	fw_eps[fw_neps] = (struct fep){ .job = 0 };
	capset_add("svc", Endpoint_IFACE_ID, FK_EP, fw_neps++);
	fw_motd = text;
	if (text)
		snprintf(fw_motd_arg, sizeof(fw_motd_arg), "motd=%s", text);
}

void fake_without(const char *name)
{
	for (uint32_t i = 0; i < fw_capset.count; i++)
		if (!strcmp(fw_capset.entries[i].name, name))
			fw_capset.entries[i] = fw_capset.entries[--fw_capset.count];
}

int fake_run(const struct fake_ev *ev, int n)
{
	fw_script = ev;
	fw_nscript = n;
	fw_pos = 0;
	if (shell_init())
		return -1;
	loop_run();
	shell_finish();
	if (fw_pos != fw_nscript)
		fail_msg("the shell quit at event %d of %d; screen:\n%s", fw_pos,
			 fw_nscript, fw_term.screen);
	return sh.exit_code;
}

const char *fake_screen(void) { return fw_term.screen; }
const char *fake_child_log(int job) { return fw_jobs[job - 1].log; }
const char *fake_launch_desc(int job) { return fw_jobs[job - 1].desc; }
int fake_launches(void) { return fw_njobs; }
int fake_kills(int job) { return fw_jobs[job - 1].kills; }
int fake_released(void) { return fw_released; }
int fake_made(void) { return fw_made; }
EchoMode fake_last_echo(void) { return fw_term.echo; }
uint32_t fake_last_max(void) { return fw_term.max; }
const char *fake_last_initial(void) { return fw_term.initial; }
