/* Client helpers shared by the identity test programs (logintest,
 * expirytest): an anonymous session, the broker's bundle, the launcher
 * and its jobs, SystemInfo, failure text. Header-only because each test
 * program links on its own. */
#ifndef CAPOS_TESTS_IDENT_CLIENT_H
#define CAPOS_TESTS_IDENT_CLIENT_H
#include <string.h>
#include "capos/identity.h"
#include "lib/fmt/fmt.h"
#include "user/rt/rt.h"

#define MAX_CAPS 4

struct bundle_view {
	uint32_t n;
	char name[MAX_CAPS][32];
	cap_handle_t cap[MAX_CAPS];
};

static inline bool contains(const char *s, const char *word)
{
	size_t n = strlen(word);
	for (; *s; s++)
		if (!strncmp(s, word, n))
			return true;
	return false;
}

/* What a failed call says, into buf. */
static inline void exception_text(const struct capn_call *c, int32_t st,
				  char *buf, size_t cap)
{
	const char *m = rt_call_error(c, st, buf, cap);
	if (m != buf)
		fmt_snprintf(buf, cap, "%s", m);
}

/* Result capability i whatever its interface (bundles carry facets). */
static inline cap_handle_t result_cap(const struct capn_call *c,
				      const struct ring_cqe *cqe, uint32_t i)
{
	if (!(cqe->flags & RING_CQE_CAPS) || i >= cqe->aux0 ||
	    cqe->aux1 + (i + 1) * sizeof(struct ring_cap_record) > c->results_cap)
		return CAP_HANDLE_NONE;
	const struct ring_cap_record *r =
		(const void *)((const uint8_t *)c->results + cqe->aux1);
	return r[i].handle;
}

static inline cap_handle_t bundle_cap(const struct bundle_view *v,
				      const char *name)
{
	for (uint32_t i = 0; i < v->n; i++)
		if (!strcmp(v->name[i], name))
			return v->cap[i];
	return CAP_HANDLE_NONE;
}

static inline const char *bundle_names(const struct bundle_view *v, char *buf,
				       size_t cap)
{
	struct fmt_buf fb = fmt_buf_init(buf, cap);
	for (uint32_t i = 0; i < v->n; i++)
		fmt_appendf(&fb, "%s%s", i ? "," : "", v->name[i]);
	return fmt_buf_str(&fb);
}

/* How a test program makes its calls: rt_call_xfer, or logintest's
 * version that serves its impostor meanwhile. */
typedef int32_t (*ident_call_fn)(cap_handle_t cap, struct capn_call *c,
				 const struct ring_xfer *x, uint32_t n,
				 struct ring_cqe *cqe);

/* SessionManager.anonymous: a fresh anonymous session, or NONE. */
static inline cap_handle_t ident_anonymous(cap_handle_t sessions)
{
	uint8_t p[64], r[128];
	struct capn_call c;
	struct ring_cqe cqe;
	SessionManager_anonymous_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call_xfer(sessions, &c, 0, 0, &cqe);
	return st < 0 ? CAP_HANDLE_NONE
		      : rt_result_cap(&c, &cqe, 0, UserSession_IFACE_ID);
}

/* AuthorityBroker.bundle for session s (copied to the broker): the named
 * capabilities into *v, or a failure's text into why. */
static inline int32_t ident_bundle(ident_call_fn call, cap_handle_t broker,
				   cap_handle_t s, struct bundle_view *v,
				   char *why, size_t whylen)
{
	uint8_t p[64], r[1024];
	struct capn_call c;
	struct ring_cqe cqe;
	struct capn_msg m;
	AuthorityBroker_bundle_Results_r res;
	struct ring_xfer x = { .cap = s, .mode = RING_XFER_COPY };
	*v = (struct bundle_view){ 0 };
	AuthorityBroker_bundle_prepare(&c, p, sizeof p, 0);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = call(broker, &c, &x, 1, &cqe);
	if (st < 0)
		exception_text(&c, st, why, whylen);
	if (AuthorityBroker_bundle_results(&m, &c, st, &res))
		return st < 0 ? st : ERR_INTERNAL;
	NamedCap_list_r l = AuthorityBroker_bundle_Results_get_caps(res);
	for (uint32_t i = 0; i < NamedCap_list_len(l) && i < MAX_CAPS; i++) {
		NamedCap_r nc = NamedCap_list_get(l, i);
		struct capn_text t = NamedCap_get_name(nc);
		fmt_snprintf(v->name[i], sizeof v->name[i], "%.*s", (int)t.len,
			     t.str);
		v->cap[i] = result_cap(&c, &cqe, NamedCap_get_cap(nc));
		v->n++;
	}
	return 0;
}

