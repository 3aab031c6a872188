/* Starting services in dependency order, watching them, and applying
 * their restart policies. Each start, exit, failure and restart decision
 * is logged (init's Console is the kernel log); the next backoff delay is
 * logged before it is waited out. */
#include <string.h>
#include "lib/fmt/fmt.h"
#include "user/init/init.h"

#define INIT_MOTD_ARG "${motd}"

static void svc_start(struct init *I, struct init_service *s);

static Service_r svc_manifest(struct init *I, const struct init_service *s)
{
	return Service_list_get(SystemManifest_get_services(I->root), s->index);
}

static void svc_limits(Service_r m, struct rt_limits *l)
{
	ProcessLimits_r pl = Service_get_limits(m);
	*l = (struct rt_limits){
		ProcessLimits_get_capSlots(pl), ProcessLimits_get_pages(pl),
		ProcessLimits_get_threads(pl),
		ProcessLimits_get_callsInFlight(pl), ProcessLimits_get_timers(pl),
	};
}

/* Append t to text at *at (NUL-terminated); false if it does not fit. */
static bool svc_arg_put(char *text, size_t cap, size_t *at, const char *s,
			size_t n)
{
	if (*at + n + 1 > cap)
		return false;
	memcpy(text + *at, s, n);
	*at += n;
	text[*at] = '\0';
	return true;
}

/* One arg with its first ${motd} replaced by the manifest's MOTD. */
static bool svc_arg(struct capn_text t, struct capn_text motd, char *text,
		    size_t cap, size_t *at)
{
	const char *m = 0;
	size_t k = sizeof(INIT_MOTD_ARG) - 1;
	for (uint32_t i = 0; !m && t.len >= k && i <= t.len - k; i++)
		if (!memcmp(t.str + i, INIT_MOTD_ARG, k))
			m = t.str + i;
	if (!m)
		return svc_arg_put(text, cap, at, t.str, t.len);
	size_t pre = (size_t)(m - t.str);
	return svc_arg_put(text, cap, at, t.str, pre) &&
	       svc_arg_put(text, cap, at, motd.str, motd.len) &&
	       svc_arg_put(text, cap, at, m + k, t.len - pre - k);
}

static uint32_t svc_args(struct init *I, Service_r m, const char **argv)
{
	static char text[4096];
	size_t at = 0;
	struct capn_list_r al = Service_get_args(m);
	struct capn_text motd = KernelParams_get_motd(
		SystemManifest_get_kernel(I->root));
	uint32_t n = capn_list_len(&al), i;
	for (i = 0; i < n && i < SystemManifest_maxGrants; i++) {
		argv[i] = text + at;
		if (!svc_arg(capn_list_text(&al, i), motd, text, sizeof text,
			     &at))
			break;
		at++;
	}
	return i;
}

static void svc_exited(struct rt_loop *l, void *ctx, const struct ring_cqe *cqe);

static void svc_watch(struct init *I, struct init_service *s)
{
	struct capn_call *c = &s->wait_call;
	ProcessHandle_wait_prepare(c, s->wait_params, sizeof s->wait_params);
	capn_call_set_results(c, s->wait_results, sizeof s->wait_results);
	if (rt_loop_call(&I->loop, s->proc, c, 0, 0, svc_exited, s))
		rt_printf("cannot watch %s: too many operations\n",
			  s->name);
}

static void svc_release_exports(struct init_service *s)
{
	for (uint32_t i = 0; i < s->nexports; i++)
		if (s->exports[i] != CAP_HANDLE_NONE)
			rt_release(s->exports[i]);
	s->nexports = 0;
}

