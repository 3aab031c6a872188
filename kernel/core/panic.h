#ifndef CAPOS_CORE_PANIC_H
#define CAPOS_CORE_PANIC_H
#include <stdint.h>

/* Unrecoverable kernel state: report, backtrace, stop the machine. */
_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "0x<addr> <symbol+0xoff>" for a kernel text address. */
void panic_print_symbol(uintptr_t addr);
void panic_backtrace_from(uintptr_t rip, uintptr_t rbp);

/* Exit codes for isa-debug-exit: QEMU exits with (code << 1) | 1. */
#define KERNEL_EXIT_SUCCESS 0x10
#define KERNEL_EXIT_FAILURE 0x11

#define kassert(cond)                                                       \
	do {                                                                \
		if (!(cond))                                                \
			panic("assertion failed: %s (%s:%d)", #cond,        \
			      __FILE__, __LINE__);                          \
	} while (0)

#endif
