/* Boot-CPU bring-up: descriptor tables, trap vectors and the FPU/SSE
 * control bits. The kernel itself never touches FPU registers
 * (-mgeneral-regs-only); they are enabled for user threads, whose state is
 * saved with xsave (or fxsave) on every switch. */
#include "kernel/arch/x86_64/boot_defs.h"
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/cpufeat.h"
#include "kernel/arch/x86_64/fpu.h"
#include "kernel/arch/x86_64/gdt.h"
#include "kernel/arch/x86_64/idt.h"
#include "kernel/arch/x86_64/pic.h"
#include "kernel/arch/arch.h"

static struct cpu_tables boot_cpu_tables;


void fpu_enable_cpu(void)
{
	uint64_t cr0 = read_cr0();
	cr0 = (cr0 & ~(uint64_t)(CR0_EM | CR0_TS)) | CR0_MP;
	write_cr0(cr0);
	uint64_t cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;
	if (cpu_features.xsave)
		cr4 |= CR4_OSXSAVE;
	write_cr4(cr4);
	if (cpu_features.xsave) {
		/* x87 | SSE, plus AVX state when present */
		xsetbv(0, cpu_features.avx ? 0x7 : 0x3);
	}
}

void arch_early_init(void)
{
	cpu_features_detect();
	gdt_init_cpu(&boot_cpu_tables);
	idt_build();
	idt_load();
	pic_disable();
	fpu_enable_cpu();
	fpu_setup();
}

#define MSR_GS_BASE 0xC0000101
#define MSR_KERNEL_GS_BASE 0xC0000102

void arch_cpu_set_self(struct cpu *c)
{
	wrmsr(MSR_GS_BASE, (uint64_t)c);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}

_Noreturn void arch_run_on_stack(uintptr_t top, void (*fn)(void))
{
	__asm__ volatile("mov %0, %%rsp\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "call *%1\n\t"
			 "ud2" : : "r"(top), "r"(fn) : "memory");
	__builtin_unreachable();
}

void arch_ist_stacks_guarded(void)
{
	gdt_move_ist_stacks(&boot_cpu_tables);
}

#define MSR_FS_BASE 0xC0000100

void arch_set_fs_base(uint64_t base)
{
	wrmsr(MSR_FS_BASE, base);
}
