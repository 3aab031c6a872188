/* The proof accelerator and fast-forward. Fast-forward is not for normal
 * authority: the caller must pass, as `proof`, a capability to this
 * server's own "accelerator" export. A capability cannot be recognised by
 * looking at it (its interface id is whatever its holder typed it as), so
 * the server asks it: it calls prove(challenge) on it with 32 fresh random
 * bytes, asynchronously, since the answer comes from this same loop's
 * accelerator endpoint, and runs the ticks only when the reply is the
 * HMAC-SHA256 of the challenge under the secret drawn at start. Anything
 * else (a Timer, another service, an endpoint the user made) cannot
 * answer and is refused. A proof that does not answer in PROOF_WAIT_NS is
 * refused too (its slot stays taken until the call completes); at most
 * PROOFS_MAX are checked at once. */
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include "user/paperclips-server/server.h"
#include "user/rt/ipc.h"

#define PROOFS_MAX 8
#define WAITS_MAX 16
#define PROOF_WAIT_NS 5000000000ull
#define CHALLENGE_BYTES 32
#define PARAMS_MAX 256

struct proof {
	bool busy;		/* until the prove call completes */
	bool answered;
	uint32_t gen;		/* which use of the slot a timer is for */
	struct player *p;
	cap_handle_t cap;
	struct ipc_msg_header hdr;	/* the fastForward call, kept */
	uint8_t params[PARAMS_MAX] __attribute__((aligned(8)));
	uint8_t challenge[CHALLENGE_BYTES];
	struct capn_call c;
	uint8_t call_params[128] __attribute__((aligned(8)));
	uint8_t call_results[512] __attribute__((aligned(8)));
};

/* A timer that refuses a proof still unanswered; it never holds the
 * slot, so a proof answered at once frees it at once. */
struct proof_wait {
	struct proof *x;	/* NULL: free */
	uint32_t gen;
};

static struct proof proofs[PROOFS_MAX];
static struct proof_wait waits[WAITS_MAX];

static const char no_accel[] = "fast-forward needs the proof accelerator";
static const char forged[] = "the capability given as the proof accelerator "
			     "is not this server's accelerator (forged "
			     "grant)";

/* Answer the fastForward call with the proof's verdict. */
static void proof_answer(const struct rt_incoming *in, struct player *p,
			 int verdict, const char *why)
{
	static uint8_t out[2048];
	struct game_call gc = { .p = p, .proof = verdict, .why = why };
	RT_SERVE(PaperclipsGame, &game_server, &gc, srv.game_ep, in, out,
		 sizeof out);
}

static void proof_finish(struct proof *x, int verdict, const char *why)
{
	if (x->answered)
		return;
	x->answered = true;
	struct rt_incoming in = { .hdr = &x->hdr, .params = x->params };
	proof_answer(&in, x->p, verdict, why);
}

static bool proof_mac_ok(struct proof *x, int32_t st)
{
	struct capn_msg m;
	PaperclipsAccelerator_prove_Results_r r;
	uint8_t want[crypto_auth_hmacsha256_BYTES];
	if (PaperclipsAccelerator_prove_results(&m, &x->c, st, &r))
		return false;
	struct capn_data mac = PaperclipsAccelerator_prove_Results_get_mac(r);
	crypto_auth_hmacsha256(want, x->challenge, sizeof x->challenge,
			       srv.secret);
	return mac.len == sizeof want && !crypto_verify_32(mac.ptr, want);
}

/* A forged accelerator may send capabilities along with its answer: we
 * keep none of them (a table filled that way would stop the server). */
static void proof_drop_caps(const struct proof *x, const struct ring_cqe *cqe)
{
	if (!(cqe->flags & RING_CQE_CAPS))
		return;
	const struct ring_cap_record *r =
		(const void *)((const uint8_t *)x->c.results + cqe->aux1);
	for (uint64_t i = 0; i < cqe->aux0 && cqe->aux1 + (i + 1) *
	     sizeof(struct ring_cap_record) <= x->c.results_cap; i++)
		rt_release(r[i].handle);
}

static void proof_done(struct rt_loop *l, void *ctx, const struct ring_cqe *cqe)
{
	struct proof *x = ctx;
	proof_drop_caps(x, cqe);
	bool ok = proof_mac_ok(x, cqe->result);
	proof_finish(x, ok ? 1 : 0, forged);
	rt_release(x->cap);
	x->cap = CAP_HANDLE_NONE;
	x->busy = false;
}

static void proof_timeout(struct rt_loop *l, void *ctx)
{
	struct proof_wait *w = ctx;
	if (w->x->busy && w->x->gen == w->gen)
		proof_finish(w->x, 0, "the proof accelerator did not answer "
			     "in time");
	w->x = 0;
}

