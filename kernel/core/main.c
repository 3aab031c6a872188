/* kmain: the order of boot. Each step may rely on everything above it.
 *   1. serial ports, so anything can be reported
 *   2. TSC calibration, so log lines carry real timestamps
 *   3. descriptor tables and traps, so faults produce reports
 *   4. boot information (memory map, modules, command line)
 *   5. the boot mode named on the command line: self-tests, a deliberate
 *      fault, a smoke boot that exits, or the normal idle loop */
#include "kernel/arch/arch.h"
#include "kernel/core/bootinfo.h"
#include "kernel/core/log.h"
#include "kernel/core/panic.h"
#include "kernel/core/selftest.h"
#include "lib/util/cmdline.h"

LOG_SOURCE(kmain_log, "kmain");

#define CAPOS_VERSION "0.1.0"

void kmain(uint32_t magic, uint32_t info_phys);
void selftest_fault_pf(void);

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
		if (!cmdline_value_eq(v, "smoke"))
			panic("unknown test mode '%.*s'", (int)v.len, v.s);
	}
	if (cmdline_get(cmdline, "test", &v) || cmdline_get(cmdline, "halt", &v)) {
		log_info(&kmain_log, "halt requested; exiting");
		arch_machine_exit(KERNEL_EXIT_SUCCESS);
	}
	log_info(&kmain_log, "idle");
	for (;;)
		arch_idle_wait();
}

void kmain(uint32_t magic, uint32_t info_phys)
{
	uint64_t entry = arch_cycles();
	arch_uart_init(0);
	arch_uart_init(1);
	arch_tsc_calibrate();
	log_start(entry);
	arch_early_init();
	log_info(&kmain_log, "capOS " CAPOS_VERSION " (x86_64) booting");
	const struct boot_info *bi = bootinfo_parse(magic, info_phys);
	log_info(&kmain_log, "loader: %s, command line: \"%s\"",
		 bootinfo_loader_name(bi), bootinfo_cmdline(bi));
	arch_cpu_features_log();
	log_info(&kmain_log, "tsc: %lu kHz (PIT-calibrated)", arch_tsc_hz() / 1000);
	kmain_dispatch(bootinfo_cmdline(bi));
}
