/* Boot entry: multiboot headers, the 32-bit entry and the switch to long
 * mode. The boot loader leaves us in 32-bit protected mode, paging off,
 * with the magic in EAX and the info pointer in EBX. We build just enough
 * page tables to reach kmain in the higher half:
 *   PML4[0]   -> identity 0..4 GiB   (2 MiB pages; dropped once paging is
 *                                     rebuilt by mm)
 *   PML4[256] -> same 0..4 GiB, the early direct map
 *   PML4[511] -> PDPT_hi[510] -> first 1 GiB at KERNEL_VMA
 * Everything below uses physical addresses: high symbols minus KERNEL_VMA. */
#include "kernel/arch/x86_64/boot_defs.h"

	.section .multiboot, "a"
	.align 8
mb2_header:
	.long MB2_MAGIC
	.long 0				/* i386 protected mode */
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + (mb2_header_end - mb2_header))
	/* entry address tag: GRUB would otherwise take e_entry as well */
	.align 8
	.short 3, 0
	.long 12
	.long _start32
	.align 8
	.short 0, 0			/* end tag */
	.long 8
mb2_header_end:

	.align 4
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long mb1_header		/* header_addr */
	.long _phys_start		/* load_addr */
	.long _phys_load_end		/* load_end_addr */
	.long _phys_bss_end		/* bss_end_addr */
	.long _start32			/* entry_addr */

	.section .boot.text, "ax"
	.code32
	.global _start32
_start32:
	cli
	cld
	mov	%eax, %edi
	mov	%ebx, %esi
	mov	$(boot_stack_top - KERNEL_VMA), %esp

	/* Long mode present? Otherwise there is nothing we can do. */
	mov	$0x80000000, %eax
	cpuid
	cmp	$0x80000001, %eax
	jb	no_long_mode
	mov	$0x80000001, %eax
	cpuid
	bt	$29, %edx
	jnc	no_long_mode

	call	boot_build_tables

	mov	$(boot_pml4 - KERNEL_VMA), %eax
	mov	%eax, %cr3
	mov	%cr4, %eax
	or	$(CR4_PAE | CR4_PGE), %eax
	mov	%eax, %cr4
	mov	$MSR_EFER, %ecx
	rdmsr
	or	$EFER_LME, %eax
	wrmsr
	mov	%cr0, %eax
	or	$(CR0_PG | CR0_PE | CR0_WP), %eax
	mov	%eax, %cr0

	lgdt	boot_gdt_ptr
	ljmp	$0x08, $long_entry

/* Fill the early tables (all in .bss, zeroed by the loader). */
boot_build_tables:
	mov	$(boot_pdpt_lo - KERNEL_VMA), %eax
	or	$(PTE_P | PTE_W), %eax
	mov	%eax, (boot_pml4 - KERNEL_VMA)
	mov	%eax, (boot_pml4 - KERNEL_VMA + 256 * 8)
	mov	$(boot_pdpt_hi - KERNEL_VMA), %eax
	or	$(PTE_P | PTE_W), %eax
	mov	%eax, (boot_pml4 - KERNEL_VMA + 511 * 8)

	/* four page directories for 0..4 GiB */
	xor	%ecx, %ecx
1:	mov	%ecx, %eax
	shl	$12, %eax
	add	$(boot_pd - KERNEL_VMA), %eax
	or	$(PTE_P | PTE_W), %eax
	mov	%eax, (boot_pdpt_lo - KERNEL_VMA)(,%ecx,8)
	inc	%ecx
	cmp	$4, %ecx
	jne	1b
	mov	$(boot_pd - KERNEL_VMA), %eax
	or	$(PTE_P | PTE_W), %eax
	mov	%eax, (boot_pdpt_hi - KERNEL_VMA + 510 * 8)

	/* 2048 large-page entries: entry i maps i * 2 MiB */
	xor	%ecx, %ecx
2:	mov	%ecx, %eax
	shl	$21, %eax
	or	$(PTE_P | PTE_W | PTE_PS), %eax
	mov	%eax, (boot_pd - KERNEL_VMA)(,%ecx,8)
	mov	%ecx, %eax
	shr	$11, %eax		/* high dword: i >> 11 (4 GiB units) */
	mov	%eax, (boot_pd - KERNEL_VMA + 4)(,%ecx,8)
	inc	%ecx
	cmp	$2048, %ecx
	jne	2b
	ret

no_long_mode:
	mov	$0x3f8, %dx
	mov	$no_lm_msg, %esi
3:	lodsb
	test	%al, %al
	jz	4f
	out	%al, %dx
	jmp	3b
4:	hlt
	jmp	4b

	.code64
long_entry:
	mov	$0x10, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	xor	%ax, %ax
	mov	%ax, %fs
	mov	%ax, %gs
	movabs	$higher_half_entry, %rax
	jmp	*%rax

	.section .boot.data, "aw"
no_lm_msg:
	.asciz	"capOS: this CPU has no long mode; halting\r\n"
	.align 16
boot_gdt:
	.quad	0
	.quad	0x00AF9A000000FFFF	/* 0x08: 64-bit kernel code */
	.quad	0x00CF92000000FFFF	/* 0x10: kernel data */
boot_gdt_end:
boot_gdt_ptr:
	.short	boot_gdt_end - boot_gdt - 1
	.quad	boot_gdt

	.section .text.entry, "ax"
	.code64
higher_half_entry:
	movabs	$boot_stack_top, %rsp
	xor	%ebp, %ebp
	mov	%edi, %edi		/* zero-extend magic and info pointer */
	mov	%esi, %esi
	call	kmain
5:	cli
	hlt
	jmp	5b

	.section .bss
	.align 4096
	.global boot_pml4
boot_pml4:	.skip 4096
boot_pdpt_lo:	.skip 4096
boot_pdpt_hi:	.skip 4096
boot_pd:	.skip 4096 * 4
	.global boot_stack_bottom, boot_stack_top
boot_stack_bottom:
	.skip	BOOT_STACK_SIZE
boot_stack_top:
