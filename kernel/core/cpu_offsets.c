#include <stddef.h>
#include "kernel/core/cpu.h"
#include "kernel/core/cpu_offsets.h"

_Static_assert(offsetof(struct cpu, arch.resume_rip) == OFF_CPU_RESUME_RIP,
	       "OFF_CPU_RESUME_RIP");
_Static_assert(offsetof(struct cpu, arch.resume_rsp) == OFF_CPU_RESUME_RSP,
	       "OFF_CPU_RESUME_RSP");
