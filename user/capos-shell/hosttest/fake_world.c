/* The fake world for host tests of the shell's loop (see fake.h):
 * the terminal, the launcher and its jobs, endpoints, and the ring
 * operations on them.
 *
 * Capabilities are indexes into fw_obj[] (generation 0). Calls the shell
 * makes synchronously are answered at once; readLine, interrupt,
 * Job.wait and RECV stay pending until an event of the script (or a
 * cancel) completes them, posting to a real ring page. */
#include "user/capos-shell/hosttest/fake_world.h"

struct rt_thread rt_main_thread;
bool rt_fs_owned;
struct rt_thread *(*rt_self_hook)(void);
struct ring_page *rt_ring;
const struct capset_page *rt_capset;

struct ring_page fw_ring;
struct capset_page fw_capset;
struct fobj fw_obj[256];
int fw_nobj;
struct fep fw_eps[32];
int fw_neps;
struct fjob fw_jobs[32];
int fw_njobs;
struct fterm fw_term;
const struct fake_ev *fw_script;
int fw_nscript, fw_pos;
uint64_t fw_next_ud;
uint32_t fw_next_call_id;
int fw_released, fw_made;
const char *fw_motd;
char fw_motd_arg[4096];
static const char *const binaries[] = { "hello", "readline", "crash",
					"sleeper", "exit3", "needy" };

/* ---- plumbing ----------------------------------------------------------- */

void fw_post(uint64_t ud, int32_t res, uint32_t flags, uint64_t a0,
		 uint64_t a1)
{
	struct ring_header *h = &fw_ring.hdr;
	assert_true(h->cq_tail - h->cq_head < RING_CQ_ENTRIES);
	fw_ring.cq[h->cq_tail % RING_CQ_ENTRIES] =
		(struct ring_cqe){ ud, res, flags, a0, a1 };
	h->cq_tail++;
}

int fw_new_obj(enum fk kind, int idx, bool is_made)
{
	assert_true(fw_nobj < 256);
	fw_obj[fw_nobj] = (struct fobj){ kind, idx, true, is_made };
	fw_made += is_made;
	return fw_nobj++;
}

void fw_screen_add(const char *s, size_t n)
{
	assert_true(fw_term.len + n < sizeof(fw_term.screen));
	memcpy(fw_term.screen + fw_term.len, s, n);
	fw_term.len += n;
	fw_term.screen[fw_term.len] = '\0';
}

void fw_appendf(char *buf, size_t cap, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + n, cap - n, fmt, ap);
	va_end(ap);
}

struct reply {
	struct capn_builder b;
	uint8_t *buf;
	uint32_t cap, ncaps;
	struct ring_cap_record rec[4];
};

static struct capn_struct_b reply_init(struct reply *r, const struct ring_sqe *q,
				       uint16_t dw, uint16_t pc)
{
	r->buf = (uint8_t *)q->result_addr;
	r->cap = q->result_len;
	r->ncaps = 0;
	capn_build_init(&r->b, r->buf, r->cap);
	return capn_b_root(&r->b, dw, pc);
}

static uint32_t reply_cap(struct reply *r, int handle, uint64_t iface)
{
	r->rec[r->ncaps] = (struct ring_cap_record){ (cap_handle_t)handle, 0, iface };
	return r->ncaps++;
}

static bool reply_done(struct reply *r, struct ring_cqe *c)
{
	size_t n = capn_build_finish(&r->b);
	assert_true(n > 0);
	c->result = (int32_t)n;
	if (r->ncaps) {
		size_t off = (n + 7) & ~(size_t)7;
		assert_true(off + r->ncaps * sizeof(r->rec[0]) <= r->cap);
		memcpy(r->buf + off, r->rec, r->ncaps * sizeof(r->rec[0]));
		c->flags |= RING_CQE_CAPS;
		c->aux0 = r->ncaps;
		c->aux1 = off;
	}
	return true;
}

