/* broker's start: its grants, its args (motd=, guestAllow=,
 * operatorAllow=, guestServices=, operatorServices=), then serve the
 * "broker" export. A malformed allowlist or service list stops the
 * broker: starting with a guess would allow more or less than the
 * manifest says. */
#include <string.h>
#include "capos/ipc.h"
#include "capos/process.h"
#include "capos/time.h"
#include "lib/fmt/fmt.h"
#include "user/broker/broker.h"

struct broker broker;
static uint8_t broker_in[BROKER_IN_BYTES];

static const char *broker_arg(const char *key)
{
	size_t n = strlen(key);
	for (int i = 0; i < rt_argc(); i++) {
		const char *a = rt_argv(i);
		if (a && !strncmp(a, key, n) && a[n] == '=')
			return a + n + 1;
	}
	return 0;
}

static bool broker_allow(Profile p, const char *key)
{
	const char *s = broker_arg(key), *why = 0;
	if (!s)
		s = "";
	if (ident_allowlist_parse(&broker.allow[p], s, strlen(s), &why)) {
		rt_printf("arg %s: %s\n", key, why);
		return false;
	}
	return true;
}

static bool broker_services(Profile p, const char *key)
{
	const char *s = broker_arg(key);
	return broker_services_parse(p, key, s ? s : "");
}

static bool broker_grants(void)
{
	broker.launcher = rt_cap_find("launcher", Launcher_IFACE_ID);
	broker.endpoints = rt_cap_find("endpoints", EndpointFactory_IFACE_ID);
	broker.reader = rt_cap_find("auditReader", AuditReader_IFACE_ID);
	broker.audit = rt_cap_find("audit", AuditLog_IFACE_ID);
	broker.timer = rt_cap_find("timer", Timer_IFACE_ID);
	broker.ep = rt_cap_find("broker", Endpoint_IFACE_ID);
	const struct { const char *what; cap_handle_t h; } need[] = {
		{ "launcher (Launcher)", broker.launcher },
		{ "endpoints (EndpointFactory)", broker.endpoints },
		{ "auditReader (AuditReader)", broker.reader },
		{ "audit (AuditLog)", broker.audit },
		{ "the broker export", broker.ep },
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
	if (!broker_grants())
		return 2;
	const char *motd = broker_arg("motd");
	fmt_snprintf(broker.motd, sizeof broker.motd, "%s", motd ? motd : "");
	if (!broker_allow(Profile_guest, "guestAllow") ||
	    !broker_allow(Profile_operator, "operatorAllow") ||
	    !broker_services(Profile_guest, "guestServices") ||
	    !broker_services(Profile_operator, "operatorServices"))
		return 2;
	rt_loop_init(&broker.loop, broker.timer);
	if (rt_loop_serve(&broker.loop, broker.ep, broker_in, sizeof broker_in,
			  broker_on_call, 0))
		return 3;
	rt_printf("serving: guest may launch %u, operator %u binaries; "
		  "services: guest %u, operator %u\n",
		  broker.allow[Profile_guest].n,
		  broker.allow[Profile_operator].n, broker.nsvc[Profile_guest],
		  broker.nsvc[Profile_operator]);
	rt_loop_run(&broker.loop);
	return 0;
}
