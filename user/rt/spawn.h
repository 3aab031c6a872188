#ifndef CAPOS_USER_RT_SPAWN_H
#define CAPOS_USER_RT_SPAWN_H
#include <stdbool.h>
#include <stdint.h>
#include "lib/ring/ring.h"

struct rt_grant {
	const char *name;	/* the name in the child's CapSet */
	cap_handle_t cap;
	uint64_t iface;
	bool move;		/* else copy */
	bool new_endpoint;	/* a fresh endpoint for the child (cap unused) */
};

/* 0 means the kernel default. */
struct rt_limits {
	uint32_t cap_slots, pages, threads, calls, timers;
};

enum { RT_EXIT_CODE = 0, RT_EXIT_KILLED = 1, RT_EXIT_FAULT = 2 };

struct rt_exit {
	int kind;
	int64_t code;
	uint8_t vector;
	uint64_t addr;
};

/* A copy grant of our own initial capability `name` (cap NONE if absent). */
struct rt_grant rt_grant_named(const char *name);

int32_t rt_spawn(cap_handle_t spawner, const char *name, const char *binary,
		 const struct rt_grant *g, uint32_t n,
		 const struct rt_limits *lim, cap_handle_t *handle);
/* The same; facets[i] receives the client facet of the i-th newEndpoint
 * grant. */
int32_t rt_spawn_facets(cap_handle_t spawner, const char *name,
			const char *binary, const struct rt_grant *g, uint32_t n,
			const struct rt_limits *lim, cap_handle_t *handle,
			cap_handle_t *facets, uint32_t nfacets);
/* Everything a spawn can say, arguments included. */
struct rt_spawn_req {
	const char *name, *binary;
	const struct rt_grant *grants;
	uint32_t n;			/* at most RING_XFER_MAX - 1 with a session */
	const struct rt_limits *limits;	/* NULL: kernel defaults */
	const char *const *argv;
	uint32_t argc;
	/* A UserSession to start the child in (sent as a copy, kept by the
	 * caller); 0 or CAP_HANDLE_NONE: the caller's own session. */
	cap_handle_t session;
};

int32_t rt_spawn_req(cap_handle_t spawner, const struct rt_spawn_req *q,
		     cap_handle_t *handle, cap_handle_t *facets,
		     uint32_t nfacets);
int32_t rt_proc_wait(cap_handle_t handle, struct rt_exit *out);
int32_t rt_proc_kill(cap_handle_t handle);

#endif
