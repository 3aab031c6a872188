#include "user/tests/fault.h"
/* recursion until the guard page below the stack (bounded far past the
 * stack size, so the compiler cannot call it infinite) */
static int deep(volatile int n)
{
	volatile char pad[512];
	pad[0] = (char)n;
	if (n > 100000000)
		return 0;
	return deep(n + 1) + pad[0];
}
FAULT_PROGRAM("stack overflow into the guard page", deep(0))
