/* Copies between kernel and user memory, inline: SMAP is lifted for
 * exactly the copy (stac/clac), and a recovery point makes a fault on an
 * unmapped or protected user page return -1 instead of oopsing (the trap
 * handler resumes at resume_rip with resume_rsp; see trap.c). The caller
 * has already checked that the user range lies below USER_TOP.
 *
 * Inline rather than an assembly function: a CALL copies twice, and under
 * TCG the call and the return would each end a translated block, on top
 * of the two that stac and clac end anyway. Words first, then the tail:
 * each rep iteration costs about the same whatever its width.
 *
 * With no SMAP, stac/clac would #UD: usercopy_smap_present (set once at
 * boot, kernel/arch/x86_64/syscall.c) skips them. */
#ifndef CAPOS_ARCH_X86_64_USERCOPY_H
#define CAPOS_ARCH_X86_64_USERCOPY_H
#include <stddef.h>
#include <stdint.h>
#include "kernel/core/cpu_offsets.h"

extern uint8_t usercopy_smap_present;

static inline int arch_user_copy(void *dst, const void *src, size_t n)
{
	int err;
	size_t words = n / 8, tail = n % 8;
	__asm__ volatile(
		"leaq 1f(%%rip), %%rax\n\t"
		"movq %%rax, %%gs:%c[rip]\n\t"
		"movq %%rsp, %%gs:%c[rsp]\n\t"
		"cmpb $0, usercopy_smap_present(%%rip)\n\t"
		"je 2f\n\t"
		"stac\n"
		"2:\trep movsq\n\t"
		"movq %[tail], %%rcx\n\t"
		"rep movsb\n\t"
		"xorl %[err], %[err]\n\t"
		"jmp 3f\n"
		"1:\tmovl $-1, %[err]\n"	/* the recovery point */
		"3:\tcmpb $0, usercopy_smap_present(%%rip)\n\t"
		"je 4f\n\t"
		"clac\n"
		"4:\tmovq $0, %%gs:%c[rip]"
		: [err] "=&r"(err), "+D"(dst), "+S"(src), "+c"(words)
		: [tail] "r"(tail), [rip] "i"(OFF_CPU_RESUME_RIP),
		  [rsp] "i"(OFF_CPU_RESUME_RSP)
		: "rax", "memory", "cc");
	return err;
}

#endif
