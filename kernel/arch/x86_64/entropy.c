/* Hardware random numbers. RDSEED and RDRAND may fail transiently (CF=0);
 * each word is retried a bounded number of times before falling back to
 * the next source. The jitter fallback mixes TSC readings taken around
 * port I/O: unpredictable on real hardware, weak under emulation; the
 * caller learns which source was used. */
#include <string.h>
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/cpufeat.h"
#include "kernel/arch/arch.h"

#define RETRIES 64

static bool rdseed64(uint64_t *v)
{
	for (int i = 0; i < RETRIES; i++) {
		uint8_t ok;
		__asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
		cpu_pause();
	}
	return false;
}

static bool rdrand64(uint64_t *v)
{
	for (int i = 0; i < RETRIES; i++) {
		uint8_t ok;
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

static uint64_t jitter64(void)
{
	uint64_t x = 0x9E3779B97F4A7C15ull;
	for (int i = 0; i < 64; i++) {
		uint64_t t = rdtsc();
		(void)inb(0x80);
		x = (x ^ (rdtsc() - t)) * 0xBF58476D1CE4E5B9ull;
		x ^= x >> 31;
	}
	return x;
}

static enum arch_entropy entropy_word(uint64_t *v)
{
	if (cpu_features.rdseed && rdseed64(v))
		return ARCH_ENTROPY_RDSEED;
	if (cpu_features.rdrand && rdrand64(v))
		return ARCH_ENTROPY_RDRAND;
	*v = jitter64();
	return ARCH_ENTROPY_JITTER;
}

/* Returns the weakest source any word of the fill came from. */
enum arch_entropy arch_entropy_fill(uint8_t *buf, size_t n)
{
	enum arch_entropy worst = ARCH_ENTROPY_RDSEED;
	for (size_t off = 0; off < n; off += 8) {
		uint64_t v;
		enum arch_entropy s = entropy_word(&v);
		if (s > worst)
			worst = s;
		memcpy(buf + off, &v, n - off < 8 ? n - off : 8);
	}
	return worst;
}

const char *arch_entropy_name(enum arch_entropy s)
{
	return s == ARCH_ENTROPY_RDSEED ? "RDSEED"
	       : s == ARCH_ENTROPY_RDRAND ? "RDRAND"
	       : "timer jitter (weak: no RDSEED/RDRAND)";
}
