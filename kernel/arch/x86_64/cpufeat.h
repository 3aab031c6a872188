#ifndef CAPOS_ARCH_CPUFEAT_H
#define CAPOS_ARCH_CPUFEAT_H
#include <stdbool.h>
#include <stdint.h>

/* Feature flags read from CPUID on the boot CPU. The bool fields are
 * addressed by offset from a table in cpufeat.c. */
struct cpu_features {
	char vendor[13];
	char brand[49];
	uint32_t max_leaf, max_ext_leaf;
	bool sse3, ssse3, sse41, sse42, x2apic, tsc_deadline, xsave, avx;
	bool rdrand, hypervisor, fpu, tsc, apic, fxsr, sse, sse2;
	bool fsgsbase, smep, invpcid, rdseed, smap, umip, pcid;
	bool nx, pdpe1gb, rdtscp, invtsc;
};

extern struct cpu_features cpu_features;
void cpu_features_detect(void);

#endif
