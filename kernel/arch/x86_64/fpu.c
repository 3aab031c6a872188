/* FPU/SSE/AVX state for user threads. The kernel never uses these
 * registers itself (-mgeneral-regs-only), so a thread's state only needs
 * saving when another thread is about to run. We use xsave/xrstor with
 * the features enabled in XCR0 when the CPU has them, else fxsave/fxrstor.
 * A pristine state image is captured once at boot (after fninit and the
 * default MXCSR) so new threads start from a defined state. */
#include <string.h>
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/cpufeat.h"
#include "kernel/arch/x86_64/fpu.h"
#include "kernel/arch/arch.h"

#define FXSAVE_SIZE 512
#define FPU_STATE_MAX 4096
#define MXCSR_DEFAULT 0x1F80

static size_t fpu_size = FXSAVE_SIZE;
static bool fpu_use_xsave;
static uint8_t fpu_initial[FPU_STATE_MAX] __attribute__((aligned(64)));

void fpu_setup(void)
{
	if (cpu_features.xsave) {
		fpu_use_xsave = true;
		fpu_size = cpuid(0xD, 0).ebx;	/* for the XCR0 now in force */
	}
	uint32_t mxcsr = MXCSR_DEFAULT;
	__asm__ volatile("fninit; ldmxcsr %0" : : "m"(mxcsr));
	memset(fpu_initial, 0, sizeof(fpu_initial));
	arch_fpu_save(fpu_initial);
}

size_t arch_fpu_state_size(void)
{
	return fpu_size;
}

const char *arch_fpu_method(void)
{
	return fpu_use_xsave ? "xsave" : "fxsave";
}

/* buf: arch_fpu_state_size() bytes, 64-byte aligned */
void arch_fpu_save(void *buf)
{
	if (fpu_use_xsave)
		__asm__ volatile("xsave64 (%0)" : : "r"(buf), "a"(-1), "d"(-1)
				 : "memory");
	else
		__asm__ volatile("fxsave64 (%0)" : : "r"(buf) : "memory");
}

void arch_fpu_restore(const void *buf)
{
	if (fpu_use_xsave)
		__asm__ volatile("xrstor64 (%0)" : : "r"(buf), "a"(-1), "d"(-1)
				 : "memory");
	else
		__asm__ volatile("fxrstor64 (%0)" : : "r"(buf) : "memory");
}

void arch_fpu_init_state(void *buf)
{
	memcpy(buf, fpu_initial, fpu_size);
}
