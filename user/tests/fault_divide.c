#include "user/tests/fault.h"
static volatile int zero, sink;
FAULT_PROGRAM("divide by zero", sink = 100 / zero)
