/* What both capnp benches build and read: ProcessSpawner.spawn params with
 * a name, a binary, 8 named grants each carrying a capability pointer, an
 * interface id and a mode, and limits. Shared so the two do the same work. */
#ifndef CAPOS_TESTS_CAPNP_BENCH_COMMON_H
#define CAPOS_TESTS_CAPNP_BENCH_COMMON_H

#define BENCH_GRANTS 8
#define BENCH_ITERS 200000
#define BENCH_RUNS 7	/* best of */

static const char *const bench_grant_names[BENCH_GRANTS] = {
	"console", "terminal", "timer", "entropy",
	"log", "store", "launcher", "app-data",
};
#define BENCH_NAME "capos-shell-1"
#define BENCH_BINARY "capos-shell"

#endif
