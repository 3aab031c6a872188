/* Boot manifest validation (see manifest.h). The checks run in the order
 * the manifest reads: message structure, version, binaries, init, each
 * service (names, binary, grants, exports, restart policy, limits), the
 * service dependency graph, kernel parameters. Every list is bounded by the
 * schema's maxima before it is walked, so the work is bounded too.
 */
#include <stdarg.h>
#include "lib/manifest/manifest.h"
#include "lib/fmt/fmt.h"
#include "capos/boot.h"
#include "capos/console.h"
#include "capos/diag.h"
#include "capos/entropy.h"
#include "capos/err.h"
#include "capos/interfaces.h"
#include "capos/identity.h"
#include "capos/ipc.h"
#include "capos/memory.h"
#include "capos/process.h"
#include "capos/thread.h"
#include "capos/time.h"

/* The interface each kernel source gives. */
static const uint64_t kernel_gives[] = {
	[KernelSource_console] = Console_IFACE_ID,
	[KernelSource_terminal] = TerminalSession_IFACE_ID,
	[KernelSource_timer] = Timer_IFACE_ID,
	[KernelSource_virtualMemory] = VirtualMemory_IFACE_ID,
	[KernelSource_frameAllocator] = FrameAllocator_IFACE_ID,
	[KernelSource_bootPackage] = BootPackage_IFACE_ID,
	[KernelSource_processSpawner] = ProcessSpawner_IFACE_ID,
	[KernelSource_threadSpawner] = ThreadSpawner_IFACE_ID,
	[KernelSource_threadControl] = ThreadControl_IFACE_ID,
	[KernelSource_parkSpace] = ParkSpace_IFACE_ID,
	[KernelSource_entropy] = EntropySource_IFACE_ID,
	[KernelSource_kernelDiag] = KernelDiag_IFACE_ID,
	[KernelSource_endpointFactory] = EndpointFactory_IFACE_ID,
	[KernelSource_terminal2] = TerminalSession_IFACE_ID,
	[KernelSource_sessionAuthority] = SessionAuthority_IFACE_ID,
};

/* A terminal source gives init the device, which opens the session each
 * service that names the source gets. */
static uint64_t kernel_gives_to(unsigned k, int self)
{
	bool term = k == KernelSource_terminal || k == KernelSource_terminal2;
	return term && self < 0 ? Terminal_IFACE_ID : kernel_gives[k];
}
_Static_assert(sizeof(kernel_gives) / sizeof(kernel_gives[0]) ==
	       KernelSource_COUNT, "a kernel source without an interface");

#define NAME_MAX_SHOWN 40
#define PATH 192

struct vctx {
	struct manifest_check *c;
	Binary_list_r binaries;
	uint32_t nbin;
	Service_list_r services;
	uint32_t nsvc;
	bool diagnostics;
	bool terminal2;		/* kernel.terminal2Port is set */
	uint32_t init_holds;	/* bit k: init holds kernel source k */
	uint64_t deps[SystemManifest_maxServices];	/* bit j: i imports from j */
};

_Static_assert(SystemManifest_maxServices <= 64, "deps is one word per service");
_Static_assert(SystemManifest_maxServices <= 255, "order holds uint8_t");

static void problem(struct vctx *x, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct vctx *x, const char *where, const char *fmt, ...)
{
	char why[256];
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	if (x->c->problems++ == 0)
		fmt_snprintf(x->c->first, sizeof x->c->first, "%s: %s", where,
			     why);
	if (x->c->report)
		x->c->report(x->c->ctx, where, why);
}

/* A name for messages: quoted, shortened, control bytes shown as '?'. */
static const char *shown(char *buf, struct capn_text t)
{
	size_t n = 0;
	buf[n++] = '"';
	for (uint32_t i = 0; i < t.len && i < NAME_MAX_SHOWN; i++) {
		char ch = t.str[i];
		buf[n++] = ch > 0x20 && ch < 0x7f ? ch : '?';
	}
	if (t.len > NAME_MAX_SHOWN)
		buf[n++] = '.', buf[n++] = '.', buf[n++] = '.';
	buf[n++] = '"';
	buf[n] = 0;
	return buf;
}

#define SHOWN_SIZE (NAME_MAX_SHOWN + 8)

