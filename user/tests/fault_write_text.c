#include "user/tests/fault.h"
FAULT_PROGRAM("write to own code", *(volatile uint8_t *)(uintptr_t)&main = 0x90)
