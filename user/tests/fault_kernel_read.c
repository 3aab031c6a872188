#include "user/tests/fault.h"
/* the kernel image: mapped, but supervisor-only */
FAULT_PROGRAM("read kernel memory",
	      (void)*(volatile uint64_t *)0xffffffff80100000ull)