/* Names are 1..maxName bytes of printable ASCII without spaces. */
static bool check_name(struct vctx *x, const char *where, const char *field,
		       struct capn_text t)
{
	if (t.len == 0) {
		problem(x, where, "%s is empty", field);
		return false;
	}
	if (t.len > SystemManifest_maxName) {
		problem(x, where, "%s is %u bytes, more than maxName (%u)",
			field, t.len, SystemManifest_maxName);
		return false;
	}
	for (uint32_t i = 0; i < t.len; i++) {
		uint8_t ch = (uint8_t)t.str[i];
		if (ch <= 0x20 || ch >= 0x7f) {
			problem(x, where, "%s has byte 0x%02x at %u: names are "
				"printable ASCII without spaces", field, ch, i);
			return false;
		}
	}
	return true;
}

static bool text_eq(struct capn_text a, struct capn_text b)
{
	return a.len == b.len && memcmp(a.str, b.str, a.len) == 0;
}

static int find_binary(struct vctx *x, struct capn_text name)
{
	for (uint32_t i = 0; i < x->nbin; i++)
		if (text_eq(Binary_get_name(Binary_list_get(x->binaries, i)),
			    name))
			return (int)i;
	return -1;
}

static int find_service(struct vctx *x, struct capn_text name)
{
	for (uint32_t i = 0; i < x->nsvc; i++)
		if (text_eq(Service_get_name(Service_list_get(x->services, i)),
			    name))
			return (int)i;
	return -1;
}

static const char *iface_name(uint64_t id)
{
	const struct capos_iface *i = capos_iface_by_id(id);
	return i ? i->name : "?";
}

static void check_limit(struct vctx *x, const char *where, const char *field,
			uint32_t v, uint32_t max, const char *maxname)
{
	if (v > max)
		problem(x, where, "limits.%s is %u, more than ProcessLimits.%s "
			"(%u)", field, v, maxname, max);
}

static void check_limits(struct vctx *x, const char *where, ProcessLimits_r l)
{
	check_limit(x, where, "capSlots", ProcessLimits_get_capSlots(l),
		    ProcessLimits_maxCapSlots, "maxCapSlots");
	check_limit(x, where, "pages", ProcessLimits_get_pages(l),
		    ProcessLimits_maxPages, "maxPages");
	check_limit(x, where, "threads", ProcessLimits_get_threads(l),
		    ProcessLimits_maxThreads, "maxThreads");
	check_limit(x, where, "callsInFlight", ProcessLimits_get_callsInFlight(l),
		    ProcessLimits_maxCallsInFlight, "maxCallsInFlight");
	check_limit(x, where, "timers", ProcessLimits_get_timers(l),
		    ProcessLimits_maxTimers, "maxTimers");
}

/* Is the source a kernel object this holder may get, of the interface? */
static void check_kernel_source(struct vctx *x, const char *where,
				Grant_source_r s, const struct capos_iface *want,
				int self)
{
	unsigned k = Grant_source_get_kernel(s);
	if (k >= KernelSource_COUNT) {
		problem(x, where, "source.kernel: unknown kernel source %u", k);
		return;
	}
	const char *kn = KernelSource_name_of(k);
	uint64_t gives = kernel_gives_to(k, self);
	if (want && want->id != gives)
		problem(x, where, "source.kernel: %s gives %s, not %s", kn,
			iface_name(gives), want->name);
	if (k == KernelSource_terminal2 && !x->terminal2)
		problem(x, where, "source.kernel: terminal2 needs "
			"kernel.terminal2Port");
	if (k == KernelSource_bootPackage && self >= 0)
		problem(x, where, "source.kernel: bootPackage is granted to "
			"init only");
	if (k == KernelSource_kernelDiag && !x->diagnostics)
		problem(x, where, "source.kernel: kernelDiag needs "
			"kernel.diagnostics = true (test manifests only)");
	// init hands services only what it holds itself.
	if (self < 0)
		x->init_holds |= 1u << k;
	else if (!(x->init_holds & 1u << k))
		problem(x, where, "source.kernel: init does not hold %s (add "
			"it to init.grants)", kn);
}

