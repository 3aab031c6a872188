#include "kernel/core/cpu.h"

int cpu_current_id(void)
{
	return 0;
}