static bool reply_exception(const struct ring_sqe *q, struct ring_cqe *c,
			    const char *msg)
{
	struct reply r;
	CapException_b e = { reply_init(&r, q, CapException_DATA_WORDS,
					 CapException_PTR_COUNT) };
	CapException_set_type(e, CapException_Type_failed);
	CapException_set_message(e, msg, strlen(msg));
	reply_done(&r, c);
	c->result = ERR_APPLICATION_EXCEPTION;
	return true;
}

static bool reply_empty(const struct ring_sqe *q, struct ring_cqe *c)
{
	struct reply r;
	reply_init(&r, q, 0, 0);
	return reply_done(&r, c);
}

static struct capn_struct_r params_of(const struct ring_sqe *q,
				      struct capn_msg *m)
{
	capn_msg_init(m, (const void *)q->addr, q->len);
	return capn_msg_root(m);
}

/* ---- the terminal -------------------------------------------------------- */

static void term_readline(const struct ring_sqe *q)
{
	struct capn_msg m;
	TerminalSession_readLine_Params_r p = { params_of(q, &m) };
	struct capn_text t = TerminalSession_readLine_Params_get_initial(p);
	if (fw_term.rl_ud)
		fail_msg("a second readLine while one is pending");
	fw_term.rl_ud = q->user_data;
	fw_term.rl_buf = (uint8_t *)q->result_addr;
	fw_term.rl_cap = q->result_len;
	assert_true(t.len < sizeof(fw_term.initial));
	memcpy(fw_term.initial, t.str, t.len);
	fw_term.initial[t.len] = '\0';
	fw_term.init_len = t.len;
	fw_term.max = TerminalSession_readLine_Params_get_maxBytes(p);
	fw_term.echo = TerminalSession_readLine_Params_get_echo(p);
	if (fw_term.echo == EchoMode_visible)
		fw_screen_add(t.str, t.len);
}

void fw_term_complete(const char *text, uint32_t n, ReadLine_End end)
{
	struct ring_sqe q = { .result_addr = (uint64_t)fw_term.rl_buf,
			      .result_len = fw_term.rl_cap };
	struct ring_cqe c = { .user_data = fw_term.rl_ud };
	struct reply r;
	TerminalSession_readLine_Results_b res = { reply_init(&r, &q,
		TerminalSession_readLine_Results_DATA_WORDS,
		TerminalSession_readLine_Results_PTR_COUNT) };
	ReadLine_b l = TerminalSession_readLine_Results_init_line(res);
	ReadLine_set_text(l, text, n);
	ReadLine_set_cursor(l, n);
	ReadLine_set_end(l, end);
	reply_done(&r, &c);
	fw_term.rl_ud = 0;
	fw_post(c.user_data, c.result, c.flags, 0, 0);
}

static bool term_call(const struct ring_sqe *q, struct ring_cqe *c)
{
	struct capn_msg m;
	struct capn_data d;
	struct reply r;
	switch (q->method) {
	case TerminalSession_write_METHOD:
		d = TerminalSession_write_Params_get_data(
			(TerminalSession_write_Params_r){ params_of(q, &m) });
		fw_screen_add((const char *)d.ptr, d.len);
		return reply_empty(q, c);
	case TerminalSession_readLine_METHOD:
		term_readline(q);
		return false;
	case TerminalSession_cancel_METHOD:
		if (fw_term.rl_ud)
			fw_term_complete(fw_term.initial, fw_term.init_len,
				      ReadLine_End_cancelled);
		return reply_empty(q, c);
	case TerminalSession_windowSize_METHOD: {
		TerminalSession_windowSize_Results_b w = { reply_init(&r, q,
			TerminalSession_windowSize_Results_DATA_WORDS,
			TerminalSession_windowSize_Results_PTR_COUNT) };
		TerminalSession_windowSize_Results_set_columns(w, 80);
		TerminalSession_windowSize_Results_set_rows(w, 24);
		return reply_done(&r, c);
	}
	case TerminalSession_interrupt_METHOD:
		if (fw_term.intr_ud)
			fail_msg("a second interrupt while one is pending");
		fw_term.intr_ud = q->user_data;
		return false;
	}
	fail_msg("terminal method %u", q->method);
	return true;
}