static void check_service_source(struct vctx *x, const char *where,
				 Grant_source_r s,
				 const struct capos_iface *want, int self)
{
	char a[SHOWN_SIZE], b[SHOWN_SIZE], c[SHOWN_SIZE];
	ServiceRef_r ref = Grant_source_get_service(s);
	struct capn_text sname = ServiceRef_get_service(ref);
	struct capn_text ename = ServiceRef_get_export(ref);
	if (self < 0) {
		problem(x, where, "source.service: init's grants come from the "
			"kernel; services start after init");
		return;
	}
	if (capn_text_eq(sname, "init")) {
		if (!capn_text_eq(ename, "launcher"))
			problem(x, where, "source.service: init exports only "
				"\"launcher\", not %s", shown(a, ename));
		else if (want && want->id != Launcher_IFACE_ID)
			problem(x, where, "source.service: init.launcher serves "
				"Launcher, not %s", want->name);
		return;
	}
	int dep = find_service(x, sname);
	if (dep < 0) {
		problem(x, where, "source.service: no service named %s",
			shown(a, sname));
		return;
	}
	if (dep == self) {
		problem(x, where, "source.service: a service cannot import its "
			"own export %s", shown(a, ename));
		return;
	}
	Export_list_r ex = Service_get_exports(Service_list_get(x->services,
								 (uint32_t)dep));
	for (uint32_t i = 0; i < Export_list_len(ex) &&
			     i < SystemManifest_maxGrants; i++) {
		Export_r e = Export_list_get(ex, i);
		if (!text_eq(Export_get_name(e), ename))
			continue;
		struct capn_text ei = Export_get_interfaceName(e);
		if (want && !capn_text_eq(ei, want->name))
			problem(x, where, "source.service: %s.%s serves %s, "
				"not %s", shown(a, sname), shown(b, ename),
				shown(c, ei), want->name);
		x->deps[self] |= 1ull << dep;
		return;
	}
	problem(x, where, "source.service: service %s exports no %s",
		shown(a, sname), shown(b, ename));
}

/* One grant of init (self < 0) or of service `self`. */
static void check_grant(struct vctx *x, const char *owner, uint32_t i,
			Grant_r g, int self)
{
	char where[PATH], a[SHOWN_SIZE];
	struct capn_text name = Grant_get_name(g);
	fmt_snprintf(where, sizeof where, "%s.grants[%u] %s", owner, i,
		     shown(a, name));
	check_name(x, where, "name", name);
	struct capn_text in = Grant_get_interfaceName(g);
	const struct capos_iface *want = capos_iface_by_name(in.str, in.len);
	if (!want)
		problem(x, where, "interfaceName %s is not an interface in "
			"schema/", shown(a, in));
	Grant_source_r s = Grant_get_source(g);
	switch (Grant_source_which(s)) {
	case Grant_source_which_kernel:
		check_kernel_source(x, where, s, want, self);
		break;
	case Grant_source_which_blob:
		if (find_binary(x, Grant_source_get_blob(s)) < 0)
			problem(x, where, "source.blob: no binary named %s",
				shown(a, Grant_source_get_blob(s)));
		if (want && want->id != Blob_IFACE_ID)
			problem(x, where, "source.blob: a blob gives Blob, "
				"not %s", want->name);
		break;
	case Grant_source_which_service:
		check_service_source(x, where, s, want, self);
		break;
	default:
		problem(x, where, "source: unknown kind %u",
			(unsigned)Grant_source_which(s));
		break;
	}
}

static void check_grants(struct vctx *x, const char *owner, Grant_list_r gl,
			 int self)
{
	uint32_t n = Grant_list_len(gl);
	if (n > SystemManifest_maxGrants) {
		problem(x, owner, "%u grants, more than maxGrants (%u)", n,
			SystemManifest_maxGrants);
		n = SystemManifest_maxGrants;
	}
	for (uint32_t i = 0; i < n; i++) {
		Grant_r g = Grant_list_get(gl, i);
		check_grant(x, owner, i, g, self);
		for (uint32_t j = 0; j < i; j++) {
			if (!text_eq(Grant_get_name(g),
				     Grant_get_name(Grant_list_get(gl, j))))
				continue;
			char where[PATH], a[SHOWN_SIZE];
			fmt_snprintf(where, sizeof where, "%s.grants[%u]", owner,
				     i);
			problem(x, where, "name %s is already granted by "
				"grants[%u]", shown(a, Grant_get_name(g)), j);
			break;
		}
	}
}

