/* audit: the system's audit log. Serves AuditLog (append, for services)
 * on the raw endpoint of its export "log" and AuditReader (read, for the
 * operator) on its export "reader", over one ring of the newest 256
 * events (lib/ident/audit_ring.h). Grants: console, timer.
 *
 * append sets seq and timeNs itself (the caller's are ignored), cuts
 * over-long texts with a marker and replaces unprintable bytes; it never
 * refuses an event. read(from, max) returns the kept events with seq >=
 * from, at most min(max, 32), in order, and `next` to continue from; a
 * gap between from and the first seq means events were overwritten.
 * A reader's result buffer must hold AUDIT_READ_RESULT_BYTES(n) for the n
 * it asks for.
 *
 * Args: `echo` also writes each appended event to the console as
 * `audit: seq=N event=E result=R reason=X delay=Nms detail=D`. */
#include <string.h>
#include "capos/identity.h"
#include "capos/ipc.h"
#include "lib/ident/audit_ring.h"
#include "lib/ring/sqe.h"
#include "user/rt/evloop.h"

/* The largest receive buffer the ring takes (a bigger call would fail
 * our RECV: the kernel leaves it queued). */
#define RECV_BYTES RING_RESULTS_MAX
#define READ_OUT_BYTES AUDIT_READ_RESULT_BYTES(AUDIT_READ_MAX)

static struct audit_ring ring;
static bool echo, warned_drop;
static cap_handle_t log_ep, reader_ep;
static struct rt_loop loop;

static struct audit_text text_of(struct capn_text t)
{
	return (struct audit_text){ t.str, t.len };
}

static void echo_event(const struct audit_entry *e)
{
	rt_printf("audit: seq=%lu event=%s result=%s reason=%s delay=%ums "
		  "detail=%s\n", (unsigned long)e->seq, e->event, e->result,
		  e->reason, e->delay_ms, e->detail);
}

static int al_append(void *self, AuditLog_append_Params_r p,
		     AuditLog_append_Results_b r)
{
	AuditEvent_r e = AuditLog_append_Params_get_event(p);
	struct audit_input in = {
		.event = text_of(AuditEvent_get_event(e)),
		.result = text_of(AuditEvent_get_result(e)),
		.reason = text_of(AuditEvent_get_reason(e)),
		.detail = text_of(AuditEvent_get_detail(e)),
		.delay_ms = AuditEvent_get_delayMs(e),
	};
	uint64_t seq = audit_ring_append(&ring, &in, rt_time_now());
	if (echo)
		echo_event(audit_ring_get(&ring, seq));
	if (ring.dropped && !warned_drop) {
		warned_drop = true;
		rt_printf("audit: ring full: the oldest events are being "
			  "overwritten\n");
	}
	return 0;
}

static void put_event(AuditEvent_b b, const struct audit_entry *e)
{
	AuditEvent_set_seq(b, e->seq);
	AuditEvent_set_timeNs(b, e->time_ns);
	AuditEvent_set_delayMs(b, e->delay_ms);
	AuditEvent_set_event(b, e->event, strlen(e->event));
	AuditEvent_set_result(b, e->result, strlen(e->result));
	AuditEvent_set_reason(b, e->reason, strlen(e->reason));
	AuditEvent_set_detail(b, e->detail, strlen(e->detail));
}

static int ar_read(void *self, AuditReader_read_Params_r p,
		   AuditReader_read_Results_b r)
{
	uint32_t max = AuditReader_read_Params_get_max(p);
	struct audit_span s = audit_ring_span(
		&ring, AuditReader_read_Params_get_from(p),
		max < AUDIT_READ_MAX ? max : AUDIT_READ_MAX);
	AuditEvent_list_b l = AuditReader_read_Results_init_events(r, s.count);
	for (uint32_t i = 0; i < s.count; i++)
		put_event(AuditEvent_list_at(l, i),
			  audit_ring_get(&ring, s.first + i));
	AuditReader_read_Results_set_next(r, s.next);
	return 0;
}

static const struct AuditLog_server log_server = { .append = al_append };
static const struct AuditReader_server reader_server = { .read = ar_read };

/* A RECV that failed will not work again: without both endpoints the
 * log is of no use, so the service ends (init's restart policy decides). */
static bool recv_failed(const struct rt_incoming *in, const char *which)
{
	if (in->status >= 0)
		return false;
	rt_printf("audit: receive on %s failed: %s\n", which,
		  capos_strerror(in->status));
	rt_loop_stop(&loop);
	return true;
}

static void drop_caps(const struct rt_incoming *in)
{
	for (uint32_t i = 0; i < in->hdr->ncaps; i++)
		rt_release(in->caps[i].handle);
}

static void on_log(struct rt_loop *l, void *ctx, const struct rt_incoming *in)
{
	static uint8_t out[256];
	if (recv_failed(in, "log"))
		return;
	RT_SERVE(AuditLog, &log_server, 0, log_ep, in, out, sizeof out);
	drop_caps(in);
}

static void on_read(struct rt_loop *l, void *ctx, const struct rt_incoming *in)
{
	static uint8_t out[READ_OUT_BYTES];
	if (recv_failed(in, "reader"))
		return;
	RT_SERVE(AuditReader, &reader_server, 0, reader_ep, in, out,
		 sizeof out);
	drop_caps(in);
}

int main(void)
{
	static uint8_t log_buf[RECV_BYTES], read_buf[RECV_BYTES];
	log_ep = rt_cap_find("log", Endpoint_IFACE_ID);
	reader_ep = rt_cap_find("reader", Endpoint_IFACE_ID);
	if (log_ep == CAP_HANDLE_NONE || reader_ep == CAP_HANDLE_NONE) {
		rt_printf("audit: needs the endpoints \"log\" and \"reader\"\n");
		return 2;
	}
	for (int i = 0; i < rt_argc(); i++) {
		const char *a = rt_argv(i);
		if (a && !strcmp(a, "echo"))
			echo = true;
		else
			rt_printf("audit: arg %d ignored (known: echo)\n", i);
	}
	audit_ring_init(&ring);
	rt_loop_init(&loop, CAP_HANDLE_NONE);
	if (rt_loop_serve(&loop, log_ep, log_buf, sizeof log_buf, on_log, 0) ||
	    rt_loop_serve(&loop, reader_ep, read_buf, sizeof read_buf,
			  on_read, 0))
		return 1;
	rt_printf("audit: serving log and reader (%u events kept)\n",
		  AUDIT_RING_CAP);
	rt_loop_run(&loop);
	return 1;
}
