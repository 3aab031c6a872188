/* logintest: the client of system/test-login.capnp (see main.c). The
 * shared parts: the capabilities it was given, the calls it makes as a
 * shell would (calls.c), the scenario steps (steps.c) and the impostor
 * session (spoof.c). */
#ifndef CAPOS_LOGINTEST_H
#define CAPOS_LOGINTEST_H
#include <string.h>
#include "capos/exception.h"
#include "capos/identity.h"
#include "capos/ipc.h"
#include "capos/memory.h"
#include "capos/process.h"
#include "capos/time.h"
#include "lib/fmt/fmt.h"
#include "lib/ident/audit_ring.h"
#include "user/rt/evloop.h"
#include "user/rt/rt.h"
#include "user/rt/spawn.h"
#include "user/tests/ident_client.h"
#include "user/tests/tcheck.h"

#define PW_ALICE "wonderland"
#define PW_WRONG "wonderlant"
#define PW_BOB "looking-glass"
#define MS 1000000ull

extern cap_handle_t sessions, setup, brokercap, frames, timer, endpoints,
	spawner, auditlog;
extern char motd_arg[256];

struct outcome {
	int32_t st;		/* the call's status */
	bool denied;
	cap_handle_t session;
	uint32_t delay_ms;
	char msg[128];		/* Denial message, or CapException's */
};

struct event {
	char event[16], result[16], reason[32], detail[160];
	uint32_t delay_ms;
	uint64_t seq, time_ns;
};

/* calls.c */
extern bool spoofing;	/* step_spoof: the impostor is being served */
extern struct event events[AUDIT_READ_MAX];
/* rt_call_xfer; while step_spoof serves its impostor, through the loop
 * that serves it (see spoof_call). */
int32_t call_x(cap_handle_t cap, struct capn_call *c,
	       const struct ring_xfer *x, uint32_t n, struct ring_cqe *cqe);
cap_handle_t anonymous(void);
struct outcome login(const char *user, const char *pw, bool create);
struct outcome guest(void);
int32_t logout(cap_handle_t s);
int32_t session_info(cap_handle_t s, Profile *profile, char *principal,
		     size_t cap, bool *live);
int32_t bundle(cap_handle_t s, struct bundle_view *v, char *why,
	       size_t whylen);
int32_t list(cap_handle_t l, char *buf, size_t cap);
int32_t launch(cap_handle_t l, const char *bin, const struct grant *g,
	       uint32_t n, cap_handle_t session, cap_handle_t *job,
	       char *why, size_t whylen);
int32_t job_wait(cap_handle_t job, int64_t *code);
int32_t audit_read_from(cap_handle_t reader, uint64_t from, uint32_t *n,
			uint64_t *next);
int32_t audit_read(cap_handle_t reader, uint32_t *n);
const struct event *audit_find(uint32_t n, uint32_t *at, const char *ev,
			       const char *result, const char *reason);

/* steps.c: the scenario, in order, and what the steps share. */
extern struct bundle_view anon_v, op_v;
extern cap_handle_t s_anon, s_op;
void step_anonymous(void);
void step_failures(void);
void step_login(void);
void step_launch(void);
void step_audit(void);
void step_guest(void);
void step_setup(void);
void step_logout(void);
void step_recycle(void);

/* spoof.c: an impostor UserSession of our own making. */
int32_t spoof_call(cap_handle_t cap, struct capn_call *c,
		   const struct ring_xfer *x, uint32_t n,
		   struct ring_cqe *cqe);
void step_spoof(void);

#endif
