/* credstore: serves CredentialStore (schema/identity.capnp) on the raw
 * endpoint of its export "creds". A musl program with libsodium
 * (mk/svc.mk); needs the grants console, vm, thread, entropy and timer.
 *
 * Args (one per manifest arg; a bad one stops the service, code 2, so a
 * store never runs with half its accounts):
 *   seed=<user>:<profile>:<verifier>   a seed account (lib/ident/record.h;
 *                                      profile guest or operator)
 *   opslimit=<n>                       Argon2id passes, 1..16 (default 2)
 *   memlimit=<bytes>                   Argon2id memory, 8 KiB..128 MiB
 *                                      (default 64 MiB)
 * The defaults are libsodium's INTERACTIVE preset: one check takes about
 * 70 ms on the build host (Debian's libsodium) and 0.9 s under QEMU's
 * TCG, and maps 64 MiB while it runs (fine in a 256 MiB machine). Tests
 * pass small parameters.
 * The parameters apply to created accounts and to the dummy verifier an
 * unknown user is checked against; seeds carry their own (a seed whose
 * parameters differ is logged, as its timing differs from the dummy's).
 *
 * Methods: verify (credstore.h: one Argon2id check whatever the outcome),
 * create (a volatile account; CapException "user exists", "password:
 * longer than 256 bytes", ... when refused), count. The log names
 * accounts that are made, never a password, a verifier, or a name that
 * failed to verify (people type passwords into user name prompts). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "capos/identity.h"
#include "capos/ipc.h"
#include "lib/ring/sqe.h"
#include "user/credstore/credstore.h"
#include "user/rt/ipc.h"

#define DEFAULT_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE	/* 2 */
#define DEFAULT_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE	/* 64 MiB */
#define MAX_OPSLIMIT 16
#define MAX_MEMLIMIT (128u << 20)
/* The largest receive buffer the ring takes (a bigger call would fail
 * our RECV: the kernel leaves it queued). */
#define RECV_BYTES RING_RESULTS_MAX

struct service {
	struct credstore store;
	const char *why;	/* a refusal's reason for the CapException */
};

static struct service svc;