static void check_exports(struct vctx *x, const char *owner, Export_list_r el)
{
	uint32_t n = Export_list_len(el);
	char where[PATH], a[SHOWN_SIZE];
	if (n > SystemManifest_maxGrants) {
		problem(x, owner, "%u exports, more than maxGrants (%u)", n,
			SystemManifest_maxGrants);
		n = SystemManifest_maxGrants;
	}
	for (uint32_t i = 0; i < n; i++) {
		Export_r e = Export_list_get(el, i);
		fmt_snprintf(where, sizeof where, "%s.exports[%u] %s", owner, i,
			     shown(a, Export_get_name(e)));
		check_name(x, where, "name", Export_get_name(e));
		struct capn_text in = Export_get_interfaceName(e);
		if (!capos_iface_by_name(in.str, in.len))
			problem(x, where, "interfaceName %s is not an interface "
				"in schema/", shown(a, in));
		for (uint32_t j = 0; j < i; j++)
			if (text_eq(Export_get_name(e),
				    Export_get_name(Export_list_get(el, j)))) {
				problem(x, where, "name is already exported by "
					"exports[%u]", j);
				break;
			}
	}
}

static void check_backoff(struct vctx *x, const char *where, Backoff_r b)
{
	if (Backoff_get_maxRestarts(b) > SystemManifest_maxRestarts)
		problem(x, where, "restart: maxRestarts is %u, more than %u",
			Backoff_get_maxRestarts(b), SystemManifest_maxRestarts);
	if (Backoff_get_maxMs(b) > SystemManifest_maxBackoffMs)
		problem(x, where, "restart: maxMs is %u, more than %u",
			Backoff_get_maxMs(b), SystemManifest_maxBackoffMs);
	if (Backoff_get_initialMs(b) == 0 ||
	    Backoff_get_initialMs(b) > Backoff_get_maxMs(b))
		problem(x, where, "restart: initialMs (%u) must be 1..maxMs "
			"(%u)", Backoff_get_initialMs(b), Backoff_get_maxMs(b));
}

static void check_restart(struct vctx *x, const char *where, RestartPolicy_r r)
{
	switch (RestartPolicy_which(r)) {
	case RestartPolicy_which_never:
		break;
	case RestartPolicy_which_onFailure:
		check_backoff(x, where, RestartPolicy_get_onFailure(r));
		break;
	case RestartPolicy_which_always:
		check_backoff(x, where, RestartPolicy_get_always(r));
		break;
	default:
		problem(x, where, "restart: unknown policy %u",
			(unsigned)RestartPolicy_which(r));
		break;
	}
}

static void check_service(struct vctx *x, uint32_t i)
{
	char where[PATH], a[SHOWN_SIZE];
	Service_r s = Service_list_get(x->services, i);
	struct capn_text name = Service_get_name(s);
	fmt_snprintf(where, sizeof where, "services[%u] %s", i, shown(a, name));
	if (check_name(x, where, "name", name)) {
		int first = find_service(x, name);
		if (first >= 0 && (uint32_t)first < i)
			problem(x, where, "name is already used by services[%d]",
				first);
		if (capn_text_eq(name, "init"))
			problem(x, where, "name \"init\" is reserved");
	}
	struct capn_text bin = Service_get_binary(s);
	if (check_name(x, where, "binary", bin) && find_binary(x, bin) < 0)
		problem(x, where, "binary: no binary named %s", shown(a, bin));
	check_grants(x, where, Service_get_grants(s), (int)i);
	check_exports(x, where, Service_get_exports(s));
	check_restart(x, where, Service_get_restart(s));
	check_limits(x, where, Service_get_limits(s));
	struct capn_list_r args = Service_get_args(s);
	if (capn_list_len(&args) > SystemManifest_maxGrants)
		problem(x, where, "%u args, more than %u", capn_list_len(&args),
			SystemManifest_maxGrants);
}

