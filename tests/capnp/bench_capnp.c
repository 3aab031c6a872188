/* BENCH capnp_build_read: ns to build ProcessSpawner.spawn params into a
 * reused buffer with lib/capnp (framed, as the ring carries them) and read
 * every field back with all reader checks on. Best of BENCH_RUNS runs of
 * BENCH_ITERS messages. Built at -O2 without sanitizers (mk/capnp.mk). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "capos/process.h"
#include "tests/capnp/bench_common.h"

static volatile uint64_t sink;
static size_t name_len[BENCH_GRANTS];

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static size_t build(uint8_t *buf, size_t cap)
{
	struct capn_call c;
	struct capn_builder b;
	ProcessSpawner_spawn_Params_b p = ProcessSpawner_spawn_begin(&c, &b,
								     buf, cap);
	ProcessSpawner_spawn_Params_set_name(p, BENCH_NAME,
					     sizeof(BENCH_NAME) - 1);
	ProcessSpawner_spawn_Params_set_binary(p, BENCH_BINARY,
					       sizeof(BENCH_BINARY) - 1);
	CapGrant_list_b gl = ProcessSpawner_spawn_Params_init_grants(
		p, BENCH_GRANTS);
	for (uint32_t i = 0; i < BENCH_GRANTS; i++) {
		CapGrant_b g = CapGrant_list_at(gl, i);
		CapGrant_set_name(g, bench_grant_names[i], name_len[i]);
		CapGrant_set_cap(g, i);
		CapGrant_set_interfaceId(g, 0x8000000000000000ull | i);
		CapGrant_set_mode(g, i & 1 ? TransferMode_move : TransferMode_copy);
	}
	ProcessLimits_b l = ProcessSpawner_spawn_Params_init_limits(p);
	ProcessLimits_set_capSlots(l, 64);
	ProcessLimits_set_pages(l, 4096);
	ProcessLimits_set_threads(l, 8);
	ProcessLimits_set_callsInFlight(l, 32);
	ProcessLimits_set_timers(l, 16);
	if (capn_call_seal(&c, &b))
		abort();
	return c.params_len;
}

static void read_back(const uint8_t *buf, size_t len)
{
	struct capn_msg m;
	uint64_t s = 0;
	capn_msg_init(&m, buf, len);
	ProcessSpawner_spawn_Params_r p = { capn_msg_root(&m) };
	struct capn_text t = ProcessSpawner_spawn_Params_get_name(p);
	s += t.len + (uint8_t)t.str[0];
	t = ProcessSpawner_spawn_Params_get_binary(p);
	s += t.len + (uint8_t)t.str[0];
	CapGrant_list_r gl = ProcessSpawner_spawn_Params_get_grants(p);
	for (uint32_t i = 0; i < CapGrant_list_len(gl); i++) {
		CapGrant_r g = CapGrant_list_get(gl, i);
		t = CapGrant_get_name(g);
		s += t.len + (uint8_t)t.str[0];
		s += CapGrant_which(g) + CapGrant_get_cap(g);
		s += CapGrant_get_interfaceId(g) + CapGrant_get_mode(g);
	}
	ProcessLimits_r l = ProcessSpawner_spawn_Params_get_limits(p);
	s += ProcessLimits_get_capSlots(l) + ProcessLimits_get_pages(l) +
	     ProcessLimits_get_threads(l) + ProcessLimits_get_callsInFlight(l) +
	     ProcessLimits_get_timers(l);
	struct capn_list_r args = ProcessSpawner_spawn_Params_get_args(p);
	s += capn_list_len(&args);
	if (capn_msg_error(&m))
		abort();
	sink += s;
}

int main(int argc, char **argv)
{
	static uint8_t buf[4096];
	long iters = argc > 1 ? atol(argv[1]) : BENCH_ITERS;
	for (int i = 0; i < BENCH_GRANTS; i++)
		name_len[i] = strlen(bench_grant_names[i]);
	double best = 1e30;
	size_t len = 0;
	for (int run = 0; run < BENCH_RUNS; run++) {
		uint64_t t0 = now_ns();
		for (long i = 0; i < iters; i++) {
			len = build(buf, sizeof buf);
			read_back(buf, len);
		}
		double ns = (double)(now_ns() - t0) / (double)iters;
		if (ns < best)
			best = ns;
	}
	if (argc > 2) {	/* write one message, for checking with capnp */
		FILE *f = fopen(argv[2], "wb");
		if (!f || fwrite(buf, 1, len, f) != len)
			return 1;
		fclose(f);
	}
	printf("BENCH name=capnp_build_read value=%.1f unit=ns\n", best);
	return 0;
}
