/* System call MSRs. The selectors in STAR follow from the GDT layout in
 * gdt.h; SFMASK makes every kernel entry start with interrupts off, the
 * direction flag clear and AC clear (so SMAP is in force). */
#include "kernel/arch/x86_64/boot_defs.h"
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/cpufeat.h"
#include "kernel/arch/x86_64/gdt.h"
#include "kernel/arch/x86_64/trap_struct.h"
#include "kernel/arch/arch.h"
#include "kernel/arch/x86_64/usercopy.h"
#include "kernel/proc/process.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/syscall.h"

#define MSR_STAR 0xC0000081
#define MSR_LSTAR 0xC0000082
#define MSR_SFMASK 0xC0000084
#define RFLAGS_TF (1u << 8)
#define RFLAGS_DF (1u << 10)
#define RFLAGS_NT (1u << 14)
#define RFLAGS_AC (1u << 18)

void syscall_entry(void);
uint8_t usercopy_smap_present;	/* read by arch_user_copy */

void arch_syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	wrmsr(MSR_STAR, ((uint64_t)(SEL_UCODE32 | 3) << 48) |
			((uint64_t)SEL_KCODE << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_SFMASK, RFLAGS_IF | RFLAGS_DF | RFLAGS_TF | RFLAGS_NT |
			  RFLAGS_AC);
	usercopy_smap_present = cpu_features.smap;
}

/* Called from syscall_entry with interrupts off (ring.c turns them on
 * for work that is not brief), on the thread's kernel stack. Preemption
 * takes effect here, on the way back to user mode; a killed process ends
 * here as it does on an interrupt's way back, interrupts on or off. */
void syscall_dispatch(struct trap_frame *tf);
void syscall_dispatch(struct trap_frame *tf)
{
	tf->rax = (uint64_t)syscall_handle(tf->rax, tf->rdi, tf->rsi);
	sched_preempt_point();
	process_check_kill();
}
