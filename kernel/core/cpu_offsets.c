#include <stddef.h>
#include "kernel/core/cpu.h"
#include "kernel/core/cpu_offsets.h"

_Static_assert(offsetof(struct cpu, arch.resume_rip) == OFF_CPU_RESUME_RIP,
	       "OFF_CPU_RESUME_RIP");
_Static_assert(offsetof(struct cpu, arch.resume_rsp) == OFF_CPU_RESUME_RSP,
	       "OFF_CPU_RESUME_RSP");
_Static_assert(offsetof(struct cpu, arch.kstack_top) == OFF_CPU_KSTACK_TOP,
	       "OFF_CPU_KSTACK_TOP");
_Static_assert(offsetof(struct cpu, arch.user_rsp) == OFF_CPU_USER_RSP,
	       "OFF_CPU_USER_RSP");
