/* Starting the first process. The kernel launches exactly one process,
 * init, from the boot modules; everything else is init's business. With a
 * boot module called "manifest", the manifest says what init is and holds
 * (kernel/proc/boot_manifest.c). Test boots without one run the module
 * called "init" (module names are the last word of each module's command
 * line) as a test runner, which receives
 * every kernel capability (Console, Timer, VirtualMemory, FrameAllocator,
 * BootPackage, ProcessSpawner, EntropySource, ThreadControl,
 * SessionAuthority as "sessions", ...) and, when the kernel command line
 * says `diag` (test boots), KernelDiag. Either way init belongs to the boot
 * session (kernel/proc/session.h), and so does what it starts.
 *
 * When init ends the machine stops: cleanly (isa-debug-exit 0x10) if it
 * exited with code 0, as a failure otherwise. Test manifests rely on
 * this; a production init never exits. */
#include <string.h>
#include "capos/err.h"
#include "kernel/arch/arch.h"
#include "kernel/cap/terminal.h"
#include "kernel/core/log.h"
#include "kernel/core/panic.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/layout.h"
#include "kernel/proc/boot.h"
#include "kernel/proc/process.h"
#include "kernel/proc/session.h"

LOG_SOURCE(boot_proc_log, "boot");

static struct process *init_process;

static struct boot_blob boot_blobs[BOOT_MODULES_MAX];
static uint32_t boot_nblobs;

static const char *module_name(const struct boot_module *m)
{
	const char *s = m->cmdline, *last = s;
	for (const char *p = s; *p; p++)
		if ((*p == ' ' || *p == '/') && p[1] && p[1] != ' ')
			last = p + 1;
	return last;
}

static void boot_record_modules(const struct boot_info *bi)
{
	for (uint32_t i = 0; i < bi->nmodules && i < BOOT_MODULES_MAX; i++) {
		const struct boot_module *m = &bi->modules[i];
		struct boot_blob *b = &boot_blobs[boot_nblobs++];
		const char *name = module_name(m);
		size_t n = strnlen(name, sizeof(b->name) - 1);
		memcpy(b->name, name, n);
		b->name[n] = '\0';
		b->data = phys_to_virt(m->start);
		b->size = m->end - m->start;
		log_info(&boot_proc_log, "module \"%s\": %lu bytes", b->name, b->size);
	}
}

uint32_t boot_blob_count(void)
{
	return boot_nblobs;
}

const struct boot_blob *boot_blob_at(uint32_t i)
{
	return i < boot_nblobs ? &boot_blobs[i] : 0;
}

const struct boot_blob *boot_blob_find_n(const char *name, size_t len)
{
	for (uint32_t i = 0; i < boot_nblobs; i++)
		if (strlen(boot_blobs[i].name) == len &&
		    !memcmp(boot_blobs[i].name, name, len))
			return &boot_blobs[i];
	return 0;
}

const struct boot_blob *boot_blob_find(const char *name)
{
	return boot_blob_find_n(name, strlen(name));
}

static void boot_grant_or_panic(struct process *p, const char *name,
				enum cap_type type)
{
	err_t e = process_grant(p, name, type, cap_type_interface(type), 0);
	if (e)
		panic("init: cannot grant %s: %s", name, capos_strerror(e));
}

/* Test boots: COM2 (IRQ 3) is terminal 0, granted to init as
 * "terminal". A machine without COM2 just has no terminal. */
static void boot_legacy_terminal(struct process *p)
{
	err_t e = terminal_setup(0, 0x2f8, 3);
	if (!e || e == ERR_EXISTS)
		e = terminal_grant(p, "terminal", 0);
	if (e)
		log_warn(&boot_proc_log, "init: no terminal: %s", capos_strerror(e));
}

bool boot_start_init(const struct boot_info *bi, bool with_diag)
{
	boot_record_modules(bi);
	session_init();
	const struct boot_blob *mf = boot_blob_find("manifest");
	if (mf) {
		init_process = boot_manifest_start(mf);
		return true;
	}
	const struct boot_blob *m = boot_blob_find("init");
	if (!m) {
		log_warn(&boot_proc_log, "no boot module named \"init\": nothing to run");
		return false;
	}
	err_t err;
	struct process *p = process_load("init", m->data, m->size,
					 session_boot(), &err);
	if (!p)
		panic("init: cannot load: %s", capos_strerror(err));
	static const struct { const char *name; enum cap_type type; } grants[] = {
		{ "console", CAP_CONSOLE }, { "timer", CAP_TIMER },
		{ "vm", CAP_VMEM }, { "frames", CAP_FRAME_ALLOC },
		{ "boot", CAP_BOOTPKG }, { "spawner", CAP_SPAWNER },
		{ "entropy", CAP_ENTROPY }, { "thread", CAP_THREAD_CTL },
		{ "threads", CAP_THREAD_SPAWNER }, { "park", CAP_PARKSPACE },
		{ "endpoints", CAP_EP_FACTORY }, { "sessions", CAP_SESSION_AUTH },
	};
	for (size_t i = 0; i < sizeof(grants) / sizeof(grants[0]); i++)
		boot_grant_or_panic(p, grants[i].name, grants[i].type);
	if (with_diag)
		boot_grant_or_panic(p, "diag", CAP_DIAG);
	boot_legacy_terminal(p);
	init_process = p;
	process_start(p);
	log_info(&boot_proc_log, "started pid %d \"init\" with %u capabilities",
		 p->pid, p->capset->count);
	return true;
}

void process_ended(struct process *p)
{
	if (p != init_process)
		return;
	bool ok = p->end == PROC_END_EXIT && p->exit_code == 0;
	log_info(&boot_proc_log, "init ended (%s, code %ld): stopping the machine",
		 p->end == PROC_END_EXIT ? "exit" : "killed", p->exit_code);
	arch_machine_exit(ok ? KERNEL_EXIT_SUCCESS : KERNEL_EXIT_FAILURE);
}