/* Refuse x if it is still unanswered in PROOF_WAIT_NS (if a timer is
 * free: otherwise it waits for its call, still bounded by PROOFS_MAX). */
static void proof_wait(struct proof *x)
{
	for (unsigned i = 0; i < WAITS_MAX; i++)
		if (!waits[i].x) {
			waits[i] = (struct proof_wait){ x, x->gen };
			if (rt_loop_after(&srv.loop, PROOF_WAIT_NS,
					  proof_timeout, &waits[i]))
				waits[i].x = 0;
			return;
		}
}

static struct proof *proof_slot(void)
{
	for (unsigned i = 0; i < PROOFS_MAX; i++)
		if (!proofs[i].busy)
			return &proofs[i];
	return 0;
}

/* Keep the call and send the challenge (or answer now: busy). */
static void proof_send(struct proof *x, const struct rt_incoming *in,
		       cap_handle_t cap, struct player *p)
{
	*x = (struct proof){ .p = p, .cap = cap, .hdr = *in->hdr,
			     .gen = x->gen + 1 };
	memcpy(x->params, in->params, in->hdr->params_len);
	randombytes_buf(x->challenge, sizeof x->challenge);
	PaperclipsAccelerator_prove_prepare(&x->c, x->call_params,
					    sizeof x->call_params,
					    x->challenge, sizeof x->challenge);
	capn_call_set_results(&x->c, x->call_results, sizeof x->call_results);
	if (rt_loop_call(&srv.loop, cap, &x->c, 0, 0, proof_done, x)) {
		x->cap = CAP_HANDLE_NONE;
		rt_release(cap);
		proof_answer(in, p, -1, "the server is busy; try again");
		return;
	}
	x->busy = true;
	proof_wait(x);
}

/* Decode fastForward's parameters; *cap: the proof (others released). */
static int proof_decode(const struct rt_incoming *in, cap_handle_t *cap)
{
	struct capn_dispatch d;
	struct capn_struct_r root;
	capn_dispatch_init(&d, in->hdr->method, in->params,
			   in->hdr->params_len, 0, 0);
	int e = in->hdr->params_len > PARAMS_MAX ? ERR_TOO_LARGE
		: capn_dispatch_params(&d, &root);
	PaperclipsGame_fastForward_Params_r q = { root };
	if (!e)
		e = PaperclipsGame_fastForward_Params_validate(q);
	uint32_t k = e ? UINT32_MAX
		       : PaperclipsGame_fastForward_Params_get_proof(q);
	*cap = k < in->hdr->ncaps ? in->caps[k].handle : CAP_HANDLE_NONE;
	for (uint32_t i = 0; i < in->hdr->ncaps; i++)
		if (i != k)
			rt_release(in->caps[i].handle);
	return e;
}

void proof_start(const struct rt_incoming *in, struct player *p)
{
	cap_handle_t cap;
	int e = proof_decode(in, &cap);
	struct proof *x = proof_slot();
	if (e) {
		rt_return_exception(srv.game_ep, in, capos_strerror(e));
		return;
	}
	if (cap == CAP_HANDLE_NONE) {
		proof_answer(in, p, 0, no_accel);
		return;
	}
	if (!x) {
		rt_release(cap);
		proof_answer(in, p, -1, "too many proofs are being checked; "
			     "try again");
		return;
	}
	proof_send(x, in, cap, p);
}

/* ---- the accelerator endpoint ----------------------------------------- */

static int accel_prove(void *self, PaperclipsAccelerator_prove_Params_r p,
		       PaperclipsAccelerator_prove_Results_b r)
{
	uint8_t mac[crypto_auth_hmacsha256_BYTES];
	struct capn_data ch = PaperclipsAccelerator_prove_Params_get_challenge(p);
	if (ch.len == 0 || ch.len > 64)
		return ERR_INVALID;
	crypto_auth_hmacsha256(mac, ch.ptr, ch.len, srv.secret);
	return PaperclipsAccelerator_prove_Results_set_mac(r, mac, sizeof mac);
}

static const struct PaperclipsAccelerator_server accel_server = {
	.prove = accel_prove,
};

void proof_on_accel(struct rt_loop *l, void *ctx, const struct rt_incoming *in)
{
	static uint8_t out[256];
	if (in->status < 0) {
		printf("paperclips-server: receive on accelerator failed: %s\n",
		       capos_strerror(in->status));
		return;
	}
	RT_SERVE(PaperclipsAccelerator, &accel_server, 0, srv.accel_ep, in,
		 out, sizeof out);
	game_drop_caps(in);
}
