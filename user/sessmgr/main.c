/* sessmgr's start: find its grants, read its args, serve both exports. */
#include <string.h>
#include "capos/ipc.h"
#include "capos/time.h"
#include "user/sessmgr/sessmgr.h"

static struct sessmgr sm_state;
static uint8_t sessions_in[SESSMGR_IN_BYTES], setup_in[SESSMGR_IN_BYTES];

/* The value of arg `key=`, or NULL. */
static const char *sm_arg(const char *key)
{
	size_t n = strlen(key);
	for (int i = 0; i < rt_argc(); i++) {
		const char *a = rt_argv(i);
		if (a && !strncmp(a, key, n) && a[n] == '=')
			return a + n + 1;
	}
	return 0;
}

/* A decimal number, or `fallback` if there is none or it is malformed. */
static uint64_t sm_arg_num(const char *key, uint64_t fallback)
{
	const char *s = sm_arg(key);
	uint64_t v = 0;
	if (!s || !*s)
		return fallback;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10) {
			rt_printf("arg %s: not a number; using %lu\n", key,
				  (unsigned long)fallback);
			return fallback;
		}
		v = v * 10 + (uint64_t)(*s - '0');
	}
	return v;
}

static bool sm_grants(struct sessmgr *S)
{
	S->authority = rt_cap_find("sessions", SessionAuthority_IFACE_ID);
	S->creds = rt_cap_find("creds", CredentialStore_IFACE_ID);
	S->audit = rt_cap_find("audit", AuditLog_IFACE_ID);
	S->timer = rt_cap_find("timer", Timer_IFACE_ID);
	S->sessions_ep = rt_cap_find("sessions", Endpoint_IFACE_ID);
	S->setup_ep = rt_cap_find("setup", Endpoint_IFACE_ID);
	const struct { const char *what; cap_handle_t h; } need[] = {
		{ "sessions (SessionAuthority)", S->authority },
		{ "creds (CredentialStore)", S->creds },
		{ "audit (AuditLog)", S->audit },
		{ "timer (Timer)", S->timer },
		{ "the sessions export", S->sessions_ep },
	};
	bool ok = true;
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
		if (need[i].h == CAP_HANDLE_NONE) {
			rt_printf("missing grant: %s\n", need[i].what);
			ok = false;
		}
	return ok;
}

int main(void)
{
	struct sessmgr *S = &sm_state;
	if (!sm_grants(S))
		return 2;
	const char *guest = sm_arg("guest");
	S->guest_ok = guest && !strcmp(guest, "yes");
	S->operator_lifetime_ms = sm_arg_num("operatorLifetimeMs", 0);
	S->policy = (struct login_delay_policy){ LOGIN_DELAY_FIRST_MS,
						 LOGIN_DELAY_MAX_MS };
	login_delay_init(&S->delay);
	rt_loop_init(&S->loop, S->timer);
	if (rt_loop_serve(&S->loop, S->sessions_ep, sessions_in,
			  sizeof sessions_in, sm_on_sessions, S) ||
	    (S->setup_ep != CAP_HANDLE_NONE &&
	     rt_loop_serve(&S->loop, S->setup_ep, setup_in, sizeof setup_in,
			   sm_on_setup, S)))
		return 3;
	rt_printf("serving: guest %s, operator lifetime %lu ms, delay %u..%u "
		  "ms\n", S->guest_ok ? "allowed" : "refused",
		  (unsigned long)S->operator_lifetime_ms, S->policy.first_ms,
		  S->policy.max_ms);
	rt_loop_run(&S->loop);
	return 0;
}
