/* kmain: the order of boot. Each step may rely on everything above it.
 *   1. per-CPU block, serial ports: anything can be reported
 *   2. TSC calibration and the clock: log lines carry real timestamps
 *   3. descriptor tables and traps: faults produce reports
 *   4. boot information, frames, kernel page tables, heap
 *   5. ACPI platform discovery, interrupt controllers, timers, RTC
 *   6. the boot mode named on the command line: self-tests, a deliberate
 *      fault, an echo console, a smoke boot that exits, or idle */
#include "kernel/arch/arch.h"
#include "kernel/core/bootinfo.h"
#include "kernel/core/cpu.h"
#include "kernel/core/log.h"
#include "kernel/core/panic.h"
#include "kernel/core/selftest.h"
#include "kernel/dev/platform.h"
#include "kernel/dev/serial.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/kmap.h"
#include "kernel/proc/boot.h"
#include "kernel/proc/sched.h"
#include "kernel/time/clock.h"
#include "kernel/time/timer.h"
#include "lib/util/civtime.h"
#include "lib/util/cmdline.h"

LOG_SOURCE(kmain_log, "kmain");

#define CAPOS_VERSION "0.1.0"
#define KSTACK_PAGES 8

void kmain(uint32_t magic, uint32_t info_phys);
void selftest_fault_pf(void);
void echo_console_run(void);

static const struct boot_info *boot_info;

static _Noreturn void kmain_run_selftests(struct cmdline_value which)
{
	struct cmdline_value only = { 0, 0 };
	cmdline_value_prefix(which, ":", &only);
	int failed = selftest_run(only.s, only.len);
	arch_machine_exit(failed ? KERNEL_EXIT_FAILURE : KERNEL_EXIT_SUCCESS);
}

static _Noreturn void kmain_run_fault(struct cmdline_value which)
{
	if (cmdline_value_eq(which, "pf"))
		selftest_fault_pf();
	else if (cmdline_value_eq(which, "df"))
		arch_selftest_double_fault();
	panic("unknown fault test '%.*s'", (int)which.len, which.s);
}

static _Noreturn void kmain_dispatch(const char *cmdline)
{
	struct cmdline_value v, rest;
	if (cmdline_get(cmdline, "test", &v)) {
		if (cmdline_value_prefix(v, "selftest", &rest))
			kmain_run_selftests(rest);
		if (cmdline_value_prefix(v, "fault:", &rest))
			kmain_run_fault(rest);
		if (cmdline_value_eq(v, "echo"))
			echo_console_run();
		else if (!cmdline_value_eq(v, "smoke"))
			panic("unknown test mode '%.*s'", (int)v.len, v.s);
	}
	if (cmdline_get(cmdline, "test", &v) || cmdline_get(cmdline, "halt", &v)) {
		log_info(&kmain_log, "halt requested; exiting");
		arch_machine_exit(KERNEL_EXIT_SUCCESS);
	}
	if (!boot_start_init(boot_info, cmdline_get(cmdline, "diag", &v)))
		log_info(&kmain_log, "idle");
	sched_idle_loop();
}

static void kmain_wall_clock(void)
{
	struct civil_time t;
	if (!arch_rtc_read(&t)) {
		log_warn(&kmain_log, "RTC gave an impossible date; wall clock unset");
		return;
	}
	clock_set_wall_at_boot(civil_to_unix(&t), clock_monotonic_ns());
	log_info(&kmain_log, "RTC: %04d-%02u-%02u %02u:%02u:%02u UTC", t.year,
		 t.month, t.day, t.hour, t.minute, t.second);
}

static void kmain_interrupts(void)
{
	platform_discover(boot_info);
	arch_intc_init(&platform);
	timer_init_cpu();
	arch_irq_register(arch_timer_vector(), (irq_handler_fn)timer_interrupt);
	arch_syscall_init();
	arch_ipi_init();
	sched_init_cpu();
	serial_input_init();
}

/* A secondary CPU, on its own tables and stack: join the scheduler. */
_Noreturn void kernel_ap_main(void)
{
	timer_init_cpu();
	sched_init_cpu();
	log_info(&kmain_log, "CPU %d online", cpu_current_id());
	arch_ap_alive();
	sched_idle_loop();
}

static void kmain_smp(const char *cmdline)
{
	struct cmdline_value v;
	if (cmdline_get(cmdline, "nosmp", &v)) {
		log_info(&kmain_log, "nosmp: using the boot CPU only");
		return;
	}
	int n = arch_smp_start(&platform);
	log_info(&kmain_log, "%d of %d CPUs online", n, platform.ncpus);
}

/* Runs on a guarded kernel stack once paging is final. */
static _Noreturn void kmain_late(void)
{
	kheap_init();
	kmain_interrupts();
	kmain_wall_clock();
	kmain_smp(boot_info->cmdline);
	kmain_dispatch(boot_info->cmdline);
}

void kmain(uint32_t magic, uint32_t info_phys)
{
	uint64_t entry = arch_cycles();
	cpu_install(&cpu_boot, 0);
	arch_uart_init(0);
	arch_uart_init(1);
	arch_tsc_calibrate();
	clock_init(entry, arch_tsc_hz());
	arch_early_init();
	log_info(&kmain_log, "capOS " CAPOS_VERSION " (x86_64) booting");
	arch_cpu_features_log();
	log_info(&kmain_log, "TSC %lu kHz (PIT-calibrated)%s", arch_tsc_hz() / 1000,
		 arch_tsc_invariant() ? ", invariant"
		 : ", not invariant: trusted anyway under a hypervisor");
	log_info(&kmain_log, "FPU state for threads: %s, %zu bytes",
		 arch_fpu_method(), arch_fpu_state_size());
	boot_info = bootinfo_parse(magic, info_phys);
	bootinfo_log(boot_info);
	frame_init(boot_info);
	kmap_init(boot_info);
	uintptr_t bottom, top = kstack_alloc(KSTACK_PAGES, &bottom);
	arch_ist_stacks_guarded();
	arch_run_on_stack(top, kmain_late);
}
