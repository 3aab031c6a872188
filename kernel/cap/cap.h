/* Kernel capability objects. Each object type lives in its own file in
 * kernel/cap/ and exposes one invoke function; cap_invoke is the single
 * switch over types (compiled with -Wswitch-enum, so a new type cannot be
 * forgotten).
 *
 * Invocation contract: the ring layer has validated the SQE, looked up
 * the handle and copied the params into kernel memory. The type's invoke
 * function decodes and validates the params completely before changing
 * anything (decode, then invoke), then either completes at once (returns
 * the length of the framed results it wrote, >= 0), fails (negative
 * err_t, nothing changed), or arranges to complete later through
 * ring_complete_pending() and returns CAP_PENDING. */
#ifndef CAPOS_CAP_CAP_H
#define CAPOS_CAP_CAP_H
#include <stdint.h>
#include "lib/ring/ring.h"
#include "lib/ring/sqe.h"

enum cap_type {
	CAP_NONE = 0,
	CAP_CONSOLE,
	CAP_TIMER,
	CAP_VMEM,		/* VirtualMemory of the holder's own space */
	CAP_FRAME_ALLOC,
	CAP_MEMOBJ,
	CAP_BOOTPKG,
	CAP_BLOB,
	CAP_SPAWNER,
	CAP_PROC_HANDLE,
	CAP_ENTROPY,
	CAP_THREAD_CTL,
	CAP_DIAG,
	CAP_ENDPOINT,		/* raw endpoint: RECV, RETURN, client(), revoke() */
	CAP_EP_CLIENT,		/* call-only facet */
	CAP_THREAD_SPAWNER,
	CAP_THREAD_HANDLE,
	CAP_PARKSPACE,
	CAP_EP_FACTORY,		/* EndpointFactory (stateless) */
	CAP_TERMINAL,		/* a terminal UART device (static) */
	CAP_TERM_SESSION,	/* its one session; move-only */
	CAP_SESSION_AUTH,	/* SessionAuthority (stateless) */
	CAP_USER_SESSION,	/* UserSession: a struct session */
	CAP_TYPE_COUNT
};


#define CAP_PENDING 0x7fffffff
/* A spawn returns its ProcessHandle and one client facet per export, and a
 * service may have as many exports as one transfer holds. */
#define CAP_RESULT_CAPS_MAX (RING_XFER_MAX + 1)

struct thread;
struct cap_slot;

struct cap_call {
	struct thread *t;
	const struct cap_slot *slot;
	uint16_t method;
	uint64_t user_data;
	const uint8_t *params;
	uint32_t params_len;
	uint8_t *results;	/* kernel buffer */
	uint32_t results_cap;
	uint64_t result_addr;	/* the caller's buffer, for late results */
	uint32_t result_len;
	/* transfer descriptors of the CALL (copied), for grants */
	const struct ring_xfer *xfer;
	uint32_t nxfer;
	/* capabilities returned with the results, already in the caller's
	 * table; capability pointer i in the results refers to entry i. The
	 * array (CAP_RESULT_CAPS_MAX entries) is the caller's, left
	 * uninitialised: only the first nresult_caps are ever read. */
	uint32_t nresult_caps;
	struct ring_cap_record *result_caps;
};

/* Insert a new capability for the caller and record it as result cap
 * *index; on failure nothing is inserted. Takes ownership of the object
 * reference only on success. */
int cap_call_return_cap(struct cap_call *c, enum cap_type type,
			uint64_t iface, void *obj, uint16_t flags,
			uint32_t *index);

/* cap_invoke(c), the dispatch switch, is in kernel/cap/invoke.h. */
/* Drop the table's reference to an object being released. */
void cap_release(enum cap_type type, void *obj);
const char *cap_type_name(enum cap_type type);

/* Per-type entry points: invoke, and what to do when a table drops its
 * reference. */
int console_invoke(struct cap_call *c);
int timer_invoke(struct cap_call *c);
int vmem_invoke(struct cap_call *c);
int frame_alloc_invoke(struct cap_call *c);
int memobj_invoke(struct cap_call *c);
int bootpkg_invoke(struct cap_call *c);
int blob_invoke(struct cap_call *c);
int spawner_invoke(struct cap_call *c);
int proc_handle_invoke(struct cap_call *c);
int entropy_invoke(struct cap_call *c);
int thread_ctl_invoke(struct cap_call *c);
int diag_invoke(struct cap_call *c);
int endpoint_invoke(struct cap_call *c);
int thread_spawner_invoke(struct cap_call *c);
int thread_handle_invoke(struct cap_call *c);
int parkspace_invoke(struct cap_call *c);
int ep_factory_invoke(struct cap_call *c);
int terminal_invoke(struct cap_call *c);
int term_session_invoke(struct cap_call *c);
int session_auth_invoke(struct cap_call *c);
int user_session_invoke(struct cap_call *c);
void term_session_cap_release(void *obj);
void thread_handle_cap_release(void *obj);
void memobj_cap_release(void *obj);
void blob_cap_release(void *obj);
void proc_handle_cap_release(void *obj);
/* Remove the result capabilities inserted so far (a failed call). */
void cap_call_drop_result_caps(struct cap_call *c);
/* Does a capability of this type hold an object that releasing it may
 * free (so a call using it must pin its slot)? Singletons do not. */
extern const bool cap_type_has_object[CAP_TYPE_COUNT];
static inline bool cap_has_object(enum cap_type type)	/* every call asks */
{
	return (unsigned)type < CAP_TYPE_COUNT && cap_type_has_object[type];
}
/* Is every method of this type brief: bounded work of a few hundred
 * instructions, no waiting on another CPU, no log output? A CALL on such
 * a capability runs with interrupts still off (kernel/ipc/ring.c). */
extern const bool cap_type_brief[CAP_TYPE_COUNT];
static inline bool cap_is_brief(enum cap_type type)
{
	return (unsigned)type < CAP_TYPE_COUNT && cap_type_brief[type];
}
/* Take another reference for a copy (cap_transfer's ops->ref). */
int cap_ref(void *ctx, uint32_t type, void *obj);
void cap_unref(void *ctx, uint32_t type, void *obj);
/* The UserSession that capability pointer `index` of c's params names: a
 * COPY descriptor of the call (nothing moves), looked up in the caller's
 * table. On success *out holds a new reference. ERR_BAD_TRANSFER (no such
 * descriptor, or not a well-formed copy), the lookup's errors, or
 * ERR_WRONG_INTERFACE (kernel/cap/user_session.c). */
struct session;
int user_session_arg(struct cap_call *c, uint32_t index, struct session **out);
/* Interface id of a kernel capability type (from the schema). */
uint64_t cap_type_interface(enum cap_type type);

#endif
