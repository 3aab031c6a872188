/* Starting the first process. The kernel launches exactly one process,
 * init, from the boot modules; everything else is init's business. Until
 * the manifest names it, init is the boot module called "init" (module
 * names are the last word of each module's command line). init receives
 * Console and Timer.
 *
 * When init ends the machine stops: cleanly (isa-debug-exit 0x10) if it
 * exited with code 0, as a failure otherwise. Test manifests rely on
 * this; a production init never exits. */
#include <string.h>
#include "capos/err.h"
#include "kernel/arch/arch.h"
#include "kernel/core/log.h"
#include "kernel/core/panic.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/layout.h"
#include "kernel/proc/boot.h"
#include "kernel/proc/process.h"

LOG_SOURCE(boot_proc_log, "boot");

static struct process *init_process;

static const char *module_name(const struct boot_module *m)
{
	const char *s = m->cmdline, *last = s;
	for (const char *p = s; *p; p++)
		if ((*p == ' ' || *p == '/') && p[1] && p[1] != ' ')
			last = p + 1;
	return last;
}

const struct boot_module *boot_module_find(const struct boot_info *bi,
					   const char *name)
{
	for (uint32_t i = 0; i < bi->nmodules; i++)
		if (!strcmp(module_name(&bi->modules[i]), name))
			return &bi->modules[i];
	return 0;
}

static void boot_grant_or_panic(struct process *p, const char *name,
				enum cap_type type, uint64_t iface)
{
	err_t e = process_grant(p, name, type, iface, 0);
	if (e)
		panic("init: cannot grant %s: %s", name, capos_strerror(e));
}

bool boot_start_init(const struct boot_info *bi)
{
	const struct boot_module *m = boot_module_find(bi, "init");
	if (!m) {
		log_warn(&boot_proc_log, "no boot module named \"init\": nothing to run");
		return false;
	}
	err_t err;
	struct process *p = process_load("init", phys_to_virt(m->start),
					 m->end - m->start, &err);
	if (!p)
		panic("init: cannot load: %s", capos_strerror(err));
	boot_grant_or_panic(p, "console", CAP_CONSOLE, console_interface_id());
	boot_grant_or_panic(p, "timer", CAP_TIMER, timer_interface_id());
	init_process = p;
	process_start(p);
	return true;
}

void process_ended(struct process *p)
{
	if (p != init_process) {
		kfree(p);
		return;
	}
	bool ok = p->end == PROC_END_EXIT && p->exit_code == 0;
	log_info(&boot_proc_log, "init ended (%s, code %ld): stopping the machine",
		 p->end == PROC_END_EXIT ? "exit" : "killed", p->exit_code);
	arch_machine_exit(ok ? KERNEL_EXIT_SUCCESS : KERNEL_EXIT_FAILURE);
}