/* A grant for Launcher.launch. */
struct grant {
	const char *name;
	cap_handle_t cap;
	uint64_t iface;
};

/* Launcher.launch of `bin` with n grants (at most 3) and, unless NONE, a
 * session to run it in: *job on success, the refusal's text in why. */
static inline int32_t ident_launch(ident_call_fn call, cap_handle_t l,
				   const char *bin, const struct grant *g,
				   uint32_t n, cap_handle_t session,
				   cap_handle_t *job, char *why, size_t whylen)
{
	static uint8_t p[2048], r[512];
	struct ring_xfer x[4];
	struct capn_call c;
	struct capn_builder b;
	struct ring_cqe cqe;
	*job = CAP_HANDLE_NONE;
	n = n > 3 ? 3 : n;	/* x[] holds them and the session */
	Launcher_launch_Params_b q = Launcher_launch_begin(&c, &b, p, sizeof p);
	Launcher_launch_Params_set_binary(q, bin, strlen(bin));
	CapGrant_list_b gl = Launcher_launch_Params_init_grants(q, n);
	for (uint32_t i = 0; i < n; i++) {
		CapGrant_b e = CapGrant_list_at(gl, i);
		CapGrant_set_name(e, g[i].name, strlen(g[i].name));
		CapGrant_set_cap(e, i);
		CapGrant_set_interfaceId(e, g[i].iface);
		CapGrant_set_mode(e, TransferMode_copy);
		x[i] = (struct ring_xfer){ .cap = g[i].cap, .mode = RING_XFER_COPY };
	}
	if (session != CAP_HANDLE_NONE) {
		Launcher_launch_Params_set_session(q, n);
		x[n++] = (struct ring_xfer){ .cap = session,
					     .mode = RING_XFER_COPY };
	}
	capn_call_seal(&c, &b);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = call(l, &c, x, n, &cqe);
	if (st < 0)
		exception_text(&c, st, why, whylen);
	else
		*job = result_cap(&c, &cqe, 0);
	return st;
}

/* Job.wait: the exit code, or -1000 for any other end. */
static inline int32_t ident_job_wait(cap_handle_t job, int64_t *code)
{
	uint8_t p[64], r[256];
	struct capn_call c;
	struct capn_msg m;
	Job_wait_Results_r res;
	*code = -1000;
	Job_wait_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call(job, &c);
	if (Job_wait_results(&m, &c, st, &res))
		return st < 0 ? st : ERR_INTERNAL;
	ExitStatus_r s = Job_wait_Results_get_status(res);
	*code = ExitStatus_which(s) == ExitStatus_which_exited
			? ExitStatus_get_exited(s) : -1000;
	return 0;
}

static inline int32_t motd(cap_handle_t si, char *buf, size_t cap)
{
	uint8_t p[64], r[2048 + 128];
	struct capn_call c;
	struct capn_msg m;
	SystemInfo_motd_Results_r res;
	SystemInfo_motd_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call(si, &c);
	buf[0] = '\0';
	if (SystemInfo_motd_results(&m, &c, st, &res))
		return st < 0 ? st : ERR_INTERNAL;
	struct capn_text t = SystemInfo_motd_Results_get_text(res);
	fmt_snprintf(buf, cap, "%.*s", (int)t.len, t.str);
	return 0;
}

#endif