/* ---- the launcher and jobs --------------------------------------------------- */

static bool launcher_list(const struct ring_sqe *q, struct ring_cqe *c)
{
	struct reply r;
	Launcher_list_Results_b res = { reply_init(&r, q,
		Launcher_list_Results_DATA_WORDS, Launcher_list_Results_PTR_COUNT) };
	size_t n = sizeof(binaries) / sizeof(binaries[0]);
	struct capn_list_b l = Launcher_list_Results_init_binaries(res, (uint32_t)n);
	for (size_t i = 0; i < n; i++)
		capn_lb_text(&l, (uint32_t)i, binaries[i], strlen(binaries[i]));
	return reply_done(&r, c);
}

static bool launch_known(struct capn_text bin)
{
	for (size_t i = 0; i < sizeof(binaries) / sizeof(binaries[0]); i++)
		if (capn_text_eq(bin, binaries[i]))
			return true;
	return false;
}

/* Record the grants: "name=Iface" each; the stdio client names its ep. */
static bool launch_grants(struct fjob *j, CapGrant_list_r gl,
			  const struct ring_sqe *q)
{
	const struct ring_xfer *x = (const void *)q->xfer_addr;
	bool stdio = false;
	for (uint32_t i = 0; i < CapGrant_list_len(gl); i++) {
		CapGrant_r g = CapGrant_list_get(gl, i);
		struct capn_text name = CapGrant_get_name(g);
		uint32_t k = CapGrant_get_cap(g);
		const struct capos_iface *f =
			capos_iface_by_id(CapGrant_get_interfaceId(g));
		assert_true(k < q->xfer_count);
		assert_int_equal(x[k].mode, RING_XFER_COPY);
		assert_true(fw_obj[x[k].cap].live);
		fw_appendf(j->desc, sizeof(j->desc), " %.*s=%s", (int)name.len,
			name.str, f ? f->name : "?");
		if (capn_text_eq(name, "stdio")) {
			assert_int_equal(fw_obj[x[k].cap].kind, FK_CLIENT);
			j->ep = fw_obj[x[k].cap].idx;
			fw_eps[j->ep].job = (int)(j - fw_jobs) + 1;
			stdio = true;
		}
	}
	return stdio;
}

static bool launcher_launch(const struct ring_sqe *q, struct ring_cqe *c)
{
	struct capn_msg m;
	struct reply r;
	char msg[128];
	Launcher_launch_Params_r p = { params_of(q, &m) };
	struct capn_text bin = Launcher_launch_Params_get_binary(p);
	if (!launch_known(bin)) {
		snprintf(msg, sizeof(msg), "no binary \"%.*s\"", (int)bin.len, bin.str);
		return reply_exception(q, c, msg);
	}
	struct fjob *j = &fw_jobs[fw_njobs];
	*j = (struct fjob){ .ep = -1 };
	snprintf(j->desc, sizeof(j->desc), "%.*s", (int)bin.len, bin.str);
	bool stdio = launch_grants(j, Launcher_launch_Params_get_grants(p), q);
	if (capn_text_eq(bin, "needy") && !stdio) {
		if (j->ep >= 0)
			fw_eps[j->ep].job = 0;
		return reply_exception(q, c, "needs stdio (StdIO), which this "
				       "launch does not grant");
	}
	fw_njobs++;
	Launcher_launch_Results_b res = { reply_init(&r, q,
		Launcher_launch_Results_DATA_WORDS, Launcher_launch_Results_PTR_COUNT) };
	Launcher_launch_Results_set_job(res, reply_cap(&r, fw_new_obj(FK_JOB, fw_njobs, true),
						       Job_IFACE_ID));
	return reply_done(&r, c);
}

