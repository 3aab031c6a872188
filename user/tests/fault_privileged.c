#include "user/tests/fault.h"
FAULT_PROGRAM("privileged instruction (cli)", __asm__ volatile("cli"))
