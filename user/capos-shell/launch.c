/* Starting jobs through the Launcher (init), in two steps.
 *
 * Check, changing nothing: the launcher is there, the binary is one it
 * lists (when the list could be fetched), every `@name` is a capability
 * this shell holds, every `client @name` an endpoint, @stdio possible.
 * Then act: make the job's StdIO endpoint and the client facets, call
 * Launcher.launch with one copy grant per name (capability pointer i =
 * transfer descriptor i), and release the shell's own copies of the
 * facets whatever happened. A refusal is printed as the launcher's
 * CapException says it (it names the capability that is missing or not
 * allowed, and why). */
#include <string.h>
#include "capos/ipc.h"
#include "capos/process.h"
#include "lib/fmt/fmt.h"
#include "user/capos-shell/shell.h"

/* The interface a child finds @stdio under. The shell hands over a client
 * facet of an endpoint it serves as StdIO; the launcher and the spawner
 * must accept a ClientEndpoint granted under the interface it serves. */
#define SHELL_STDIO_IFACE StdIO_IFACE_ID

struct launch_grant {
	const char *name;
	cap_handle_t cap;
	uint64_t iface;
};

struct launch_temps {	/* capabilities made for this launch only */
	cap_handle_t cap[SHELL_GRANTS_MAX + 1];
	int n;
};

static struct {
	bool fetched;
	int n;
	char name[SHELL_BINS_MAX][SHELL_BINARY_MAX + 1];
	const char *ptr[SHELL_BINS_MAX];
} bins;

static bool launch_name_ok(struct capn_text t)
{
	if (t.len == 0 || t.len > SHELL_BINARY_MAX)
		return false;
	for (uint32_t i = 0; i < t.len; i++)
		if ((unsigned char)t.str[i] <= ' ' || t.str[i] == '"' ||
		    t.str[i] == 0x7f)
			return false;
	return true;
}

static void launch_fetch(void)
{
	static uint8_t params[64], results[8192];
	struct capn_call c;
	struct capn_msg m;
	Launcher_list_Results_r r;
	Launcher_list_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(sh.launcher, &c);
	if (Launcher_list_results(&m, &c, st, &r))
		return;
	struct capn_list_r l = Launcher_list_Results_get_binaries(r);
	uint32_t n = capn_list_len(&l);
	for (uint32_t i = 0; i < n && bins.n < SHELL_BINS_MAX; i++) {
		struct capn_text t = capn_list_text(&l, i);
		if (!launch_name_ok(t))
			continue;
		memcpy(bins.name[bins.n], t.str, t.len);
		bins.name[bins.n][t.len] = '\0';
		bins.ptr[bins.n] = bins.name[bins.n];
		bins.n++;
	}
	bins.fetched = m.err == 0;
}

int launch_binaries(const char *const **names)
{
	if (!bins.fetched && sh.launcher != CAP_HANDLE_NONE) {
		bins.n = 0;
		launch_fetch();
	}
	*names = bins.ptr;
	return bins.fetched ? bins.n : 0;
}

void launch_forget_binaries(void)
{
	bins.fetched = false;
	bins.n = 0;
}

static bool launch_known(const char *binary)
{
	const char *const *names;
	int n = launch_binaries(&names);
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], binary))
			return true;
	return n == 0;		/* no list: the launcher decides */
}

/* One grant's source, checked: false after printing why not. */
static bool launch_check_grant(const char *verb, const struct parse_grant *g)
{
	if (g->src == PARSE_SRC_STDIO) {
		if (sh.endpoints != CAP_HANDLE_NONE)
			return true;
		term_printf("%s: @stdio needs an EndpointFactory (\"endpoints\"), "
			    "which this shell does not hold\n", verb);
		return false;
	}
	const struct capset_entry *e = capset_find(g->cap);
	if (!e) {
		term_printf("%s: no capability named @%s in this shell "
			    "(see caps)\n", verb, g->cap);
		return false;
	}
	if (g->src == PARSE_SRC_CLIENT && e->interface_id != Endpoint_IFACE_ID &&
	    e->interface_id != ClientEndpoint_IFACE_ID && !e->reserved) {
		term_printf("%s: @%s is a %s, not an endpoint (client @%s needs "
			    "one)\n", verb, g->cap, iface_name(e->interface_id),
			    g->cap);
		return false;
	}
	return true;
}

static bool launch_check(const struct parse_cmd *cmd, const char *verb)
{
	if (sh.launcher == CAP_HANDLE_NONE) {
		term_printf(sh.session != CAP_HANDLE_NONE
			    ? "%s: this session cannot start programs (login "
			      "first)\n"
			    : "%s: this shell holds no launcher\n", verb);
		return false;
	}
	if (!launch_known(cmd->binary)) {
		term_printf("%s: unknown binary \"%s\" (Tab after %s \" lists "
			    "them)\n", verb, cmd->binary, verb);
		return false;
	}
	for (int i = 0; i < cmd->ngrants; i++)
		if (!launch_check_grant(verb, &cmd->grant[i]))
			return false;
	return true;
}

static int32_t launch_client_of(cap_handle_t ep, cap_handle_t *out)
{
	uint8_t params[64], results[256];
	struct capn_call c;
	struct capn_msg m;
	struct ring_cqe cqe;
	Endpoint_client_Results_r r;
	Endpoint_client_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call_xfer(ep, &c, 0, 0, &cqe);
	if (Endpoint_client_results(&m, &c, st, &r))
		return st < 0 ? st : ERR_INTERNAL;
	*out = rt_result_cap(&c, &cqe, Endpoint_client_Results_get_client(r),
			     ClientEndpoint_IFACE_ID);
	return *out == CAP_HANDLE_NONE ? ERR_INTERNAL : 0;
}