static void check_needs(struct vctx *x, const char *owner, CapNeed_list_r nl)
{
	char where[PATH], a[SHOWN_SIZE];
	uint32_t n = CapNeed_list_len(nl);
	if (n > SystemManifest_maxGrants)
		problem(x, owner, "%u needs, more than maxGrants (%u)", n,
			SystemManifest_maxGrants);
	for (uint32_t i = 0; i < n && i < SystemManifest_maxGrants; i++) {
		CapNeed_r need = CapNeed_list_get(nl, i);
		fmt_snprintf(where, sizeof where, "%s.needs[%u]", owner, i);
		check_name(x, where, "name", CapNeed_get_name(need));
		struct capn_text in = CapNeed_get_interfaceName(need);
		if (!capos_iface_by_name(in.str, in.len))
			problem(x, where, "interfaceName %s is not an interface "
				"in schema/", shown(a, in));
	}
}

static void check_launchable(struct vctx *x, struct capn_list_r l)
{
	char where[PATH], a[SHOWN_SIZE];
	uint32_t n = capn_list_len(&l);
	if (n > SystemManifest_maxBinaries)
		problem(x, "init", "%u launchable, more than maxBinaries (%u)",
			n, SystemManifest_maxBinaries);
	for (uint32_t i = 0; i < n && i < SystemManifest_maxBinaries; i++) {
		struct capn_text t = capn_list_text(&l, i);
		fmt_snprintf(where, sizeof where, "init.launchable[%u]", i);
		if (check_name(x, where, "name", t) && find_binary(x, t) < 0)
			problem(x, where, "no binary named %s", shown(a, t));
	}
}

static void check_binaries(struct vctx *x)
{
	char where[PATH], a[SHOWN_SIZE];
	for (uint32_t i = 0; i < x->nbin; i++) {
		Binary_r b = Binary_list_get(x->binaries, i);
		struct capn_text name = Binary_get_name(b);
		fmt_snprintf(where, sizeof where, "binaries[%u] %s", i,
			     shown(a, name));
		if (check_name(x, where, "name", name) &&
		    find_binary(x, name) < (int)i)
			problem(x, where, "name is already used by binaries[%d]",
				find_binary(x, name));
		if (Binary_has_module(b) && Binary_get_module(b).len)
			check_name(x, where, "module", Binary_get_module(b));
		check_needs(x, where, Binary_get_needs(b));
	}
}

static void check_init(struct vctx *x, InitConfig_r init)
{
	char a[SHOWN_SIZE];
	struct capn_text bin = InitConfig_get_binary(init);
	if (bin.len == 0)
		problem(x, "init", "binary is empty: a manifest must name init");
	else if (check_name(x, "init", "binary", bin) && find_binary(x, bin) < 0)
		problem(x, "init", "binary: no binary named %s", shown(a, bin));
	check_grants(x, "init", InitConfig_get_grants(init), -1);
	check_limits(x, "init", InitConfig_get_limits(init));
	check_launchable(x, InitConfig_get_launchable(init));
}

/* Report one cycle through service `start` (all of it still unplaced). */
static void report_cycle(struct vctx *x, uint64_t left, uint32_t start)
{
	char path[PATH], a[SHOWN_SIZE], where[PATH];
	struct fmt_buf fb = fmt_buf_init(path, sizeof path);
	uint64_t seen = 0;
	uint32_t at = start;
	// Follow unplaced dependencies until a service repeats.
	while (!(seen & 1ull << at)) {
		seen |= 1ull << at;
		uint64_t next = x->deps[at] & left;
		at = (uint32_t)__builtin_ctzll(next);
	}
	uint32_t loop = at;
	do {
		fmt_appendf(&fb, "%s -> ", shown(a, Service_get_name(
				    Service_list_get(x->services, at))));
		at = (uint32_t)__builtin_ctzll(x->deps[at] & left);
	} while (at != loop);
	fmt_appendf(&fb, "%s", shown(a, Service_get_name(
				Service_list_get(x->services, loop))));
	fmt_snprintf(where, sizeof where, "services[%u] %s", loop,
		     shown(a, Service_get_name(Service_list_get(x->services,
								 loop))));
	problem(x, where, "dependency cycle: %s", fmt_buf_str(&fb));
}

/* Start order: repeatedly the first service whose imports all started. */
static void order_services(struct vctx *x)
{
	uint64_t left = x->nsvc == 64 ? ~0ull : (1ull << x->nsvc) - 1;
	uint32_t n = 0;
	while (left) {
		uint32_t i;
		for (i = 0; i < x->nsvc; i++)
			if ((left & 1ull << i) && !(x->deps[i] & left))
				break;
		if (i == x->nsvc) {
			report_cycle(x, left, (uint32_t)__builtin_ctzll(left));
			return;
		}
		left &= ~(1ull << i);
		x->c->order[n++] = (uint8_t)i;
	}
	x->c->nservices = n;
}

