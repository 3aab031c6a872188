/* The panic path must work with any lock held and on any stack: it prints
 * through log_raw (no lock, no rate limit), symbolizes through the embedded
 * table, and stops the machine through the arch layer. A panic during a
 * panic skips straight to the stop. */
#include <stdarg.h>
#include "kernel/arch/arch.h"
#include "kernel/core/ksym.h"
#include "kernel/core/log.h"
#include "kernel/core/panic.h"
#include "lib/fmt/fmt.h"

#define BACKTRACE_MAX 24

static volatile int panicking;

void panic_print_symbol(uintptr_t addr)
{
	struct symtab_hit h = ksym_lookup(addr);
	if (h.name)
		log_raw("0x%lx <%s+0x%lx>", addr, h.name, h.offset);
	else
		log_raw("0x%lx <?>", addr);
}

void panic_backtrace_from(uintptr_t rip, uintptr_t rbp)
{
	uintptr_t pcs[BACKTRACE_MAX];
	size_t n = arch_backtrace(rip, rbp, pcs, BACKTRACE_MAX);
	log_raw("backtrace:\n");
	for (size_t i = 0; i < n; i++) {
		log_raw("  #%zu ", i);
		panic_print_symbol(pcs[i]);
		log_raw("\n");
	}
}

_Noreturn void panic(const char *fmt, ...)
{
	arch_irq_save();
	if (__atomic_exchange_n(&panicking, 1, __ATOMIC_SEQ_CST))
		arch_machine_exit(KERNEL_EXIT_FAILURE);
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_raw("\npanic: %s\n", msg);
	panic_backtrace_from(0, arch_frame_pointer());
	log_raw("panic: stopping the machine\n");
	arch_machine_exit(KERNEL_EXIT_FAILURE);
}
