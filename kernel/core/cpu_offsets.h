/* Offsets into struct cpu for assembly; checked in cpu_offsets.c. */
#ifndef CAPOS_CORE_CPU_OFFSETS_H
#define CAPOS_CORE_CPU_OFFSETS_H

#define OFF_CPU_RESUME_RIP 40
#define OFF_CPU_RESUME_RSP 48
#define OFF_CPU_KSTACK_TOP 80
#define OFF_CPU_USER_RSP   88

#endif
