/* UserSession: names one session (kernel/proc/session.c) and holds a
 * reference to it. info() works after the end, so a holder can tell why
 * its calls fail; waitEnd() is a pending operation of the calling thread,
 * queued on the session until it ends, cancelled by the ring's CANCEL and
 * by the thread's exit like a timer sleep.
 *
 * Holding one is what lets a launcher start processes in that session:
 * ProcessSpawner.spawn takes it as its `session` capability pointer, read
 * through user_session_arg like SessionAuthority.end's. */
#include "capos/identity.h"
#include "kernel/cap/cap_util.h"
#include "kernel/ipc/ring.h"
#include "kernel/mm/aspace.h"
#include "kernel/proc/process.h"
#include "kernel/proc/session.h"
#include "lib/ring/sqe.h"

int user_session_arg(struct cap_call *c, uint32_t index, struct session **out)
{
	/* Does the pointer name a descriptor of this call, and a copy? */
	if (index >= c->nxfer)
		return ERR_BAD_TRANSFER;
	const struct ring_xfer *x = &c->xfer[index];
	int err = ring_xfer_check(x);
	if (err)
		return err;
	if (x->mode != RING_XFER_COPY)
		return ERR_BAD_TRANSFER;
	/* Is the capability it names a UserSession? */
	struct process *p = c->t->proc;
	const struct cap_slot *s;
	spin_lock(&p->lock);
	err = captable_lookup(&p->caps, x->cap, &s);
	if (!err && s->type != CAP_USER_SESSION)
		err = ERR_WRONG_INTERFACE;
	if (!err) {
		*out = s->obj;
		session_get(*out);
	}
	spin_unlock(&p->lock);
	return err;
}

static struct session *us_self(void *self)
{
	return ((struct cap_call *)self)->slot->obj;
}

static int us_info(void *self, UserSession_info_Params_r p,
		   UserSession_info_Results_b r)
{
	const struct session *s = us_self(self);
	UserSession_info_Results_set_profile(r, (Profile)s->profile);
	UserSession_info_Results_set_live(r, session_live(s));
	UserSession_info_Results_set_expiresNs(r, s->expires_ns);
	return UserSession_info_Results_set_principal(r, s->principal,
						      s->principal_len);
}

/* waitEnd's results (an empty struct) go into the caller's buffer now,
 * so the end, which may come from a timer interrupt, only posts their
 * length (session.h). */
static int us_wait_results(struct cap_call *c, uint32_t *len)
{
	uint8_t msg[32];
	struct capn_builder b;
	capn_build_init(&b, msg, sizeof(msg));
	(void)capn_b_root(&b, UserSession_waitEnd_Results_DATA_WORDS,
			  UserSession_waitEnd_Results_PTR_COUNT);
	size_t n = capn_build_finish(&b);
	if (!n)
		return ERR_INTERNAL;
	if (n > c->result_len)
		return ERR_BUFFER_TOO_SMALL;
	*len = (uint32_t)n;
	return ring_copy_out(c->t, c->result_addr, msg, n);
}

static int us_wait_end(void *self, UserSession_waitEnd_Params_r p,
		       UserSession_waitEnd_Results_b r)
{
	struct cap_call *c = self;
	struct session *s = us_self(self);
	uint32_t len;
	if (!session_live(s))
		return 0;
	int err = us_wait_results(c, &len);
	if (err)
		return err;
	struct ring_pending *op = ring_pending_new(c->t, c->user_data,
						   LEDGER_ITEMS, &err);
	if (!op)
		return err;
	op->cancel = session_wait_cancel;
	op->target = s;
	op->result_addr = c->result_addr;
	op->result_len = len;	/* the completion's status */
	op->refs = 2;		/* the pending list + the session's waiters */
	ring_pending_add(op);
	if (session_wait_add(s, op))
		return CAP_PENDING;
	/* it ended meanwhile: complete now, through the SQE's own slot */
	if (ring_pending_withdraw(op))
		ring_pending_put(op);
	ring_pending_put(op);
	return 0;
}

static const struct UserSession_server us_server = {
	.info = us_info,
	.waitEnd = us_wait_end,
};

int user_session_invoke(struct cap_call *c)
{
	return CAP_DISPATCH(UserSession, &us_server, c);
}
