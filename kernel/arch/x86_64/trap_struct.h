/* The trap frame, shared with the entry stubs. Field order is the push
 * order of trap_regs_push reversed; each offset is pinned by a static
 * assert below so the assembly and C can never disagree. */
#ifndef CAPOS_ARCH_TRAP_STRUCT_H
#define CAPOS_ARCH_TRAP_STRUCT_H

#define OFF_TF_R15    0
#define OFF_TF_RAX    (14 * 8)
#define OFF_TF_VECTOR (15 * 8)
#define OFF_TF_ERROR  (16 * 8)
#define OFF_TF_RIP    (17 * 8)
#define OFF_TF_CS     (18 * 8)
#define OFF_TF_RFLAGS (19 * 8)
#define OFF_TF_RSP    (20 * 8)
#define OFF_TF_SS     (21 * 8)
#define TF_SIZE       (22 * 8)

#ifdef __ASSEMBLER__
/* The general registers in struct trap_frame order, for both entry paths
 * (trap_entry.S, syscall_entry.S): one definition, so they cannot drift. */
	.macro trap_regs_push
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	.endm
	.macro trap_regs_pop
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	.endm
#endif

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	/* pushed by the CPU */
	uint64_t rip, cs, rflags, rsp, ss;
};

_Static_assert(offsetof(struct trap_frame, r15) == OFF_TF_R15, "tf r15");
_Static_assert(offsetof(struct trap_frame, rax) == OFF_TF_RAX, "tf rax");
_Static_assert(offsetof(struct trap_frame, vector) == OFF_TF_VECTOR, "tf vec");
_Static_assert(offsetof(struct trap_frame, error) == OFF_TF_ERROR, "tf err");
_Static_assert(offsetof(struct trap_frame, rip) == OFF_TF_RIP, "tf rip");
_Static_assert(offsetof(struct trap_frame, cs) == OFF_TF_CS, "tf cs");
_Static_assert(offsetof(struct trap_frame, rflags) == OFF_TF_RFLAGS, "tf fl");
_Static_assert(offsetof(struct trap_frame, rsp) == OFF_TF_RSP, "tf rsp");
_Static_assert(offsetof(struct trap_frame, ss) == OFF_TF_SS, "tf ss");
_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "tf size");
#endif

#endif
