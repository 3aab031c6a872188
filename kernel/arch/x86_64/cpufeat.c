/* CPU identification and the feature set the kernel relies on or reports.
 * Features are read once on the boot CPU; later issues turn them on (NX,
 * SMEP, SMAP, UMIP in the paging code, XSAVE for user FPU state). */
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/cpufeat.h"
#include "kernel/arch/arch.h"
#include "kernel/core/log.h"
#include "lib/fmt/fmt.h"

LOG_SOURCE(cpu_log, "cpu");

struct cpu_features cpu_features;

struct feat_bit {
	const char *name;
	uint32_t leaf, sub;
	uint8_t reg, bit;	/* reg: 0 eax 1 ebx 2 ecx 3 edx */
	size_t offset;
};

#define FEAT(n, l, s, r, b) { #n, l, s, r, b, offsetof(struct cpu_features, n) }
static const struct feat_bit feat_bits[] = {
	FEAT(sse3, 1, 0, 2, 0), FEAT(ssse3, 1, 0, 2, 9),
	FEAT(sse41, 1, 0, 2, 19), FEAT(sse42, 1, 0, 2, 20),
	FEAT(x2apic, 1, 0, 2, 21), FEAT(tsc_deadline, 1, 0, 2, 24),
	FEAT(xsave, 1, 0, 2, 26), FEAT(avx, 1, 0, 2, 28),
	FEAT(rdrand, 1, 0, 2, 30), FEAT(hypervisor, 1, 0, 2, 31),
	FEAT(fpu, 1, 0, 3, 0), FEAT(tsc, 1, 0, 3, 4), FEAT(apic, 1, 0, 3, 9),
	FEAT(fxsr, 1, 0, 3, 24), FEAT(sse, 1, 0, 3, 25), FEAT(sse2, 1, 0, 3, 26),
	FEAT(fsgsbase, 7, 0, 1, 0), FEAT(smep, 7, 0, 1, 7),
	FEAT(invpcid, 7, 0, 1, 10), FEAT(rdseed, 7, 0, 1, 18),
	FEAT(smap, 7, 0, 1, 20), FEAT(umip, 7, 0, 2, 2),
	FEAT(pcid, 1, 0, 2, 17),
	FEAT(nx, 0x80000001, 0, 3, 20), FEAT(pdpe1gb, 0x80000001, 0, 3, 26),
	FEAT(rdtscp, 0x80000001, 0, 3, 27),
	FEAT(invtsc, 0x80000007, 0, 3, 8),
};

static bool *feat_flag(size_t offset)
{
	return (bool *)((char *)&cpu_features + offset);
}

static uint32_t cpuid_reg(struct cpuid_regs r, int reg)
{
	const uint32_t v[4] = { r.eax, r.ebx, r.ecx, r.edx };
	return v[reg];
}

static void cpu_read_brand(void)
{
	uint32_t *b = (uint32_t *)cpu_features.brand;
	struct cpuid_regs r = cpuid(0, 0);
	cpu_features.max_leaf = r.eax;
	uint32_t *v = (uint32_t *)cpu_features.vendor;
	v[0] = r.ebx, v[1] = r.edx, v[2] = r.ecx;
	cpu_features.max_ext_leaf = cpuid(0x80000000, 0).eax;
	if (cpu_features.max_ext_leaf < 0x80000004)
		return;
	for (uint32_t i = 0; i < 3; i++) {
		r = cpuid(0x80000002 + i, 0);
		b[i * 4] = r.eax, b[i * 4 + 1] = r.ebx;
		b[i * 4 + 2] = r.ecx, b[i * 4 + 3] = r.edx;
	}
}

void cpu_features_detect(void)
{
	cpu_read_brand();
	for (size_t i = 0; i < sizeof(feat_bits) / sizeof(feat_bits[0]); i++) {
		const struct feat_bit *f = &feat_bits[i];
		uint32_t top = f->leaf >= 0x80000000 ? cpu_features.max_ext_leaf
						     : cpu_features.max_leaf;
		bool on = f->leaf <= top &&
			  (cpuid_reg(cpuid(f->leaf, f->sub), f->reg) >> f->bit & 1);
		*feat_flag(f->offset) = on;
	}
}

void arch_cpu_features_log(void)
{
	char line[400];
	struct fmt_buf fb = fmt_buf_init(line, sizeof(line));
	for (size_t i = 0; i < sizeof(feat_bits) / sizeof(feat_bits[0]); i++)
		if (*feat_flag(feat_bits[i].offset))
			fmt_appendf(&fb, " %s", feat_bits[i].name);
	log_info(&cpu_log, "%s \"%s\"", cpu_features.vendor,
		 cpu_features.brand[0] ? cpu_features.brand : "?");
	log_info(&cpu_log, "features:%s", fmt_buf_str(&fb));
}
