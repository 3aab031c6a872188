/* The two system calls. Everything else is a capability call on the
 * ring; a new kernel operation is a new opcode or method, never a new
 * system call. The generic half of the system call path, inline in the
 * arch entry (kernel/arch/x86_64/syscall.c), which is its only caller. */
#ifndef CAPOS_PROC_SYSCALL_H
#define CAPOS_PROC_SYSCALL_H
#include <stdint.h>
#include "capos/err.h"
#include "kernel/ipc/ring.h"
#include "kernel/proc/process.h"
#include "kernel/proc/sched.h"
#include "lib/ring/abi.h"

static inline int64_t syscall_handle(uint64_t nr, uint64_t a0, uint64_t a1)
{
	struct thread *t = sched_current();
	switch (nr) {
	case SYS_CAP_ENTER:
		return (int64_t)ring_enter(t, (uint32_t)(a0 > UINT32_MAX ? UINT32_MAX : a0), a1);
	case SYS_EXIT:
		arch_irq_enable();	/* the teardown is not brief */
		process_exit_current((int64_t)a0);
	default:
		return ERR_NOT_SUPPORTED;
	}
}

#endif
