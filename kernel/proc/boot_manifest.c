/* Starting init from the boot manifest (the boot module "manifest").
 *
 * The kernel validates the manifest with the same code as the build and as
 * init (lib/manifest), so a corrupted or hostile manifest is refused here,
 * every problem logged, and the machine stopped cleanly before any user
 * code runs. A valid one names init's binary, its limits and its grants;
 * init gets exactly Console ("console"), BootPackage ("boot") and
 * ProcessSpawner ("spawner") plus those grants, and nothing else. The
 * terminal UARTs the manifest names are set up here; init receives each as
 * the Terminal device and opens the sessions it hands to services. */
#include <string.h>
#include "capos/boot.h"
#include "capos/err.h"
#include "kernel/arch/arch.h"
#include "kernel/cap/cap.h"
#include "kernel/cap/terminal.h"
#include "kernel/core/log.h"
#include "kernel/core/panic.h"
#include "kernel/proc/boot.h"
#include "kernel/proc/process.h"
#include "kernel/proc/session.h"
#include "lib/manifest/manifest.h"

LOG_SOURCE(bootm_log, "boot");

/* The capability type behind each kernel source (terminals aside). */
static const enum cap_type source_type[KernelSource_COUNT] = {
	[KernelSource_console] = CAP_CONSOLE,
	[KernelSource_terminal] = CAP_NONE,
	[KernelSource_timer] = CAP_TIMER,
	[KernelSource_virtualMemory] = CAP_VMEM,
	[KernelSource_frameAllocator] = CAP_FRAME_ALLOC,
	[KernelSource_bootPackage] = CAP_BOOTPKG,
	[KernelSource_processSpawner] = CAP_SPAWNER,
	[KernelSource_threadSpawner] = CAP_THREAD_SPAWNER,
	[KernelSource_threadControl] = CAP_THREAD_CTL,
	[KernelSource_parkSpace] = CAP_PARKSPACE,
	[KernelSource_entropy] = CAP_ENTROPY,
	[KernelSource_kernelDiag] = CAP_DIAG,
	[KernelSource_endpointFactory] = CAP_EP_FACTORY,
	[KernelSource_terminal2] = CAP_NONE,
	[KernelSource_sessionAuthority] = CAP_SESSION_AUTH,
};

static void bootm_report(void *ctx, const char *where, const char *why)
{
	log_err(&bootm_log, "manifest: %s: %s", where, why);
}

static _Noreturn void bootm_refuse(const char *what)
{
	log_err(&bootm_log, "the boot manifest is refused (%s); halting", what);
	arch_machine_exit(KERNEL_EXIT_FAILURE);
	for (;;)
		;
}

static void bootm_name(char *out, size_t cap, struct capn_text t)
{
	size_t n = t.len < cap - 1 ? t.len : cap - 1;
	memcpy(out, t.str, n);
	out[n] = '\0';
}

/* The boot module of binary `name`: boot modules are named after the
 * binaries they hold (Binary.module is the file the build takes). */
static const struct boot_blob *bootm_binary(SystemManifest_r root,
					    struct capn_text name)
{
	Binary_list_r bl = SystemManifest_get_binaries(root);
	for (uint32_t i = 0; i < Binary_list_len(bl); i++) {
		struct capn_text bn = Binary_get_name(Binary_list_get(bl, i));
		if (bn.len == name.len && !memcmp(bn.str, name.str, name.len))
			return boot_blob_find_n(bn.str, bn.len);
	}
	return 0;
}

static err_t bootm_grant_kernel(struct process *p, const char *name,
				unsigned k)
{
	if (k == KernelSource_terminal || k == KernelSource_terminal2)
		return terminal_grant(p, name, k == KernelSource_terminal2);
	enum cap_type t = source_type[k];
	return process_grant(p, name, t, cap_type_interface(t), 0);
}

