/* The grants of one service, exactly as the manifest lists them: a kernel
 * source init holds (copied; a terminal is opened and its session moved),
 * a Blob of a boot module (made for the child and moved), or an export of
 * a service started before (a copy of the client facet init keeps, typed
 * to the exported interface). Exports become fresh endpoints the child
 * serves. Nothing else ever reaches a service. */
#include <string.h>
#include "capos/boot.h"
#include "capos/console.h"
#include "capos/interfaces.h"
#include "capos/ipc.h"
#include "lib/fmt/fmt.h"
#include "user/init/init.h"

static const struct capset_entry *init_capset_entry(const char *name)
{
	for (uint32_t i = 0; i < rt_capset->count && i < CAPSET_MAX; i++)
		if (!strcmp(rt_capset->entries[i].name, name))
			return &rt_capset->entries[i];
	return 0;
}

/* The capset entry init got for kernel source k (init.grants names it). */
static const struct capset_entry *init_kernel_entry(struct init *I, unsigned k)
{
	static const char *const base[KernelSource_COUNT] = {
		[KernelSource_console] = "console",
		[KernelSource_bootPackage] = "boot",
		[KernelSource_processSpawner] = "spawner",
	};
	Grant_list_r gl = InitConfig_get_grants(SystemManifest_get_init(I->root));
	for (uint32_t i = 0; i < Grant_list_len(gl); i++) {
		Grant_r g = Grant_list_get(gl, i);
		Grant_source_r s = Grant_get_source(g);
		if (Grant_source_which(s) != Grant_source_which_kernel ||
		    Grant_source_get_kernel(s) != k)
			continue;
		char name[INIT_NAME];
		init_text(name, sizeof name, Grant_get_name(g));
		return init_capset_entry(name);
	}
	return k < KernelSource_COUNT && base[k] ? init_capset_entry(base[k]) : 0;
}

cap_handle_t init_kernel_cap(struct init *I, unsigned k)
{
	const struct capset_entry *e = init_kernel_entry(I, k);
	return e ? e->handle : CAP_HANDLE_NONE;
}

static cap_handle_t init_terminal_open(cap_handle_t dev, int32_t *st)
{
	uint8_t p[64], r[128];
	struct capn_call c;
	Terminal_open_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	return init_call_cap(dev, &c, 0, TerminalSession_IFACE_ID, st);
}

static cap_handle_t init_blob(struct init *I, struct capn_text name,
			      int32_t *st)
{
	uint8_t p[256], r[128];
	struct capn_call c;
	BootPackage_blob_prepare(&c, p, sizeof p, name.str, name.len);
	capn_call_set_results(&c, r, sizeof r);
	return init_call_cap(I->boot, &c, 0, Blob_IFACE_ID, st);
}

/* A kernel source: copied, except terminals (a session opened now). */
static int init_grant_kernel(struct init *I, unsigned k, struct rt_grant *g,
			     char *why, size_t whylen)
{
	const struct capset_entry *e = init_kernel_entry(I, k);
	int32_t st = ERR_NOT_FOUND;
	if (e && (k == KernelSource_terminal || k == KernelSource_terminal2)) {
		g->cap = init_terminal_open(e->handle, &st);
		g->iface = TerminalSession_IFACE_ID;
		g->move = true;
	} else if (e) {
		g->cap = e->handle;
		g->iface = e->interface_id;
		return 0;
	}
	if (g->cap == CAP_HANDLE_NONE)
		fmt_snprintf(why, whylen, "kernel source %s: %s",
			     KernelSource_name_of(k), capos_strerror(st));
	return g->cap == CAP_HANDLE_NONE ? ERR_NOT_FOUND : 0;
}

static int init_find_service(struct init *I, struct capn_text name)
{
	for (uint32_t i = 0; i < I->nsvc; i++)
		if (capn_text_eq(name, I->svc[i].name))
			return (int)i;
	return -1;
}

/* The client facet of export `ename` of service `sname` (or init's own
 * launcher). */
