/* Per-CPU identity. Until SMP bring-up every caller is the boot CPU;
 * per-CPU data through GS base replaces this with a real lookup. */
#ifndef CAPOS_CORE_CPU_H
#define CAPOS_CORE_CPU_H

int cpu_current_id(void);

#endif
