/* Frame-pointer backtraces (the kernel is built with
 * -fno-omit-frame-pointer). Every frame pointer is checked before it is
 * read: it must be aligned, inside the kernel half, and move up the stack,
 * so a corrupted chain ends the walk instead of faulting inside the panic
 * path. */
#include "kernel/arch/arch.h"

#define KERNEL_HALF 0xFFFF800000000000ull
#define MAX_FRAME_STEP (64 * 1024)

static bool frame_plausible(uintptr_t fp, uintptr_t prev)
{
	if (fp < KERNEL_HALF || (fp & 7) || fp > UINTPTR_MAX - 16)
		return false;
	return prev == 0 || (fp > prev && fp - prev < MAX_FRAME_STEP);
}

size_t arch_backtrace(uintptr_t rip, uintptr_t rbp, uintptr_t *pcs, size_t max)
{
	size_t n = 0;
	uintptr_t prev = 0;
	if (max && rip)
		pcs[n++] = rip;
	while (n < max && frame_plausible(rbp, prev)) {
		const uintptr_t *frame = (const uintptr_t *)rbp;
		if (frame[1] < KERNEL_HALF)
			break;
		pcs[n++] = frame[1];
		prev = rbp;
		rbp = frame[0];
	}
	return n;
}

uintptr_t arch_frame_pointer(void)
{
	return (uintptr_t)__builtin_frame_address(0);
}