static void job_status(struct fjob *j, const struct ring_sqe *q,
		       struct ring_cqe *c)
{
	struct reply r;
	Job_wait_Results_b res = { reply_init(&r, q, Job_wait_Results_DATA_WORDS,
					      Job_wait_Results_PTR_COUNT) };
	ExitStatus_b s = Job_wait_Results_init_status(res);
	if (j->how == ExitStatus_which_exited)
		ExitStatus_set_exited(s, j->code);
	else if (j->how == ExitStatus_which_killed)
		ExitStatus_set_killed(s);
	else
		Fault_set_vector(ExitStatus_init_faulted(s), (uint8_t)j->code);
	reply_done(&r, c);
}

void fw_job_end(struct fjob *j, int how, int64_t code)
{
	if (j->ended)
		return;
	j->ended = true;
	j->how = how;
	j->code = code;
	if (!j->wait_ud)
		return;
	struct ring_sqe q = { .result_addr = (uint64_t)j->wait_buf,
			      .result_len = j->wait_cap };
	struct ring_cqe c = { .user_data = j->wait_ud };
	job_status(j, &q, &c);
	j->wait_ud = 0;
	fw_post(c.user_data, c.result, c.flags, 0, 0);
}

static bool job_call(struct fjob *j, const struct ring_sqe *q, struct ring_cqe *c)
{
	switch (q->method) {
	case Job_wait_METHOD:
		if (j->ended) {
			job_status(j, q, c);
			return true;
		}
		j->wait_ud = q->user_data;
		j->wait_buf = (uint8_t *)q->result_addr;
		j->wait_cap = q->result_len;
		return false;
	case Job_kill_METHOD:
		j->kills++;
		fw_job_end(j, ExitStatus_which_killed, 0);
		return reply_empty(q, c);
	}
	fail_msg("Job method %u", q->method);
	return true;
}

/* ---- endpoints ----------------------------------------------------------------- */

static bool epf_create(const struct ring_sqe *q, struct ring_cqe *c)
{
	struct reply r;
	EndpointFactory_create_Results_b res = { reply_init(&r, q,
		EndpointFactory_create_Results_DATA_WORDS,
		EndpointFactory_create_Results_PTR_COUNT) };
	int e = fw_neps++;
	fw_eps[e] = (struct fep){ .job = 0 };
	EndpointFactory_create_Results_set_endpoint(res,
		reply_cap(&r, fw_new_obj(FK_EP, e, true), Endpoint_IFACE_ID));
	EndpointFactory_create_Results_set_client(res,
		reply_cap(&r, fw_new_obj(FK_CLIENT, e, true), ClientEndpoint_IFACE_ID));
	return reply_done(&r, c);
}

static bool ep_client(int e, const struct ring_sqe *q, struct ring_cqe *c)
{
	struct reply r;
	Endpoint_client_Results_b res = { reply_init(&r, q,
		Endpoint_client_Results_DATA_WORDS, Endpoint_client_Results_PTR_COUNT) };
	Endpoint_client_Results_set_client(res,
		reply_cap(&r, fw_new_obj(FK_CLIENT, e, true), ClientEndpoint_IFACE_ID));
	return reply_done(&r, c);
}

static void ep_deliver(struct fep *e, struct ring_cqe *c)
{
	struct fcall *f = &e->q[0];
	struct ipc_msg_header h = {
		.magic = IPC_MSG_MAGIC, .call_id = f->call_id,
		.interface_id = StdIO_IFACE_ID, .method = f->method,
		.params_len = f->len, .caps_off = ipc_caps_offset(f->len),
	};
	assert_true(h.caps_off <= e->cap);
	memcpy(e->buf, &h, sizeof(h));
	memcpy(e->buf + sizeof(h), f->params, f->len);
	e->method_of[f->call_id % 64] = f->method;
	*c = (struct ring_cqe){ e->recv_ud, (int32_t)h.caps_off, 0, f->call_id,
				f->method };
	e->recv_ud = 0;
	memmove(&e->q[0], &e->q[1], (size_t)--e->nq * sizeof(e->q[0]));
}