static bool com_port(uint16_t port)
{
	return port == 0x3f8 || port == 0x2f8 || port == 0x3e8 || port == 0x2e8;
}

static void check_kernel(struct vctx *x, KernelParams_r k)
{
	struct capn_text motd = KernelParams_get_motd(k);
	if (motd.len > SystemManifest_maxMotd)
		problem(x, "kernel", "motd is %u bytes, more than maxMotd (%u)",
			motd.len, SystemManifest_maxMotd);
	uint16_t port = KernelParams_get_terminalPort(k);
	uint16_t port2 = KernelParams_get_terminal2Port(k);
	if (!com_port(port))
		problem(x, "kernel", "terminalPort 0x%x is not a COM port "
			"(0x3f8, 0x2f8, 0x3e8, 0x2e8)", port);
	if (port2 && (!com_port(port2) || port2 == port))
		problem(x, "kernel", "terminal2Port 0x%x is not a second COM "
			"port (0x3f8, 0x2f8, 0x3e8, 0x2e8)", port2);
	// COM1 (0x3f8) carries the kernel log.
	if (port == 0x3f8 || port2 == 0x3f8)
		problem(x, "kernel", "0x3f8 (COM1) is the kernel log, not a "
			"terminal");
	if (KernelParams_get_terminalIrq(k) > 15 ||
	    KernelParams_get_terminal2Irq(k) > 15)
		problem(x, "kernel", "terminal IRQs are ISA lines 0..15");
}

static bool check_counts(struct vctx *x, SystemManifest_r root)
{
	bool ok = true;
	if (SystemManifest_get_schemaVersion(root) != SystemManifest_version)
		problem(x, "schemaVersion", "is %u, this system reads version %u",
			SystemManifest_get_schemaVersion(root),
			SystemManifest_version);
	if (x->nbin > SystemManifest_maxBinaries) {
		problem(x, "binaries", "%u binaries, more than maxBinaries (%u)",
			x->nbin, SystemManifest_maxBinaries);
		ok = false;
	}
	if (x->nsvc > SystemManifest_maxServices) {
		problem(x, "services", "%u services, more than maxServices (%u)",
			x->nsvc, SystemManifest_maxServices);
		ok = false;
	}
	return ok;
}

int manifest_validate(struct capn_msg *m, const void *buf, size_t len,
		      struct manifest_check *c)
{
	// The kernel gives init these besides init.grants.
	struct vctx x = { .c = c,
			  .init_holds = 1u << KernelSource_console |
					1u << KernelSource_bootPackage |
					1u << KernelSource_processSpawner };
	c->problems = 0;
	c->nservices = 0;
	c->first[0] = 0;
	// Is the message well-formed all the way down?
	capn_msg_init(m, buf, len);
	SystemManifest_r root = { capn_msg_root(m) };
	int e = SystemManifest_validate(root);
	if (e) {
		problem(&x, "(message)", "not a readable manifest: %s",
			capn_strerror(e));
		return ERR_BAD_MANIFEST;
	}
	capn_msg_reset_budget(m, 0);
	x.binaries = SystemManifest_get_binaries(root);
	x.nbin = Binary_list_len(x.binaries);
	x.services = SystemManifest_get_services(root);
	x.nsvc = Service_list_len(x.services);
	KernelParams_r kp = SystemManifest_get_kernel(root);
	x.diagnostics = KernelParams_get_diagnostics(kp);
	x.terminal2 = KernelParams_get_terminal2Port(kp) != 0;
	if (check_counts(&x, root)) {
		check_binaries(&x);
		check_init(&x, SystemManifest_get_init(root));
		for (uint32_t i = 0; i < x.nsvc; i++)
			check_service(&x, i);
		order_services(&x);
	}
	check_kernel(&x, kp);
	// The checks only read what validation already read: no new errors.
	if (m->err)
		problem(&x, "(message)", "%s", capn_strerror(m->err));
	return c->problems ? ERR_BAD_MANIFEST : 0;
}
