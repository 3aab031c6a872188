/* ipctest: endpoint IPC and capability transfer, run as init with
 * `diag`. Spawns ipc_server with a fresh endpoint ("ep") and talks to it
 * through the client facet the spawn returned. */
#include "capos/console.h"
#include "capos/diag.h"
#include "capos/exception.h"
#include "capos/ipc.h"
#include "capos/memory.h"
#include "capos/process.h"
#include "capos/time.h"
#include "user/rt/spawn.h"
#include "user/tests/tcheck.h"

TCHECK_DEFINE("ipctest")

static cap_handle_t console, timer, spawner, frames;
static uint8_t results[1024];

static struct ring_cqe call(cap_handle_t svc, uint16_t method, const void *p,
			    uint32_t len, const struct ring_xfer *x, uint32_t nx,
			    uint32_t rlen)
{
	struct ring_sqe s = { .opcode = RING_OP_CALL, .cap = svc, .method = method,
			      .addr = (uint64_t)p, .len = len,
			      .result_addr = (uint64_t)results, .result_len = rlen,
			      .xfer_addr = nx ? (uint64_t)x : 0, .xfer_count = (uint16_t)nx };
	return rt_submit_wait(&s);
}

static cap_handle_t start_server(cap_handle_t *h, const struct rt_limits *lim)
{
	struct rt_grant g[] = {
		{ "ep", 0, 0, false, true },
		{ "console", console, Console_IFACE_ID, false, false },
		{ "timer", timer, Timer_IFACE_ID, false, false },
	};
	cap_handle_t facet = CAP_HANDLE_NONE;
	int32_t st = rt_spawn_facets(spawner, "ipc_server", "ipc_server", g, 3, lim,
				     h, &facet, 1);
	return st ? CAP_HANDLE_NONE : facet;
}

static void test_basic(cap_handle_t svc)
{
	struct ring_cqe c = call(svc, 0, "hello", 5, 0, 0, sizeof(results));
	CHECK("ping_echo", c.result == 5 && !__builtin_memcmp(results, "hello", 5),
	      "status %d", c.result);
	/* 16 calls in flight at once, then all completions */
	struct ring_sqe s[16];
	static uint8_t rb[16][32];
	for (int i = 0; i < 16; i++) {
		s[i] = (struct ring_sqe){ .opcode = RING_OP_CALL, .cap = svc,
					  .addr = (uint64_t)&i, .len = 4,
					  .result_addr = (uint64_t)rb[i], .result_len = 32,
					  .user_data = 5000 + (uint64_t)i };
		s[i].addr = (uint64_t)&s[i].user_data;
		rt_submit(&s[i]);
	}
	int ok = 0;
	for (int i = 0; i < 16; i++)
		ok += rt_wait(5000 + (uint64_t)i).result == 4 &&
		      *(uint32_t *)rb[i] == 5000u + (uint32_t)i;
	CHECK("sixteen_in_flight", ok == 16, "%d of 16 correct", ok);
}

static void test_exceptions(cap_handle_t svc)
{
	struct ring_cqe c = call(svc, 1, 0, 0, 0, 0, sizeof(results));
	struct capn_msg m;
	capn_msg_init(&m, results, sizeof(results));
	CapException_r e = { capn_msg_root(&m) };
	struct capn_text t = CapException_get_message(e);
	CHECK("exception_delivered", c.result == ERR_APPLICATION_EXCEPTION &&
	      (c.flags & RING_CQE_EXCEPTION) && t.len == 13 &&
	      !__builtin_memcmp(t.str, "no such thing", 13), "status %d", c.result);
	c = call(svc, 1, 0, 0, 0, 0, 8);
	CHECK("exception_truncated", c.result == ERR_APPLICATION_EXCEPTION_TRUNCATED,
	      "status %d", c.result);
	c = call(svc, 0, "0123456789", 10, 0, 0, 4);
	CHECK("results_too_small", c.result == ERR_BUFFER_TOO_SMALL, "status %d", c.result);
	/* larger than the server's 4 KiB receive buffer: the call fails, the
	 * server is not wedged (its RECV waits on for the next call) */
	static uint8_t big[6000];
	c = call(svc, 0, big, sizeof(big), 0, 0, sizeof(results));
	struct ring_cqe after = call(svc, 0, "0123456789", 10, 0, 0, sizeof(results));
	CHECK("call_larger_than_recv_buffer", c.result == ERR_TOO_LARGE &&
	      after.result == 10, "status %d, then %d", c.result, after.result);
}