static bool ep_recv(const struct ring_sqe *q, struct ring_cqe *c)
{
	assert_int_equal(fw_obj[q->cap].kind, FK_EP);
	struct fep *e = &fw_eps[fw_obj[q->cap].idx];
	if (e->recv_ud)
		fail_msg("a second RECV on one endpoint");
	e->recv_ud = q->user_data;
	e->buf = (uint8_t *)q->result_addr;
	e->cap = q->result_len;
	if (!e->nq)
		return false;
	ep_deliver(e, c);
	return true;
}

/* A child's StdIO call: params framed by a builder callback's result. */
void fw_child_call(int job, uint16_t method, const void *params, size_t n)
{
	if (job < 1 || job > fw_njobs || fw_jobs[job - 1].ep < 0)
		fail_msg("child %d has no stdio", job);
	struct fep *e = &fw_eps[fw_jobs[job - 1].ep];
	assert_true(e->nq < 8 && n <= sizeof(e->q[0].params));
	struct fcall *f = &e->q[e->nq++];
	f->method = method;
	f->len = (uint32_t)n;
	f->call_id = fw_next_call_id++;
	memcpy(f->params, params, n);
	if (e->recv_ud) {
		struct ring_cqe c;
		ep_deliver(e, &c);
		fw_post(c.user_data, c.result, c.flags, c.aux0, c.aux1);
	}
}

/* ---- the ring's operations --------------------------------------------------- */

static bool fake_call(const struct ring_sqe *q, struct ring_cqe *c)
{
	assert_true(q->cap < (uint32_t)fw_nobj && fw_obj[q->cap].live);
	struct fobj *o = &fw_obj[q->cap];
	switch (o->kind) {
	case FK_TERM: return term_call(q, c);
	case FK_LAUNCHER:
		return q->method == Launcher_list_METHOD ? launcher_list(q, c)
							 : launcher_launch(q, c);
	case FK_JOB: return job_call(&fw_jobs[o->idx - 1], q, c);
	case FK_EPF: return epf_create(q, c);
	case FK_EP: return ep_client(o->idx, q, c);
	case FK_TIMER: return reply_empty(q, c);
	case FK_NONE:
	case FK_CLIENT:
	case FK_CONSOLE:
		break;
	}
	fail_msg("call on object kind %d", o->kind);
	return true;
}

static int32_t fake_cancel(uint64_t ud)
{
	if (ud && fw_term.rl_ud == ud)
		fw_term.rl_ud = 0;
	else if (ud && fw_term.intr_ud == ud)
		fw_term.intr_ud = 0;
	else {
		int k = -1;
		for (int i = 0; i < fw_njobs; i++)
			if (fw_jobs[i].wait_ud == ud)
				fw_jobs[i].wait_ud = 0, k = i;
		for (int i = 0; i < fw_neps; i++)
			if (fw_eps[i].recv_ud == ud)
				fw_eps[i].recv_ud = 0, k = i;
		if (k < 0 || !ud)
			return ERR_NOT_FOUND;
	}
	fw_post(ud, ERR_CANCELLED, 0, 0, 0);
	return 0;
}

int32_t fake_release(cap_handle_t h)
{
	if (h >= (uint32_t)fw_nobj || !fw_obj[h].live)
		fail_msg("release of a dead handle %u", h);
	fw_obj[h].live = false;
	fw_released += fw_obj[h].made;
	return 0;
}

bool fake_invoke(const struct ring_sqe *q, struct ring_cqe *c)
{
	*c = (struct ring_cqe){ .user_data = q->user_data };
	switch (q->opcode) {
	case RING_OP_CALL: return fake_call(q, c);
	case RING_OP_RECV: return ep_recv(q, c);
	case RING_OP_CANCEL: c->result = fake_cancel(q->addr); return true;
	case RING_OP_RELEASE: c->result = fake_release(q->cap); return true;
	}
	fail_msg("opcode %u", q->opcode);
	return true;
}

