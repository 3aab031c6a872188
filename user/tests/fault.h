/* Shared body of the fault programs: say what is about to happen, then do
 * it. The kernel must kill the process with a report, never panic. */
#ifndef CAPOS_USER_TESTS_FAULT_H
#define CAPOS_USER_TESTS_FAULT_H
#include "user/rt/rt.h"

#define FAULT_PROGRAM(kind, body)                                     \
	int main(void)                                                \
	{                                                             \
		rt_printf("fault: %s\n", kind);                       \
		rt_flush();                                           \
		body;                                                 \
		rt_printf("fault: %s did not fault\n", kind);         \
		return 0;                                             \
	}

#endif
