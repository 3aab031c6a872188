/* The architecture interface: the only way generic kernel code reaches
 * kernel/arch/<arch>/. Each hook is implemented once per architecture. */
#ifndef CAPOS_ARCH_H
#define CAPOS_ARCH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Serial ports by index: 0 = COM1 (kernel log), 1 and 2 = terminal
 * UARTs. Index 1 starts out at COM2; arch_uart_attach moves an index to
 * another UART, probing it first (false: nothing answers there). An index
 * with no UART ignores output and has no input. */
#define ARCH_UARTS 3
void arch_uart_init(int port);
bool arch_uart_attach(int port, uint16_t io_base);
void arch_uart_putc(int port, char c);
void arch_uart_write(int port, const char *s, size_t n);
int arch_uart_getc(int port);	/* -1 when no byte is waiting */
void arch_uart_rx_irq_enable(int port);

/* FPU/SSE/AVX register state of user threads: buffers of
 * arch_fpu_state_size() bytes, 64-byte aligned. */
size_t arch_fpu_state_size(void);
const char *arch_fpu_method(void);
void arch_fpu_save(void *buf);
void arch_fpu_restore(const void *buf);
void arch_fpu_init_state(void *buf);	/* the clean state new threads get */

struct cpu;
/* Point this CPU's GS base at its per-CPU block. */
void arch_cpu_set_self(struct cpu *c);

/* Run fn(arg) with a fault recovery point: a kernel-mode fault inside
 * returns -1 (and fills the per-CPU fault fields) instead of panicking. */
int arch_probe(void (*fn)(void *), void *arg);

/* CPU bring-up on the boot CPU: descriptor tables, traps, FPU, features. */
void arch_early_init(void);
void arch_cpu_features_log(void);

/* Cycle counter and its calibrated frequency (0 until calibrated). */
static inline uint64_t arch_cycles(void)	/* the TSC; inline: clocks */
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}
void arch_tsc_calibrate(void);
uint64_t arch_tsc_hz(void);
bool arch_tsc_invariant(void);

/* Switch to a fresh stack and call fn there; never returns. */
_Noreturn void arch_run_on_stack(uintptr_t top, void (*fn)(void));
/* Move this CPU's IST stacks to guarded kernel stacks (needs kmap). */
void arch_ist_stacks_guarded(void);

/* One-shot local timer interrupt after ns (0 cancels); its rate. */
void arch_timer_arm(uint64_t ns);
uint64_t arch_timer_hz(void);

struct civil_time;
/* Reads the CMOS clock; false if it gave an impossible date. */
bool arch_rtc_read(struct civil_time *out);

typedef void (*irq_handler_fn)(int vector);
void arch_irq_register(int vector, irq_handler_fn fn);

struct platform;
/* Interrupt controllers of the boot CPU / a secondary CPU. */
void arch_intc_init(const struct platform *p);
void arch_intc_init_ap(const struct platform *p);
/* Route legacy ISA line `irq` to fn on this CPU and unmask it. */
int arch_irq_claim_isa(int irq, irq_handler_fn fn);
/* Vector of the local timer interrupt (for timer_interrupt wiring). */
int arch_timer_vector(void);

/* Walk saved frame pointers from (rip, rbp); returns frames stored. */
size_t arch_backtrace(uintptr_t rip, uintptr_t rbp, uintptr_t *pcs, size_t max);
uintptr_t arch_frame_pointer(void);

/* Interrupt state for lock primitives. */
/* Disables; returns whether they were on. Inline: every spinlock pays
 * for these, and the ring path takes spinlocks. */
static inline bool arch_irq_save(void)
{
	uint64_t flags;
	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags & (1u << 9);	/* RFLAGS.IF */
}

static inline void arch_irq_restore(bool was_on)
{
	if (was_on)
		__asm__ volatile("sti" : : : "memory");
}

/* Turns interrupts on unless they are: `sti` ends a translated block
 * under TCG, so it is not repeated when they already are. */
static inline void arch_irq_enable(void)
{
	uint64_t flags;
	__asm__ volatile("pushfq; popq %0" : "=r"(flags) : : "memory");
	if (!(flags & (1u << 9)))
		__asm__ volatile("sti" : : : "memory");
}

