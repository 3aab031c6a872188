/* Trap dispatch. Exceptions in kernel mode are bugs: report everything we
 * know (vector name, error code, CR2, registers, the stack the CPU was on,
 * a symbolized backtrace) and panic, except faults under a recovery point
 * (user copies, probes). A page fault on an absent page of a demand-zero
 * region (user stack, anonymous memory), from user mode or from a user
 * copy, is filled and the instruction runs again; every other user-mode
 * exception kills its process with a report. Interrupts go to their
 * handlers. */
#include "capos/err.h"
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/gdt.h"
#include "kernel/arch/x86_64/idt.h"
#include "kernel/arch/x86_64/lapic.h"
#include "kernel/arch/x86_64/trap_struct.h"
#include "kernel/arch/arch.h"
#include "kernel/core/cpu.h"
#include "kernel/core/log.h"
#include "kernel/core/panic.h"
#include "kernel/mm/aspace.h"
#include "kernel/proc/process.h"
#include "kernel/proc/sched.h"

LOG_SOURCE(trap_log, "trap");

static const char *const trap_names[TRAP_EXC_COUNT] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range", "#UD invalid opcode",
	"#NM device not available", "#DF double fault", "coprocessor overrun",
	"#TS invalid TSS", "#NP segment not present", "#SS stack fault",
	"#GP general protection", "#PF page fault", "reserved 15",
	"#MF x87 error", "#AC alignment check", "#MC machine check",
	"#XM SIMD error", "#VE virtualization", "#CP control protection",
};

static irq_handler_fn irq_handlers[256];

void arch_irq_register(int vector, irq_handler_fn fn)
{
	irq_handlers[vector] = fn;
}

static void trap_dump_regs(const struct trap_frame *tf)
{
	log_raw("  rax=%016lx rbx=%016lx rcx=%016lx rdx=%016lx\n",
		tf->rax, tf->rbx, tf->rcx, tf->rdx);
	log_raw("  rsi=%016lx rdi=%016lx rbp=%016lx rsp=%016lx\n",
		tf->rsi, tf->rdi, tf->rbp, tf->rsp);
	log_raw("  r8 =%016lx r9 =%016lx r10=%016lx r11=%016lx\n",
		tf->r8, tf->r9, tf->r10, tf->r11);
	log_raw("  r12=%016lx r13=%016lx r14=%016lx r15=%016lx\n",
		tf->r12, tf->r13, tf->r14, tf->r15);
	log_raw("  rip=%016lx cs=%lx rflags=%lx ss=%lx cr3=%lx\n",
		tf->rip, tf->cs, tf->rflags, tf->ss, read_cr3());
}

/* The double fault report states which stack the handler runs on so the
 * self-test can check it is the IST stack, not the overflowed one. */
static void trap_report_stack(const struct trap_frame *tf)
{
	uintptr_t here = (uintptr_t)__builtin_frame_address(0);
	uintptr_t lo, hi;
	gdt_ist_bounds(IST_DF, &lo, &hi);
	log_raw("  handler rsp=0x%lx ist=[0x%lx,0x%lx)\n", here, lo, hi);
}

static _Noreturn void trap_kernel_fault(struct trap_frame *tf)
{
	const char *name = arch_trap_name((unsigned)tf->vector);
	log_raw("\n*** %s (vector %lu) error=0x%lx", name, tf->vector, tf->error);
	if (tf->vector == TRAP_PF)
		log_raw(" cr2=0x%lx", read_cr2());
	log_raw(" at ");
	panic_print_symbol(tf->rip);
	log_raw("\n");
	trap_dump_regs(tf);
	if (tf->vector == TRAP_DF)
		trap_report_stack(tf);
	panic_backtrace_from(tf->rip, tf->rbp);
	panic("unhandled %s in kernel mode", name);
}

/* A fault under arch_probe: record it and resume at the recovery point. */
static bool trap_try_recover(struct trap_frame *tf)
{
	struct cpu_arch *a = &cpu_current()->arch;
	if (!a->resume_rip || tf->vector == TRAP_DF || tf->vector == TRAP_MC)
		return false;
	a->fault_vector = tf->vector;
	a->fault_error = tf->error;
	a->fault_addr = tf->vector == TRAP_PF ? read_cr2() : tf->rip;
	tf->rip = a->resume_rip;
	tf->rsp = a->resume_rsp;
	a->resume_rip = 0;
	return true;
}

/* Device and local interrupts: the LAPIC wants an EOI for every vector
 * it delivered, except the spurious one. */
static void trap_interrupt(uint64_t vector)
{
	if (vector == VEC_SPURIOUS)
		return;
	if (irq_handlers[vector])
		irq_handlers[vector]((int)vector);
	else
		log_warn(&trap_log, "unexpected interrupt vector %lu", vector);
	lapic_eoi();
}

int arch_timer_vector(void)
{
	return VEC_TIMER;
}

const char *arch_trap_name(unsigned vector)
{
	if (vector < TRAP_EXC_COUNT && trap_names[vector])
		return trap_names[vector];
	return "exception";
}

/* An exception in user mode is the process's problem, never the
 * kernel's: it is reported and the process killed. */
static _Noreturn void trap_user_fault(struct trap_frame *tf)
{
	struct proc_fault f = {
		.vector = (uint8_t)tf->vector, .error = tf->error, .ip = tf->rip,
		.addr = tf->vector == TRAP_PF ? read_cr2() : tf->rip,
	};
	process_fault_current(&f);
}

static bool trap_from_user(const struct trap_frame *tf)
{
	return (tf->cs & 3) == 3;
}

/* #PF error code bits */
#define PF_PRESENT (1u << 0)
#define PF_WRITE (1u << 1)
#define PF_RSVD (1u << 3)
#define PF_FETCH (1u << 4)

/* A page fault on an absent page of the current process's own space:
 * fill it if it lies in a demand-zero region that allows the access.
 * Returns true when the faulting instruction may simply run again. */
static bool trap_demand_fault(const struct trap_frame *tf, uint64_t addr)
{
	struct process *p = sched_current()->proc;
	if (!p || (tf->error & (PF_PRESENT | PF_RSVD)) || addr >= USER_TOP ||
	    p->as.root != arch_pt_current())
		return false;
	unsigned access = (tf->error & PF_WRITE) ? MAP_W
			  : (tf->error & PF_FETCH) ? MAP_X : MAP_R;
	int err = aspace_demand_fault(&p->as, addr, access);
	if (err == ERR_QUOTA || err == ERR_NO_MEMORY)
		log_warn(&trap_log, "pid %d \"%s\": no page for 0x%lx (%s): %s",
			 p->pid, p->name, addr, trap_from_user(tf) ? "user"
			 : "user copy", capos_strerror(err));
	return err == 0;
}

void trap_dispatch(struct trap_frame *tf);
void trap_dispatch(struct trap_frame *tf)
{
	if (tf->vector >= TRAP_EXC_COUNT) {
		trap_interrupt(tf->vector);
		if (trap_from_user(tf)) {
			sched_preempt_point();
			process_check_kill();
		}
		return;
	}
	bool pf = tf->vector == TRAP_PF;
	if (trap_from_user(tf)) {
		if (pf && trap_demand_fault(tf, read_cr2())) {
			sched_preempt_point();
			process_check_kill();
			return;
		}
		trap_user_fault(tf);
	}
	/* a user copy (recovery point set) meeting a demand-zero page */
	if (pf && cpu_current()->arch.resume_rip &&
	    trap_demand_fault(tf, read_cr2()))
		return;
	if (trap_try_recover(tf))
		return;
	trap_kernel_fault(tf);
}