static int svc_spawn(struct init *I, struct init_service *s, char *why,
		     size_t whylen)
{
	static struct init_grants g;
	static const char *argv[SystemManifest_maxGrants];
	Service_r m = svc_manifest(I, s);
	int err = init_grants_build(I, m, &g, why, whylen);
	if (err)
		return err;
	char binary[INIT_NAME];
	init_text(binary, sizeof binary, Service_get_binary(m));
	struct rt_limits lim;
	svc_limits(m, &lim);
	const struct rt_spawn_req q = { s->name, binary, g.g, g.n, &lim, argv,
					svc_args(I, m, argv), CAP_HANDLE_NONE };
	err = rt_spawn_req(I->spawner, &q, &s->proc, s->exports, g.exports);
	if (err) {
		init_grants_drop(&g);
		fmt_snprintf(why, whylen, "%s", capos_strerror(err));
		return err;
	}
	s->nexports = g.exports;
	return 0;
}

static void svc_failed(struct init *I, struct init_service *s, bool failure);

static void svc_start(struct init *I, struct init_service *s)
{
	char why[160] = "";
	s->proc = CAP_HANDLE_NONE;
	if (svc_spawn(I, s, why, sizeof why)) {
		rt_printf("cannot start %s: %s\n", s->name, why);
		svc_failed(I, s, true);
		return;
	}
	rt_printf("started %s\n", s->name);
	svc_watch(I, s);
}

static void svc_restart_due(struct rt_loop *l, void *ctx)
{
	struct init_service *s = ctx;
	struct init *I = (struct init *)((char *)l - offsetof(struct init, loop));
	s->restarts++;
	svc_start(I, s);
}

/* Whether and when to start it again; every decision is logged. */
static void svc_failed(struct init *I, struct init_service *s, bool failure)
{
	RestartPolicy_r p = Service_get_restart(svc_manifest(I, s));
	unsigned which = RestartPolicy_which(p);
	if (which == RestartPolicy_which_never ||
	    (which == RestartPolicy_which_onFailure && !failure)) {
		rt_printf("%s will not be restarted (policy %s)\n",
			  s->name, which == RestartPolicy_which_never
					   ? "never" : "on failure");
		return;
	}
	Backoff_r b = which == RestartPolicy_which_always
			      ? RestartPolicy_get_always(p)
			      : RestartPolicy_get_onFailure(p);
	if (s->restarts >= Backoff_get_maxRestarts(b)) {
		rt_printf("%s: giving up after %u restarts\n", s->name,
			  s->restarts);
		return;
	}
	uint32_t d = s->delay_ms ? s->delay_ms : Backoff_get_initialMs(b);
	s->delay_ms = d * 2 < Backoff_get_maxMs(b) ? d * 2 : Backoff_get_maxMs(b);
	rt_printf("restarting %s in %u ms (restart %u of %u)\n", s->name,
		  d, s->restarts + 1, Backoff_get_maxRestarts(b));
	if (rt_loop_after(&I->loop, (uint64_t)d * 1000000ull, svc_restart_due, s))
		rt_printf("cannot schedule the restart of %s\n", s->name);
}

static void svc_exited(struct rt_loop *l, void *ctx, const struct ring_cqe *cqe)
{
	struct init_service *s = ctx;
	struct init *I = (struct init *)((char *)l - offsetof(struct init, loop));
	struct rt_exit e;
	char how[96];
	init_exit_read(&s->wait_call, cqe->result, &e);
	rt_printf("%s %s\n", s->name, init_exit_str(&e, how, sizeof how));
	rt_release(s->proc);
	s->proc = CAP_HANDLE_NONE;
	svc_release_exports(s);
	svc_failed(I, s, !(e.kind == RT_EXIT_CODE && e.code == 0));
}

void init_services_start(struct init *I)
{
	Service_list_r sl = SystemManifest_get_services(I->root);
	I->nsvc = Service_list_len(sl);
	for (uint32_t i = 0; i < I->nsvc; i++) {
		struct init_service *s = &I->svc[i];
		s->index = i;
		s->proc = CAP_HANDLE_NONE;
		init_text(s->name, sizeof s->name,
			  Service_get_name(Service_list_get(sl, i)));
	}
	for (uint32_t k = 0; k < I->check.nservices; k++)
		svc_start(I, &I->svc[I->check.order[k]]);
}
