/* The resident services a profile's bundles carry: `operatorServices=`
 * and `guestServices=` name grants of the broker's own (see broker.h).
 * The list is checked once at start; a bad one stops the broker, like a
 * bad allowlist, so a bundle never silently lacks or gains a service. */
#include <string.h>
#include "capos/interfaces.h"
#include "user/broker/broker.h"

/* The broker's own grants: never handed out as a service. */
static const char *const broker_reserved[] = {
	"launcher", "endpoints", "auditReader", "audit", "timer", "broker",
	"console", "systemInfo",
};

static bool svc_reserved(const char *name)
{
	for (size_t i = 0; i < sizeof broker_reserved / sizeof *broker_reserved;
	     i++)
		if (!strcmp(name, broker_reserved[i]))
			return true;
	return false;
}

static const struct capset_entry *svc_entry(const char *name)
{
	for (uint32_t i = 0; i < rt_capset->count && i < CAPSET_MAX; i++) {
		const struct capset_entry *e = &rt_capset->entries[i];
		if (!strncmp(e->name, name, CAPSET_NAME_MAX))
			return e;
	}
	return 0;
}

static bool svc_add(Profile p, const char *key, const char *name)
{
	const struct capset_entry *e = svc_entry(name);
	const struct capos_iface *k = e ? capos_iface_by_id(e->interface_id) : 0;
	const char *why = svc_reserved(name) ? "is one of the broker's own" :
			  !e ? "is not one of the broker's grants" :
			  !k ? "has no interface of the schema" :
			  broker.nsvc[p] >= BROKER_SVCS ? "is one too many" : 0;
	if (why) {
		rt_printf("arg %s: service %s %s\n", key, name, why);
		return false;
	}
	broker.svcs[p][broker.nsvc[p]++] = (struct broker_svc){
		.name = e->name, .iface = k->name, .h = e->handle };
	return true;
}

bool broker_services_parse(Profile p, const char *key, const char *list)
{
	static struct ident_allowlist names;
	const char *why = 0;
	if (ident_allowlist_parse(&names, list, strlen(list), &why)) {
		rt_printf("arg %s: %s\n", key, why);
		return false;
	}
	for (uint32_t i = 0; i < names.n; i++)
		if (!svc_add(p, key, names.name[i]))
			return false;
	return true;
}
