/* The architecture interface: the only way generic kernel code reaches
 * kernel/arch/<arch>/. Each hook is implemented once per architecture. */
#ifndef CAPOS_ARCH_H
#define CAPOS_ARCH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Serial ports: 0 = COM1 (kernel log), 1 = COM2 (user terminal). */
void arch_uart_init(int port);
void arch_uart_putc(int port, char c);
void arch_uart_write(int port, const char *s, size_t n);
int arch_uart_getc(int port);	/* -1 when no byte is waiting */

/* CPU bring-up on the boot CPU: descriptor tables, traps, FPU, features. */
void arch_early_init(void);
void arch_cpu_features_log(void);

/* Cycle counter and its calibrated frequency (0 until calibrated). */
uint64_t arch_cycles(void);
void arch_tsc_calibrate(void);
uint64_t arch_tsc_hz(void);

typedef void (*irq_handler_fn)(int vector);
void arch_irq_register(int vector, irq_handler_fn fn);

/* Walk saved frame pointers from (rip, rbp); returns frames stored. */
size_t arch_backtrace(uintptr_t rip, uintptr_t rbp, uintptr_t *pcs, size_t max);
uintptr_t arch_frame_pointer(void);

/* Interrupt state for lock primitives. */
bool arch_irq_save(void);	/* disables; returns whether they were on */
void arch_irq_restore(bool was_on);

void arch_idle_wait(void);	/* enable interrupts and wait for one */
_Noreturn void arch_halt_forever(void);
_Noreturn void arch_machine_exit(int code);

/* Deliberate faults for the fault-report self-tests. */
void arch_selftest_double_fault(void);

#endif
