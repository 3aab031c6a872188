#include "user/tests/fault.h"
/* a `ret` on the stack: the stack is never executable */
FAULT_PROGRAM("execute from the stack", ({
	volatile uint8_t code[16] = { 0xC3 };
	((void (*)(void))(uintptr_t)code)();
}))