/* The capability behind one grant (made now if it is a facet). */
static int32_t launch_source(struct job *j, const struct parse_grant *pg,
			     struct launch_grant *g, struct launch_temps *t,
			     cap_handle_t *stdio)
{
	const struct capset_entry *e = capset_find(pg->cap);
	int32_t st = 0;
	g->name = pg->name;
	switch (pg->src) {
	case PARSE_SRC_STDIO:
		if (*stdio == CAP_HANDLE_NONE &&
		    !(st = stdio_open(j, stdio)))
			t->cap[t->n++] = *stdio;
		*g = (struct launch_grant){ pg->name, *stdio, SHELL_STDIO_IFACE };
		return st;
	case PARSE_SRC_CAP:
		*g = (struct launch_grant){ pg->name, e->handle, e->interface_id };
		return 0;
	case PARSE_SRC_CLIENT:
		*g = (struct launch_grant){ pg->name, e->handle,
					    ClientEndpoint_IFACE_ID };
		if (e->reserved)	/* a bundle facet: typed as it was given */
			g->iface = e->interface_id;
		if (e->interface_id == ClientEndpoint_IFACE_ID || e->reserved)
			return 0;
		if (!(st = launch_client_of(e->handle, &g->cap)))
			t->cap[t->n++] = g->cap;
		return st;
	}
	return ERR_INVALID;
}

static void launch_fill(Launcher_launch_Params_b p, const char *binary,
			const struct launch_grant *g, int n,
			struct ring_xfer *xfer)
{
	Launcher_launch_Params_set_binary(p, binary, strlen(binary));
	CapGrant_list_b gl = Launcher_launch_Params_init_grants(p, (uint32_t)n);
	for (int i = 0; i < n; i++) {
		CapGrant_b e = CapGrant_list_at(gl, (uint32_t)i);
		CapGrant_set_name(e, g[i].name, strlen(g[i].name));
		CapGrant_set_cap(e, (uint32_t)i);
		CapGrant_set_interfaceId(e, g[i].iface);
		CapGrant_set_mode(e, TransferMode_copy);
		xfer[i] = (struct ring_xfer){ g[i].cap, RING_XFER_COPY, 0 };
	}
}

/* The Job in the results: typed, or (init's) an untyped client facet of
 * the endpoint that serves it. */
static cap_handle_t launch_job_cap(const struct capn_call *c,
				   const struct ring_cqe *cqe, uint32_t index)
{
	cap_handle_t job = rt_result_cap(c, cqe, index, Job_IFACE_ID);
	if (job == CAP_HANDLE_NONE)
		job = rt_result_cap(c, cqe, index, ClientEndpoint_IFACE_ID);
	return job;
}

/* Launcher.launch; the Job in *job, or an error with its text in why. */
static int32_t launch_call(const char *binary, const struct launch_grant *g,
			   int n, cap_handle_t *job, char *why, size_t cap)
{
	static uint8_t params[4096], results[2048];
	struct ring_xfer xfer[SHELL_GRANTS_MAX];
	struct capn_call c;
	struct capn_builder b;
	struct capn_msg m;
	struct ring_cqe cqe;
	Launcher_launch_Results_r r;
	launch_fill(Launcher_launch_begin(&c, &b, params, sizeof(params)),
		    binary, g, n, xfer);
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = capn_call_seal(&c, &b);
	if (!st)
		st = rt_call_xfer(sh.launcher, &c, xfer, (uint32_t)n, &cqe);
	if (st < 0) {
		const char *msg = call_error(&c, st, why, cap);
		if (msg != why)
			fmt_snprintf(why, cap, "%s", msg);
		return st;
	}
	if (!Launcher_launch_results(&m, &c, st, &r))
		*job = launch_job_cap(&c, &cqe, Launcher_launch_Results_get_job(r));
	if (*job != CAP_HANDLE_NONE)
		return 0;
	fmt_snprintf(why, cap, "the launcher's reply holds no Job");
	return ERR_INTERNAL;
}

static int32_t launch_grants(const struct parse_cmd *cmd, struct job *j,
			     struct launch_grant *g, struct launch_temps *t,
			     const char *verb)
{
	cap_handle_t stdio = CAP_HANDLE_NONE;
	for (int i = 0; i < cmd->ngrants; i++) {
		int32_t st = launch_source(j, &cmd->grant[i], &g[i], t, &stdio);
		if (st < 0) {
			term_printf("%s: cannot make %s for %s: %s\n", verb,
				    cmd->grant[i].src == PARSE_SRC_STDIO ? "@stdio"
				    : "a client facet", cmd->grant[i].name,
				    capos_strerror(st));
			return st;
		}
	}
	return 0;
}

struct job *launch_job(const struct parse_cmd *cmd)
{
	const char *verb = cmd->wait ? "run" : "spawn";
	struct launch_grant g[SHELL_GRANTS_MAX];
	struct launch_temps t = { .n = 0 };
	char why[160];
	cap_handle_t jobcap = CAP_HANDLE_NONE;
	if (!launch_check(cmd, verb))
		return 0;
	struct job *j = job_alloc(cmd->binary);
	if (!j) {
		term_printf("%s: %d jobs are running; wait for one first\n", verb,
			    SHELL_JOBS_MAX);
		return 0;
	}
	int32_t st = launch_grants(cmd, j, g, &t, verb);
	if (!st && (st = launch_call(cmd->binary, g, cmd->ngrants, &jobcap, why,
				     sizeof(why))))
		term_printf("%s: %s: %s\n", verb, cmd->binary, why);
	for (int i = 0; i < t.n; i++)
		rt_release(t.cap[i]);
	if (st) {
		job_free(j);
		return 0;
	}
	j->cap = jobcap;
	job_wait_start(j);
	return j;
}
