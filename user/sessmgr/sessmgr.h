/* sessmgr: the SessionManager (export "sessions") and LocalSetup (export
 * "setup"). The only holder of SessionAuthority (the kernel's session
 * maker): every UserSession outside the boot session comes from here.
 *
 * Authentication goes through CredentialStore.verify, which answers an
 * unknown user and a wrong password the same way; sessmgr keeps it so:
 * both give the one generic Denial and the same growing delay
 * (lib/ident/delay.h), and an attempt during the delay is refused before
 * anything is checked. Every decision is appended to the AuditLog with a
 * stable reason code. A denial's audit record carries no user name at
 * all, not even the one attempted: people type passwords into the user
 * prompt, and the audit log is readable from every operator bundle.
 *
 * Args: `guest=yes` allows guest(); `operatorLifetimeMs=N` gives operator
 * sessions an expiry (default none).
 *
 * One thread, one event loop. Calls out (verify, create, append) are
 * synchronous inside a handler, so logins are served one at a time, in
 * order; that is also what makes the single delay counter exact. */
#ifndef CAPOS_SESSMGR_H
#define CAPOS_SESSMGR_H
#include "capos/identity.h"
#include "lib/ident/delay.h"
#include "lib/ring/sqe.h"
#include "user/rt/evloop.h"

/* The largest receive buffer the ring takes: a call too big for it
 * fails our RECV, which ends the loop's source for good. */
#define SESSMGR_IN_BYTES RING_RESULTS_MAX
#define SESSMGR_WHY 160

struct sessmgr {
	cap_handle_t authority;	/* SessionAuthority */
	cap_handle_t creds;	/* CredentialStore */
	cap_handle_t audit;	/* AuditLog */
	cap_handle_t timer;
	cap_handle_t sessions_ep, setup_ep;
	struct rt_loop loop;
	struct login_delay delay;
	struct login_delay_policy policy;
	bool guest_ok;
	uint64_t operator_lifetime_ms;
};

/* One call being served. */
struct sm_call {
	struct sessmgr *S;
	const struct rt_incoming *in;
	cap_handle_t out;	/* a UserSession to move to the caller */
	char why[SESSMGR_WHY];	/* the CapException's text on failure */
};

/* serve.c: SessionManager and LocalSetup handlers. */
void sm_on_sessions(struct rt_loop *l, void *ctx, const struct rt_incoming *in);
void sm_on_setup(struct rt_loop *l, void *ctx, const struct rt_incoming *in);

/* calls.c: the services sessmgr uses. */
int sm_session_create(struct sessmgr *S, Profile profile, const char *principal,
		      uint64_t lifetime_ms, cap_handle_t *out);
int sm_session_end(struct sessmgr *S, cap_handle_t session);
int sm_session_info(cap_handle_t session, Profile *profile, char *principal,
		    size_t cap);
/* 1: good, 0: bad credentials, < 0: the store failed. */
int sm_verify(struct sessmgr *S, struct capn_text user, struct capn_data pw,
	      char *principal, size_t cap, Profile *profile);
/* 0, or the store's refusal with its message in why. */
int sm_store_create(struct sessmgr *S, struct capn_text user,
		    struct capn_data pw, char *why, size_t whylen);
void sm_audit(struct sessmgr *S, const char *event, const char *result,
	      const char *reason, uint32_t delay_ms, const char *detail);
/* The text of a failed call: its CapException's message (sanitized) or
 * the error's name. */
const char *sm_call_error(const struct capn_call *c, int32_t st, char *buf,
			  size_t cap);
/* Zero memory that held a password, where the compiler cannot drop it. */
void sm_wipe(void *p, size_t n);

#endif