static void test_transfers(cap_handle_t svc)
{
	struct ring_xfer x = { timer, RING_XFER_COPY, 0 };
	struct ring_cqe c = call(svc, 4, 0, 0, &x, 1, sizeof(results));
	CHECK("copy_timer_to_server", c.result > 4, "status %d", c.result);
	int32_t st;
	static uint8_t p[64], r[256];
	struct capn_call fc;
	FrameAllocator_allocate_prepare(&fc, p, sizeof(p), 1, false);
	capn_call_set_results(&fc, r, sizeof(r));
	struct ring_cqe fcq;
	st = rt_call_xfer(frames, &fc, 0, 0, &fcq);
	cap_handle_t mo = rt_result_cap(&fc, &fcq, 0, MemoryObject_IFACE_ID);
	x = (struct ring_xfer){ mo, RING_XFER_MOVE, 0 };
	c = call(svc, 0, "mv", 2, &x, 1, sizeof(results));
	st = rt_release(mo);
	CHECK("move_memobj", c.result == 2 && st == ERR_STALE_HANDLE,
	      "call %d, release after move %d", c.result, st);
	x = (struct ring_xfer){ mo, RING_XFER_MOVE, 0 };
	c = call(svc, 0, "mv", 2, &x, 1, sizeof(results));
	CHECK("move_stale_refused", c.result == ERR_STALE_HANDLE, "status %d", c.result);
	c = call(svc, 2, 0, 0, 0, 0, sizeof(results));
	const struct ring_cap_record *rec = (const void *)(results + c.aux1);
	bool got = c.result == 4 && (c.flags & RING_CQE_CAPS) && c.aux0 == 1 &&
		   rec->interface_id == Console_IFACE_ID;
	CHECK("return_carries_cap", got, "status %d flags %u", c.result, c.flags);
	if (got)
		rt_release(rec->handle);
}

static void test_cancel_and_revoke(cap_handle_t svc)
{
	struct ring_sqe s = { .opcode = RING_OP_CALL, .cap = svc, .method = 5,
			      .result_addr = (uint64_t)results, .result_len = 64,
			      .user_data = 777 };
	rt_submit(&s);
	uint8_t sp[64], sr[64];	/* let the server take it: sleep 20 ms */
	struct capn_call sc;
	Timer_sleep_prepare(&sc, sp, sizeof(sp), 20000000);
	capn_call_set_results(&sc, sr, sizeof(sr));
	rt_call(timer, &sc);
	struct ring_sqe cancel = { .opcode = RING_OP_CANCEL, .addr = 777 };
	int32_t cr = rt_submit_wait(&cancel).result;
	int32_t r = rt_wait(777).result;
	CHECK("cancel_in_flight", cr == 0 && r == ERR_CANCELLED, "cancel %d call %d", cr, r);
	struct ring_cqe c = call(svc, 6, 0, 0, 0, 0, sizeof(results));
	struct ring_cqe after = call(svc, 0, "x", 1, 0, 0, sizeof(results));
	CHECK("revoke", c.result == 7 && after.result == ERR_REVOKED,
	      "revoke %d, then %d", c.result, after.result);
}

static void test_dead_server(cap_handle_t svc, cap_handle_t h)
{
	struct ring_cqe c = call(svc, 3, 0, 0, 0, 0, sizeof(results));
	struct rt_exit ex;
	rt_proc_wait(h, &ex);
	struct ring_cqe after = call(svc, 0, "x", 1, 0, 0, sizeof(results));
	CHECK("dead_server", c.result == ERR_DISCONNECTED &&
	      after.result == ERR_DISCONNECTED, "in flight %d, after %d",
	      c.result, after.result);
	rt_release(svc);
	CHECK("stale_after_release", call(svc, 0, "x", 1, 0, 0, 64).result ==
	      ERR_STALE_HANDLE, "released facet still works");
}

static void test_many_clients(void)
{
	cap_handle_t h, hc[3];
	cap_handle_t svc = start_server(&h, 0);
	struct rt_grant g[] = { { "svc", svc, ClientEndpoint_IFACE_ID, false, false } };
	int ok = 0;
	for (int i = 0; i < 3; i++)
		rt_spawn(spawner, "ipc_client", "ipc_client", g, 1, 0, &hc[i]);
	for (int i = 0; i < 3; i++) {
		struct rt_exit ex;
		ok += !rt_proc_wait(hc[i], &ex) && ex.kind == RT_EXIT_CODE && ex.code == 0;
		rt_release(hc[i]);
	}
	CHECK("three_clients_one_server", ok == 3, "%d of 3 clients clean", ok);
	rt_proc_kill(h);
	struct rt_exit ex;
	rt_proc_wait(h, &ex);
	rt_release(h);
	rt_release(svc);
}

static void test_server_table_full(void)
{
	struct rt_limits lim = { 4, 0, 0, 0, 0 };	/* ep, console, timer + 1 */
	cap_handle_t h, svc = start_server(&h, &lim);
	struct ring_xfer x[2] = { { timer, RING_XFER_COPY, 0 }, { console, RING_XFER_COPY, 0 } };
	struct ring_cqe c = call(svc, 0, "q", 1, x, 2, sizeof(results));
	CHECK("transfer_quota_rolls_back", c.result == ERR_QUOTA &&
	      call(svc, 0, "q", 1, x, 1, sizeof(results)).result == 1,
	      "status %d", c.result);
	rt_proc_kill(h);
	struct rt_exit ex;
	rt_proc_wait(h, &ex);
	rt_release(h);
	rt_release(svc);
}

struct totals {
	uint64_t caps, calls, pages;
	uint32_t procs;
};

