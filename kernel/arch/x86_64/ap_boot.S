/* Application processor start-up. The boot CPU copies this blob to
 * physical AP_TRAMPOLINE (below 1 MiB, where a SIPI can point), fills the
 * data words at its end, and sends INIT-SIPI-SIPI. The AP wakes in 16-bit
 * real mode at AP_TRAMPOLINE, climbs to protected mode and long mode with
 * a temporary page table that maps the trampoline at its own address and
 * the kernel half as usual, and jumps to ap_entry(cpu) on its own stack.
 * The blob is position-dependent on AP_TRAMPOLINE: every address below is
 * label - ap_tramp_start + AP_TRAMPOLINE. */
#include "kernel/arch/x86_64/boot_defs.h"

#define AP_TRAMPOLINE 0x8000
#define REL(x) ((x) - ap_tramp_start + AP_TRAMPOLINE)

	.section .rodata
	.balign 16
	.global ap_tramp_start, ap_tramp_end
ap_tramp_start:
	.code16
	cli
	cld
	xor	%ax, %ax
	mov	%ax, %ds
	lgdtl	REL(ap_gdt_ptr)
	mov	%cr0, %eax
	or	$CR0_PE, %eax
	mov	%eax, %cr0
	ljmpl	$0x08, $REL(ap_pm32)

	.code32
ap_pm32:
	mov	$0x10, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	mov	REL(ap_cr3), %eax
	mov	%eax, %cr3
	mov	%cr4, %eax
	or	$(CR4_PAE | CR4_PGE), %eax
	mov	%eax, %cr4
	mov	$MSR_EFER, %ecx
	rdmsr
	or	REL(ap_efer_bits), %eax
	wrmsr
	mov	%cr0, %eax
	or	$(CR0_PG | CR0_WP), %eax
	mov	%eax, %cr0
	ljmp	$0x18, $REL(ap_lm64)

	.code64
ap_lm64:
	xor	%eax, %eax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	mov	REL(ap_stack), %rsp
	mov	REL(ap_arg), %rdi
	mov	REL(ap_entry_addr), %rax
	xor	%ebp, %ebp
	jmp	*%rax

	.balign 16
ap_gdt:
	.quad	0
	.quad	0x00CF9A000000FFFF	/* 0x08: 32-bit code */
	.quad	0x00CF92000000FFFF	/* 0x10: data */
	.quad	0x00AF9A000000FFFF	/* 0x18: 64-bit code */
ap_gdt_ptr:
	.short	ap_gdt_ptr - ap_gdt - 1
	.long	REL(ap_gdt)
	.balign 8
	.global ap_tramp_data
ap_tramp_data:
ap_cr3:		.long 0		/* temporary root, below 4 GiB */
ap_efer_bits:	.long 0		/* EFER bits to set: LME, NXE */
ap_stack:	.quad 0
ap_entry_addr:	.quad 0
ap_arg:		.quad 0
ap_tramp_end:
