#include "user/tests/fault.h"
FAULT_PROGRAM("write to address 0", *(volatile int *)0 = 1)