static cap_handle_t init_export(struct init *I, ServiceRef_r ref)
{
	struct capn_text sname = ServiceRef_get_service(ref);
	if (capn_text_eq(sname, "init"))
		return I->launcher_client;
	int d = init_find_service(I, sname);
	if (d < 0)
		return CAP_HANDLE_NONE;
	Export_list_r el = Service_get_exports(Service_list_get(
		SystemManifest_get_services(I->root), I->svc[d].index));
	struct capn_text want = ServiceRef_get_export(ref);
	for (uint32_t j = 0; j < Export_list_len(el) && j < I->svc[d].nexports;
	     j++) {
		struct capn_text en = Export_get_name(Export_list_get(el, j));
		if (en.len == want.len && !memcmp(en.str, want.str, en.len))
			return I->svc[d].exports[j];
	}
	return CAP_HANDLE_NONE;
}

static int init_grant_one(struct init *I, Grant_r gr, struct rt_grant *g,
			  char *why, size_t whylen)
{
	struct capn_text in = Grant_get_interfaceName(gr);
	const struct capos_iface *want = capos_iface_by_name(in.str, in.len);
	Grant_source_r s = Grant_get_source(gr);
	int32_t st = ERR_NOT_FOUND;
	switch (Grant_source_which(s)) {
	case Grant_source_which_kernel:
		return init_grant_kernel(I, Grant_source_get_kernel(s), g, why,
					 whylen);
	case Grant_source_which_blob:
		g->cap = init_blob(I, Grant_source_get_blob(s), &st);
		g->iface = Blob_IFACE_ID;
		g->move = true;
		break;
	case Grant_source_which_service:
	default:
		g->cap = init_export(I, Grant_source_get_service(s));
		g->iface = want ? want->id : 0;
		break;
	}
	if (g->cap == CAP_HANDLE_NONE)
		fmt_snprintf(why, whylen, "%s is not available (%s)", g->name,
			     Grant_source_which(s) == Grant_source_which_blob
				     ? capos_strerror(st)
				     : "its service is not running");
	return g->cap == CAP_HANDLE_NONE ? ERR_NOT_FOUND : 0;
}

void init_grants_drop(struct init_grants *g)
{
	for (uint32_t i = 0; i < g->n; i++)
		if (g->g[i].move && g->g[i].cap != CAP_HANDLE_NONE)
			rt_release(g->g[i].cap);
	g->n = 0;
}

static void init_grants_exports(Service_r s, struct init_grants *out)
{
	Export_list_r el = Service_get_exports(s);
	for (uint32_t i = 0; i < Export_list_len(el); i++) {
		uint32_t n = out->n++;
		init_text(out->names[n], INIT_NAME,
			  Export_get_name(Export_list_get(el, i)));
		out->g[n] = (struct rt_grant){ .name = out->names[n],
					       .cap = CAP_HANDLE_NONE,
					       .iface = Endpoint_IFACE_ID,
					       .new_endpoint = true };
		out->exports++;
	}
}

int init_grants_build(struct init *I, Service_r s, struct init_grants *out,
		      char *why, size_t whylen)
{
	Grant_list_r gl = Service_get_grants(s);
	*out = (struct init_grants){ 0 };
	if (Grant_list_len(gl) + Export_list_len(Service_get_exports(s)) >
	    RING_XFER_MAX) {
		fmt_snprintf(why, whylen, "more than %u grants and exports",
			     RING_XFER_MAX);
		return ERR_TOO_LARGE;
	}
	for (uint32_t i = 0; i < Grant_list_len(gl); i++) {
		Grant_r gr = Grant_list_get(gl, i);
		struct rt_grant *g = &out->g[out->n];
		init_text(out->names[out->n], INIT_NAME, Grant_get_name(gr));
		*g = (struct rt_grant){ .name = out->names[out->n],
					.cap = CAP_HANDLE_NONE };
		int err = init_grant_one(I, gr, g, why, whylen);
		if (err) {
			init_grants_drop(out);
			return err;
		}
		out->n++;
	}
	init_grants_exports(s, out);
	return 0;
}