void arch_idle_wait(void);	/* enable interrupts and wait for one */
_Noreturn void arch_halt_forever(void);
_Noreturn void arch_machine_exit(int code);

/* Page tables. `root` is the physical address of the top-level table.
 * Mappings use the largest pages that fit unless MAP_SMALL is given. */
enum map_prot {
	MAP_R = 1 << 0, MAP_W = 1 << 1, MAP_X = 1 << 2, MAP_USER = 1 << 3,
	MAP_UNCACHED = 1 << 4, MAP_SMALL = 1 << 5,
	MAP_OWNED = 1 << 6,	/* the mapping owns its frame: freed with it */
};
int arch_pt_map(uint64_t root, uintptr_t va, uint64_t pa, size_t len,
		unsigned prot);
bool arch_pt_query(uint64_t root, uintptr_t va, uint64_t *pa, unsigned *prot);
uint64_t arch_pt_current(void);
/* Make sure the top-level entry covering va has a table, so address
 * spaces that copy the kernel half see later kernel mappings there. */
int arch_pt_prealloc_top(uint64_t root, uintptr_t va);
/* Copy the kernel half's top-level entries from `kernel_root`. */
void arch_pt_share_kernel_half(uint64_t root, uint64_t kernel_root);
/* Free every user-half table of `root`, and the frames of MAP_OWNED
 * leaves through free_frame; the root table itself is left. */
void arch_pt_destroy_user(uint64_t root, void (*free_frame)(uint64_t pa));
/* Remove the 4 KiB user mapping at va; returns its frame and whether the
 * mapping owned it, or 0 if nothing was mapped. */
uint64_t arch_pt_unmap_page(uint64_t root, uintptr_t va, bool *owned);
/* Change the permissions of the 4 KiB user mapping at va (if any). */
void arch_pt_protect_page(uint64_t root, uintptr_t va, unsigned prot);
void arch_pt_activate(uint64_t root);
void arch_nx_enable(void);
enum mmu_hardening { MMU_NX = 1, MMU_SMEP = 2, MMU_SMAP = 4, MMU_UMIP = 8 };
unsigned arch_mmu_harden(void);

/* Threads and user mode. A user thread's kernel stack starts with its
 * trap frame at the very top; arch_thread_prepare_user returns the saved
 * stack pointer for its first switch. */
uintptr_t arch_thread_prepare_user(uintptr_t kstack_top, uint64_t entry,
				   uint64_t rdi, uint64_t rsi, uint64_t rsp);
void arch_switch(uintptr_t *save_ksp, uintptr_t new_ksp,
		 uintptr_t new_kstack_top, uint64_t new_root);
void arch_syscall_init(void);
extern uint64_t arch_as_switches;	/* page-table root loads, all CPUs */
/* arch_user_copy(dst, src, n): copy to or from user memory already
 * range-checked; -1 on a fault. Inline (kernel/arch/x86_64/usercopy.h). */

/* Random bytes; returns the weakest source used. */
enum arch_entropy { ARCH_ENTROPY_RDSEED, ARCH_ENTROPY_RDRAND, ARCH_ENTROPY_JITTER };
enum arch_entropy arch_entropy_fill(uint8_t *buf, size_t n);
const char *arch_entropy_name(enum arch_entropy s);
/* The user thread pointer (FS base) of the running thread. */
void arch_set_fs_base(uint64_t base);

/* Start the other CPUs of the platform; returns how many CPUs run. Each
 * new CPU ends in kernel_ap_main() (generic code). */
int arch_smp_start(const struct platform *p);
void arch_ap_alive(void);
_Noreturn void kernel_ap_main(void);
/* Wake a CPU that may be halted so it looks at its run queue. */
void arch_send_resched(int cpu);
/* Make every CPU in `mask` (but this one) drop stale user TLB entries,
 * and wait until they have; also services requests aimed at this CPU. */
void arch_tlb_shootdown(uint64_t mask);
/* Called while spinning: answer a pending shootdown aimed at this CPU. */
void arch_tlb_poll(void);
void arch_ipi_init(void);

/* "#PF page fault" and so on, for reports. */
const char *arch_trap_name(unsigned vector);

/* Deliberate faults for the fault-report self-tests. */
void arch_selftest_double_fault(void);

#endif
