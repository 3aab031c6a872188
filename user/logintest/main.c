/* logintest: the client of system/test-login.capnp. Drives sessmgr and
 * the broker as a shell would: anonymous bundle and MOTD; failed logins
 * (unknown user, wrong password) with the same message and a growing
 * delay; a retry during the delay refused unchecked (with the right
 * password); a successful login and its operator bundle; launches through
 * the restricted launcher (allowed, not allowlisted, forbidden grants, a
 * chosen session); the audit trail; guest and setup; logout, after which
 * every old bundle capability fails. Also that nothing a caller sends can
 * claim an identity: an endpoint of logintest's own answering info() as
 * alice's operator session is refused as a session by the broker, the
 * kernel's spawner, the launcher and sessmgr's logout; logging out other
 * sessions leaves alice's alone; AuditLog sets seq and timeNs itself.
 * One line per check
 * (`logintest: NAME ... ok` or `... FAILED: why`), then
 * `logintest: N passed, M failed`; tests/qemu/test_login.py reads them.
 * It never prints a password. */
#include "user/logintest/logintest.h"

TCHECK_DEFINE("logintest")

int main(void)
{
	sessions = rt_cap_find("sessions", SessionManager_IFACE_ID);
	setup = rt_cap_find("setup", LocalSetup_IFACE_ID);
	brokercap = rt_cap_find("broker", AuthorityBroker_IFACE_ID);
	frames = rt_cap_find("frames", FrameAllocator_IFACE_ID);
	timer = rt_cap_find("timer", Timer_IFACE_ID);
	endpoints = rt_cap_find("endpoints", EndpointFactory_IFACE_ID);
	spawner = rt_cap_find("spawner", ProcessSpawner_IFACE_ID);
	auditlog = rt_cap_find("auditlog", AuditLog_IFACE_ID);
	for (int i = 0; i < rt_argc(); i++)
		if (!strncmp(rt_argv(i), "motd=", 5))
			fmt_snprintf(motd_arg, sizeof motd_arg, "%s", rt_argv(i) + 5);
	if (sessions == CAP_HANDLE_NONE || setup == CAP_HANDLE_NONE ||
	    brokercap == CAP_HANDLE_NONE || frames == CAP_HANDLE_NONE ||
	    timer == CAP_HANDLE_NONE || endpoints == CAP_HANDLE_NONE ||
	    spawner == CAP_HANDLE_NONE || auditlog == CAP_HANDLE_NONE) {
		rt_printf("logintest: missing grants\n");
		return 2;
	}
	step_anonymous();
	step_failures();
	step_login();
	step_launch();
	step_audit();
	step_spoof();
	step_guest();
	step_setup();
	step_logout();
	step_recycle();
	return tcheck_summary();
}