static uint64_t now_ns(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- the methods ------------------------------------------------------ */

static int cs_verify(void *self, CredentialStore_verify_Params_r p,
		     CredentialStore_verify_Results_b r)
{
	struct service *S = self;
	struct capn_text u = CredentialStore_verify_Params_get_user(p);
	struct capn_data pw = CredentialStore_verify_Params_get_password(p);
	const struct cred_record *who =
		credstore_verify(&S->store, u.str, u.len, pw.ptr, pw.len);
	CredentialStore_verify_Results_set_ok(r, who != 0);
	CredentialStore_verify_Results_set_principal(
		r, who ? who->principal : "", who ? strlen(who->principal) : 0);
	CredentialStore_verify_Results_set_profile(
		r, who ? who->profile : Profile_anonymous);
	return 0;
}

static int cs_create(void *self, CredentialStore_create_Params_r p,
		     CredentialStore_create_Results_b r)
{
	struct service *S = self;
	struct capn_text u = CredentialStore_create_Params_get_user(p);
	struct capn_data pw = CredentialStore_create_Params_get_password(p);
	Profile prof = CredentialStore_create_Params_get_profile(p);
	int err = credstore_create(&S->store, u.str, u.len, pw.ptr, pw.len,
				   prof, now_ns(), &S->why);
	if (!err)
		printf("credstore: created volatile account %s (%s)\n",
		       S->store.rec[S->store.n - 1].user,
		       cred_profile_name(prof));
	return err;
}

static int cs_count(void *self, CredentialStore_count_Params_r p,
		    CredentialStore_count_Results_b r)
{
	struct service *S = self;
	CredentialStore_count_Results_set_records(r, S->store.n);
	return 0;
}

static const struct CredentialStore_server server = {
	.verify = cs_verify, .create = cs_create, .count = cs_count,
};

/* One call: dispatch, RETURN results or a CapException, drop any
 * capability that rode along, wipe the password from the buffer. */
static void serve(cap_handle_t ep, struct rt_incoming *in, uint8_t *buf)
{
	static uint8_t out[512];
	struct capn_dispatch d;
	svc.why = 0;
	capn_dispatch_init(&d, in->hdr->method, in->params,
			   in->hdr->params_len, out, sizeof out);
	int r = CredentialStore_dispatch(&server, &svc, &d);
	if (r < 0)
		rt_return_exception(ep, in, svc.why ? svc.why
						    : capos_strerror(r));
	else
		rt_return(ep, in->hdr->call_id, out, (uint32_t)d.results_len,
			  0, 0, false);
	for (uint32_t i = 0; i < in->hdr->ncaps; i++)
		rt_release(in->caps[i].handle);
	sodium_memzero(buf, ipc_caps_offset(in->hdr->params_len));
	sodium_memzero(&d, sizeof d);
}

/* ---- start-up --------------------------------------------------------- */

static bool arg_value(const char *arg, const char *key, const char **val)
{
	size_t n = strlen(key);
	if (strncmp(arg, key, n) != 0 || arg[n] != '=')
		return false;
	*val = arg + n + 1;
	return true;
}

static bool parse_num(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
	uint64_t v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (hi - (uint64_t)(*s - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (v < lo)
		return false;
	*out = v;
	return true;
}

struct config {
	uint64_t opslimit, memlimit;
	struct cred_record seed[CREDSTORE_MAX];
	uint32_t nseeds;
};

/* Why the argument is refused, or NULL. */
static const char *parse_arg(struct config *c, const char *a)
{
	const char *v, *why = 0;
	if (arg_value(a, "opslimit", &v))
		return parse_num(v, crypto_pwhash_OPSLIMIT_MIN, MAX_OPSLIMIT,
				 &c->opslimit) ? 0 : "opslimit: not 1..16";
	if (arg_value(a, "memlimit", &v))
		return parse_num(v, crypto_pwhash_MEMLIMIT_MIN, MAX_MEMLIMIT,
				 &c->memlimit) ? 0
					       : "memlimit: not 8192..134217728";
	if (!arg_value(a, "seed", &v))
		return "unknown (seed=, opslimit=, memlimit=)";
	if (c->nseeds == CREDSTORE_MAX)
		return "seed: more than 32 accounts";
	if (cred_seed_parse(&c->seed[c->nseeds], v, strlen(v), &why))
		return why;
	c->nseeds++;
	return 0;
}

static int setup(struct config *c)
{
	*c = (struct config){ .opslimit = DEFAULT_OPSLIMIT,
			      .memlimit = DEFAULT_MEMLIMIT };
	for (int i = 0; i < rt_argc(); i++) {
		const char *a = rt_argv(i);
		const char *why = a ? parse_arg(c, a) : "unreadable";
		if (why) {
			printf("credstore: arg %d refused: %s\n", i, why);
			return ERR_INVALID;
		}
	}
	if (credstore_init(&svc.store, c->opslimit, c->memlimit)) {
		printf("credstore: Argon2id cannot run with memlimit %llu\n",
		       (unsigned long long)c->memlimit);
		return ERR_NO_MEMORY;
	}
	for (uint32_t i = 0; i < c->nseeds; i++) {
		struct cred_record *r = &c->seed[i];
		if (credstore_add(&svc.store, r)) {
			printf("credstore: seed %s given twice\n", r->user);
			return ERR_EXISTS;
		}
		if (credstore_params_differ(&svc.store, r))
			printf("credstore: seed %s: Argon2id parameters differ "
			       "from the store's (its timing differs from an "
			       "unknown user's)\n", r->user);
	}
	return 0;
}

int main(void)
{
	static uint8_t buf[RECV_BYTES] __attribute__((aligned(8)));
	static struct config cfg;
	setvbuf(stdout, 0, _IOLBF, 0);
	cap_handle_t ep = rt_cap_find("creds", Endpoint_IFACE_ID);
	if (ep == CAP_HANDLE_NONE) {
		printf("credstore: no endpoint \"creds\" to serve\n");
		return 2;
	}
	if (sodium_init() < 0) {
		printf("credstore: libsodium cannot start (entropy?)\n");
		return 2;
	}
	if (setup(&cfg))
		return 2;
	sodium_memzero(&cfg, sizeof cfg);
	printf("credstore: serving creds: %u accounts, Argon2id opslimit "
	       "%llu memlimit %zu KiB\n", svc.store.n, svc.store.opslimit,
	       svc.store.memlimit / 1024);
	for (;;) {
		struct rt_incoming in = rt_recv(ep, buf, sizeof buf);
		if (in.status < 0) {
			printf("credstore: receive failed: %s\n",
			       capos_strerror(in.status));
			return 1;
		}
		serve(ep, &in, buf);
	}
}
