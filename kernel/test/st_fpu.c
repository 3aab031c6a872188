/* The FPU save/restore path that context switches will use: vector
 * registers survive a save, a clobber and a restore, and the clean state
 * really is clean. */
#include <string.h>
#include "kernel/arch/arch.h"
#include "kernel/core/selftest.h"

static uint8_t st_fpu_buf[4096] __attribute__((aligned(64)));
static uint8_t st_fpu_clean[4096] __attribute__((aligned(64)));

static void st_xmm_load(const uint64_t v[4])
{
	__asm__ volatile("movdqu (%0), %%xmm3\n\tmovdqu 16(%0), %%xmm12"
			 : : "r"(v) : "memory");
}

static void st_xmm_store(uint64_t v[4])
{
	__asm__ volatile("movdqu %%xmm3, (%0)\n\tmovdqu %%xmm12, 16(%0)"
			 : : "r"(v) : "memory");
}

SELFTEST(fpu_state_save_restore)
{
	ST_CHECK(arch_fpu_state_size() >= 512 &&
		 arch_fpu_state_size() <= sizeof(st_fpu_buf), "odd state size");
	const uint64_t pattern[4] = { 0x1111222233334444, 0x5555666677778888,
				      0x99990000aaaabbbb, 0xccccddddeeeeffff };
	const uint64_t zero[4] = { 0 };
	uint64_t got[4];
	st_xmm_load(pattern);
	arch_fpu_save(st_fpu_buf);
	st_xmm_load(zero);
	arch_fpu_restore(st_fpu_buf);
	st_xmm_store(got);
	ST_CHECK(!memcmp(got, pattern, sizeof(got)), "xmm registers not restored");
	arch_fpu_init_state(st_fpu_clean);
	arch_fpu_restore(st_fpu_clean);
	st_xmm_store(got);
	ST_CHECK(!memcmp(got, zero, sizeof(got)), "clean state is not zeroed");
	return 0;
}
