/* SessionAuthority: creates sessions and ends them. Only the session
 * manager holds it (manifest kernel source sessionAuthority; the test
 * init without a manifest gets it as "sessions"). Stateless: the
 * sessions are kernel/proc/session.c's; a created one comes back as a
 * UserSession capability holding the creator's reference.
 *
 * The boot session (profile system) is the kernel's alone: create
 * refuses that profile, and no UserSession ever names the boot session,
 * so end cannot reach it either. */
#include "capos/identity.h"
#include "capos/time.h"
#include "kernel/cap/cap_util.h"
#include "kernel/proc/session.h"

#define SA_LIFETIME_MAX_MS (Timer_maxSleepNs / 1000000)

/* Printable ASCII without spaces, at most 63 bytes; empty is allowed. */
static int sa_check_principal(struct capn_text t)
{
	if (t.len > SESSION_PRINCIPAL_MAX)
		return ERR_TOO_LARGE;
	for (uint32_t i = 0; i < t.len; i++)
		if (t.str[i] <= ' ' || t.str[i] > '~')
			return ERR_INVALID;
	return 0;
}

static int sa_create(void *self, SessionAuthority_create_Params_r p,
		     SessionAuthority_create_Results_b r)
{
	struct cap_call *c = self;
	unsigned profile = SessionAuthority_create_Params_get_profile(p);
	struct capn_text who = SessionAuthority_create_Params_get_principal(p);
	uint64_t ms = SessionAuthority_create_Params_get_lifetimeMs(p);
	/* Is the profile one a created session may have? */
	if (profile == Profile_system)
		return ERR_DENIED;
	if (profile >= Profile_COUNT)
		return ERR_INVALID;
	/* Is the principal short, printable text? */
	int err = sa_check_principal(who);
	if (err)
		return err;
	/* Is the lifetime within what a kernel timer is given? */
	if (ms > SA_LIFETIME_MAX_MS)
		return ERR_TOO_LARGE;
	struct session *s;
	if ((err = session_create(profile, who.str, who.len, ms * 1000000, &s)))
		return err;
	uint32_t idx;
	err = cap_call_return_cap(c, CAP_USER_SESSION, UserSession_IFACE_ID, s, 0,
				  &idx);
	if (err) {
		session_end(s);		/* nobody can name it: disarm it */
		session_put(s);
		return err;
	}
	SessionAuthority_create_Results_set_session(r, idx);
	return 0;
}

static int sa_end(void *self, SessionAuthority_end_Params_r p,
		  SessionAuthority_end_Results_b r)
{
	struct session *s;
	int err = user_session_arg(self, SessionAuthority_end_Params_get_session(p),
				   &s);
	if (err)
		return err;
	session_end(s);
	session_put(s);
	return 0;
}

static const struct SessionAuthority_server sa_server = {
	.create = sa_create,
	.end = sa_end,
};

int session_auth_invoke(struct cap_call *c)
{
	return CAP_DISPATCH(SessionAuthority, &sa_server, c);
}