static struct totals totals(void)
{
	static uint8_t p[64], r[512];
	struct capn_call c;
	KernelDiag_totals_prepare(&c, p, sizeof(p));
	capn_call_set_results(&c, r, sizeof(r));
	int32_t st = rt_call(rt_cap_find("diag", KernelDiag_IFACE_ID), &c);
	struct capn_msg m;
	KernelDiag_totals_Results_r res;
	struct totals t = { 0, 0, 0, 0 };
	if (!KernelDiag_totals_results(&m, &c, st, &res)) {
		Totals_r x = KernelDiag_totals_Results_get_totals(res);
		t = (struct totals){ Totals_get_capSlots(x), Totals_get_callsInFlight(x),
				     Totals_get_mappedPages(x), Totals_get_processes(x) };
	}
	return t;
}

/* A server on the event loop keeps ticking while it serves calls. */
static void test_event_loop(void)
{
	struct rt_grant g[] = {
		{ "ep", 0, 0, false, true },
		{ "timer", timer, Timer_IFACE_ID, false, false },
	};
	cap_handle_t h, svc = CAP_HANDLE_NONE;
	int32_t st = rt_spawn_facets(spawner, "loop_server", "loop_server", g, 2, 0,
				     &h, &svc, 1);
	int echo_ok = 0;
	for (int i = 0; i < 10; i++) {
		struct ring_cqe c = call(svc, 0, "tick?", 5, 0, 0, sizeof(results));
		echo_ok += c.result == 5;
		uint8_t sp[64], sr[64];
		struct capn_call sc;
		Timer_sleep_prepare(&sc, sp, sizeof(sp), 10000000);
		capn_call_set_results(&sc, sr, sizeof(sr));
		rt_call(timer, &sc);
	}
	struct ring_cqe c = call(svc, 1, 0, 0, 0, 0, sizeof(results));
	uint64_t ticks = c.result == 8 ? *(uint64_t *)results : 0;
	call(svc, 2, 0, 0, 0, 0, sizeof(results));
	struct rt_exit ex;
	int32_t w = st ? st : rt_proc_wait(h, &ex);
	CHECK("event_loop_serves_and_ticks", !st && echo_ok == 10 && ticks >= 5 &&
	      !w && ex.kind == RT_EXIT_CODE && ex.code == 0,
	      "spawn %d echoes %d ticks %lu", st, echo_ok, ticks);
	rt_release(h);
	rt_release(svc);
}

/* A child allowed 3 calls in flight keeps 5 slow calls going: the 4th
 * and 5th are refused, the others complete, nothing stays charged. */
static void test_calls_quota(void)
{
	cap_handle_t h, hc, svc = start_server(&h, 0);
	struct rt_grant g[] = { { "svc", svc, ClientEndpoint_IFACE_ID, false, false },
				{ "mode-quota", svc, ClientEndpoint_IFACE_ID, false, false } };
	struct rt_limits lim = { 0, 0, 0, 3, 0 };
	struct rt_exit ex = { 9, 9, 0, 0 };
	int32_t st = rt_spawn(spawner, "ipc_client", "ipc_client", g, 2, &lim, &hc);
	int32_t w = st ? st : rt_proc_wait(hc, &ex);
	CHECK("calls_in_flight_quota", !w && ex.kind == RT_EXIT_CODE && ex.code == 0,
	      "spawn %d wait %d kind %d code %ld", st, w, ex.kind, ex.code);
	rt_release(hc);
	rt_proc_kill(h);
	rt_proc_wait(h, &ex);
	rt_release(h);
	rt_release(svc);
}

int main(void)
{
	struct totals base = totals();
	console = rt_cap_find("console", Console_IFACE_ID);
	timer = rt_cap_find("timer", Timer_IFACE_ID);
	spawner = rt_cap_find("spawner", ProcessSpawner_IFACE_ID);
	frames = rt_cap_find("frames", FrameAllocator_IFACE_ID);
	cap_handle_t h, svc = start_server(&h, 0);
	CHECK("spawn_with_new_endpoint", svc != CAP_HANDLE_NONE, "no facet");
	test_basic(svc);
	test_exceptions(svc);
	test_transfers(svc);
	test_cancel_and_revoke(svc);
	struct rt_exit ex;
	rt_proc_kill(h);	/* it still serves its (revoked) endpoint */
	rt_proc_wait(h, &ex);
	rt_release(svc);
	rt_release(h);
	svc = start_server(&h, 0);
	test_dead_server(svc, h);
	rt_release(h);
	test_many_clients();
	test_server_table_full();
	test_event_loop();
	test_calls_quota();
	struct totals end = totals();
	CHECK("nothing_leaked", end.caps == base.caps && end.calls == base.calls &&
	      end.pages == base.pages && end.procs == base.procs,
	      "caps %lu->%lu calls %lu->%lu pages %lu->%lu procs %u->%u", base.caps,
	      end.caps, base.calls, end.calls, base.pages, end.pages, base.procs,
	      end.procs);
	return tcheck_summary();
}