static err_t bootm_grant(SystemManifest_r root, struct process *p, Grant_r g)
{
	char name[CAPSET_NAME_MAX];
	bootm_name(name, sizeof name, Grant_get_name(g));
	Grant_source_r s = Grant_get_source(g);
	if (Grant_source_which(s) == Grant_source_which_kernel)
		return bootm_grant_kernel(p, name, Grant_source_get_kernel(s));
	const struct boot_blob *b = bootm_binary(root, Grant_source_get_blob(s));
	if (!b)
		return ERR_NOT_FOUND;
	return process_grant(p, name, CAP_BLOB, cap_type_interface(CAP_BLOB),
			     (void *)b);
}

static void bootm_limits(struct process *p, ProcessLimits_r l)
{
	const uint64_t asked[LEDGER_ITEMS] = {
		ProcessLimits_get_capSlots(l), ProcessLimits_get_pages(l),
		ProcessLimits_get_threads(l), ProcessLimits_get_callsInFlight(l),
		ProcessLimits_get_timers(l),
	};
	for (int i = 0; i < LEDGER_ITEMS; i++)
		if (asked[i])
			p->acct->ledger.limit[i] = asked[i];
	if (p->acct->ledger.limit[LEDGER_CAP_SLOTS] > PROC_CAP_SLOTS)
		p->acct->ledger.limit[LEDGER_CAP_SLOTS] = PROC_CAP_SLOTS;
	p->caps.limit = (uint32_t)p->acct->ledger.limit[LEDGER_CAP_SLOTS];
}

static void bootm_terminals(KernelParams_r kp)
{
	err_t e = terminal_setup(0, KernelParams_get_terminalPort(kp),
				 KernelParams_get_terminalIrq(kp));
	if (!e && KernelParams_get_terminal2Port(kp))
		e = terminal_setup(1, KernelParams_get_terminal2Port(kp),
				   KernelParams_get_terminal2Irq(kp));
	if (e)
		bootm_refuse("a terminal UART cannot be set up");
}

static struct process *bootm_load_init(SystemManifest_r root)
{
	InitConfig_r ic = SystemManifest_get_init(root);
	const struct boot_blob *b = bootm_binary(root, InitConfig_get_binary(ic));
	if (!b)
		bootm_refuse("init's binary is not among the boot modules");
	err_t err;
	struct process *p = process_load("init", b->data, b->size,
					 session_boot(), &err);
	if (!p) {
		log_err(&bootm_log, "init: %s", capos_strerror(err));
		bootm_refuse("init cannot be loaded");
	}
	bootm_limits(p, InitConfig_get_limits(ic));
	static const struct { const char *name; enum cap_type type; } base[] = {
		{ "console", CAP_CONSOLE }, { "boot", CAP_BOOTPKG },
		{ "spawner", CAP_SPAWNER },
	};
	for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++)
		if ((err = process_grant(p, base[i].name, base[i].type,
					 cap_type_interface(base[i].type), 0)))
			panic("init: cannot grant %s: %s", base[i].name,
			      capos_strerror(err));
	Grant_list_r gl = InitConfig_get_grants(ic);
	for (uint32_t i = 0; i < Grant_list_len(gl); i++)
		if ((err = bootm_grant(root, p, Grant_list_get(gl, i))))
			panic("init: cannot grant init.grants[%u]: %s", i,
			      capos_strerror(err));
	return p;
}

struct process *boot_manifest_start(const struct boot_blob *m)
{
	static struct capn_msg msg;
	static struct manifest_check check;
	check.report = bootm_report;
	if (manifest_validate(&msg, m->data, m->size, &check))
		bootm_refuse(check.first);
	SystemManifest_r root = { capn_msg_root(&msg) };
	log_info(&bootm_log, "manifest: %lu bytes, %u services, valid",
		 m->size, check.nservices);
	bootm_terminals(SystemManifest_get_kernel(root));
	struct process *p = bootm_load_init(root);
	process_start(p);
	log_info(&bootm_log, "started pid %d \"init\" with %u capabilities",
		 p->pid, p->capset->count);
	return p;
}
