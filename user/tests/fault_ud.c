#include "user/tests/fault.h"
FAULT_PROGRAM("invalid opcode", __asm__ volatile("ud2"))
