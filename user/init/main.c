/* init's start: read the manifest through BootPackage, validate it with
 * lib/manifest (the same code the build and the kernel ran), then start
 * the service graph and serve until the machine stops. A manifest init
 * cannot read or refuses ends init with a failure, which stops the
 * machine: nothing runs from a manifest nobody checked. */
#include <string.h>
#include "capos/boot.h"
#include "capos/console.h"
#include "capos/ipc.h"
#include "capos/time.h"
#include "lib/fmt/fmt.h"
#include "user/init/init.h"

static struct init init_state;

cap_handle_t init_call_cap(cap_handle_t cap, struct capn_call *c,
			   uint32_t index, uint64_t iface, int32_t *status)
{
	struct ring_cqe cqe;
	*status = rt_call_xfer(cap, c, 0, 0, &cqe);
	return *status < 0 ? CAP_HANDLE_NONE
			   : rt_result_cap(c, &cqe, index, iface);
}

void init_text(char *out, size_t cap, struct capn_text t)
{
	size_t n = t.len < cap - 1 ? t.len : cap - 1;
	memcpy(out, t.str, n);
	out[n] = '\0';
}

void init_exit_read(const struct capn_call *c, int32_t st, struct rt_exit *e)
{
	struct capn_msg m;
	ProcessHandle_wait_Results_r r;
	*e = (struct rt_exit){ .kind = RT_EXIT_KILLED };
	if (ProcessHandle_wait_results(&m, c, st, &r))
		return;
	ExitStatus_r s = ProcessHandle_wait_Results_get_status(r);
	e->kind = (int)ExitStatus_which(s);
	if (e->kind == RT_EXIT_CODE)
		e->code = ExitStatus_get_exited(s);
	if (e->kind == RT_EXIT_FAULT) {
		Fault_r f = ExitStatus_get_faulted(s);
		e->vector = Fault_get_vector(f);
		e->addr = Fault_get_address(f);
	}
}

const char *init_exit_str(const struct rt_exit *e, char *buf, size_t len)
{
	if (e->kind == RT_EXIT_CODE)
		fmt_snprintf(buf, len, "exited with code %ld", (long)e->code);
	else if (e->kind == RT_EXIT_FAULT)
		fmt_snprintf(buf, len, "crashed (vector %u at 0x%lx)",
			     e->vector, (unsigned long)e->addr);
	else
		fmt_snprintf(buf, len, "was killed");
	return buf;
}

static uint64_t init_manifest_size(struct init *I)
{
	uint8_t p[64], r[64];
	struct capn_call c;
	BootPackage_manifestSize_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call(I->boot, &c);
	struct capn_msg m;
	BootPackage_manifestSize_Results_r res;
	if (BootPackage_manifestSize_results(&m, &c, st, &res))
		return 0;
	return BootPackage_manifestSize_Results_get_size(res);
}

/* One chunk into buf at off; returns its length (0: failed). */
static uint32_t init_manifest_chunk(struct init *I, uint8_t *buf, uint64_t off,
				    uint64_t size)
{
	static uint8_t r[4096 + 256];
	uint8_t p[64];
	struct capn_call c;
	uint32_t want = size - off < 4096 ? (uint32_t)(size - off) : 4096;
	BootPackage_readManifest_prepare(&c, p, sizeof p, off, want);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call(I->boot, &c);
	struct capn_msg m;
	BootPackage_readManifest_Results_r res;
	if (BootPackage_readManifest_results(&m, &c, st, &res))
		return 0;
	struct capn_data d = BootPackage_readManifest_Results_get_data(res);
	if (d.len == 0 || d.len > want)
		return 0;
	memcpy(buf + off, d.ptr, d.len);
	return d.len;
}

static uint8_t *init_manifest_read(struct init *I, uint64_t *size)
{
	*size = init_manifest_size(I);
	if (*size == 0 || *size > 1024 * 1024)
		return 0;
	uint8_t *buf = rt_alloc(*size);
	for (uint64_t off = 0; buf && off < *size;) {
		uint32_t n = init_manifest_chunk(I, buf, off, *size);
		if (!n)
			return 0;
		off += n;
	}
	return buf;
}

static void init_report(void *ctx, const char *where, const char *why)
{
	rt_printf("manifest: %s: %s\n", where, why);
}

static bool init_manifest_load(struct init *I)
{
	uint64_t size;
	uint8_t *buf = init_manifest_read(I, &size);
	if (!buf) {
		rt_printf("cannot read the boot manifest\n");
		return false;
	}
	I->check.report = init_report;
	if (manifest_validate(&I->msg, buf, size, &I->check)) {
		rt_printf("the boot manifest is refused (%u problems)\n",
			  I->check.problems);
		return false;
	}
	I->root = (SystemManifest_r){ capn_msg_root(&I->msg) };
	rt_printf("manifest valid: %u services\n", I->check.nservices);
	return true;
}

int main(void)
{
	struct init *I = &init_state;
	I->console = rt_cap_find("console", Console_IFACE_ID);
	I->boot = rt_cap_find("boot", BootPackage_IFACE_ID);
	I->spawner = rt_cap_find("spawner", ProcessSpawner_IFACE_ID);
	I->launcher_ep = I->launcher_client = CAP_HANDLE_NONE;
	if (I->boot == CAP_HANDLE_NONE || I->spawner == CAP_HANDLE_NONE) {
		rt_printf("no BootPackage or ProcessSpawner: nothing to do\n");
		return 1;
	}
	if (!init_manifest_load(I))
		return 1;
	I->timer = init_kernel_cap(I, KernelSource_timer);
	I->endpoints = init_kernel_cap(I, KernelSource_endpointFactory);
	rt_loop_init(&I->loop, I->timer);
	if (init_launcher_create(I))
		rt_printf("no launcher (needs an endpointFactory grant)\n");
	init_services_start(I);
	init_launcher_serve(I);
	rt_flush();
	rt_loop_run(&I->loop);
	return 0;
}
