/* Sessions (schema/identity.capnp): who a process acts for, without the
 * kernel or any server learning a name from it.
 *
 * Every process belongs to exactly one session, fixed when it is created
 * (kernel/proc/process.c): init and everything it starts are in the boot
 * session (profile system), which never ends; a launcher holding a
 * UserSession capability starts processes in that session instead
 * (ProcessSpawner.spawn's `session`). SessionAuthority creates sessions
 * and ends them; an optional lifetime ends one by itself.
 *
 * Ending is one-way: live goes false (the epoch stays), every
 * UserSession.waitEnd completes, and from then on every CALL or RECV its
 * processes submit, and every CALL on a sameSession capability bound to
 * it, fails with ERR_REVOKED before any work is done (kernel/ipc/ring.c).
 *
 * What servers see is session_ref(): per (endpoint, session) an opaque
 * 128-bit value (lib/ident/session_ref.h) plus the epoch and the live
 * flag, written into each delivered call's header (lib/ring/ipc.h).
 *
 * Lifetime: refs counts the processes in the session, the UserSession
 * capabilities naming it, its pending waitEnd calls and its armed expiry
 * timer; the last put frees it. The boot session is static.
 *
 * Locks: session.lock protects the waiters list and the end itself. It is
 * taken inside a thread's ring_lock (a waitEnd's cancel) and takes no
 * other lock: waiters are unlinked under it and completed, and the expiry
 * timer cancelled, after it is dropped. live is written under it and read
 * without it (docs/architecture.md has the whole order). */
#ifndef CAPOS_PROC_SESSION_H
#define CAPOS_PROC_SESSION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "capos/err.h"
#include "kernel/core/spinlock.h"
#include "kernel/time/timer.h"
#include "lib/ident/session_ref.h"

#define SESSION_PRINCIPAL_MAX 63u	/* UserSession.maxPrincipal */

struct ring_pending;

struct session {
	int refs;			/* atomic */
	uint64_t serial;		/* for the log; ids never leave */
	uint8_t id[SESSION_ID_BYTES];	/* random, per session */
	uint8_t profile;		/* schema Profile */
	uint8_t principal_len;
	char principal[SESSION_PRINCIPAL_MAX + 1];
	uint32_t epoch;
	uint64_t expires_ns;		/* monotonic deadline, 0 = none */
	struct ktimer expiry;		/* armed while expires_ns and live */
	bool live;			/* atomic reads */
	struct spinlock lock;		/* protects: waiters, ending */
	struct ring_pending *waiters;	/* waitEnd calls (one op ref each) */
};

/* Boot: the per-boot key and the boot session. Before any process. */
void session_init(void);
/* The boot session (profile system, never ends); no reference taken. */
struct session *session_boot(void);
/* A new live session with one reference (the caller's). The caller has
 * validated profile (not system), principal (at most 63 printable bytes)
 * and lifetime_ns (0: none). ERR_NO_MEMORY. */
err_t session_create(unsigned profile, const char *principal, size_t len,
		     uint64_t lifetime_ns, struct session **out);
void session_get(struct session *s);
void session_put(struct session *s);
/* Inline: every CALL and RECV asks. */
static inline bool session_live(const struct session *s)
{
	return __atomic_load_n(&s->live, __ATOMIC_ACQUIRE);
}
bool session_is_system(const struct session *s);
/* End s now (idempotent): live = false, waiters completed, expiry
 * disarmed. Context: any, interrupts included; no lock held. */
void session_end(struct session *s);

/* waitEnd: queue op (target = s) unless s has ended (then false).
 * The queued op holds a reference to s until it is completed or
 * cancelled; it completes with status op->result_len (its results are in
 * the caller's buffer already: kernel/cap/user_session.c).
 * session_wait_cancel is its cancel (ring_lock held). */
bool session_wait_add(struct session *s, struct ring_pending *op);
void session_wait_cancel(struct ring_pending *op);

/* A new service-scope id: never 0, never reused in this boot. */
uint64_t session_scope_id_new(void);
/* What a server on scope_id sees for a caller of s. */
void session_ref(const struct session *s, uint64_t scope_id, uint64_t ref[2]);

#endif
