/* Self-tests for the core services every later test depends on: the
 * formatter in its freestanding build, the symbol table, backtraces and
 * the IST stacks. */
#include <string.h>
#include "kernel/arch/arch.h"
#include "kernel/core/ksym.h"
#include "kernel/core/selftest.h"
#include "lib/fmt/fmt.h"

void kmain(uint32_t magic, uint32_t info_phys);

SELFTEST(fmt_kernel_build)
{
	char buf[64];
	fmt_snprintf(buf, sizeof(buf), "%d|%5s|%-3x|%016lx|%p", -42, "ab", 0xf,
		     0x1234ul, (void *)0xffff800000000000ul);
	ST_CHECK(!strcmp(buf, "-42|   ab|f  |0000000000001234|0xffff800000000000"),
		 "formatted output differs");
	return 0;
}

SELFTEST(ksym_resolves_kmain)
{
	ST_CHECK(ksym_count() > 10, "symbol table is empty");
	struct symtab_hit h = ksym_lookup((uintptr_t)kmain + 3);
	ST_CHECK(h.name && !strcmp(h.name, "kmain"), "kmain+3 not resolved");
	ST_CHECK(h.offset == 3, "wrong offset for kmain+3");
	return 0;
}

static __attribute__((noinline)) size_t st_backtrace_leaf(uintptr_t *pcs)
{
	size_t n = arch_backtrace(0, (uintptr_t)__builtin_frame_address(0),
				  pcs, 8);
	__asm__ volatile("" ::: "memory");	/* keep the frame */
	return n;
}

static __attribute__((noinline)) size_t st_backtrace_mid(uintptr_t *pcs)
{
	size_t n = st_backtrace_leaf(pcs);
	__asm__ volatile("" ::: "memory");
	return n;
}

SELFTEST(backtrace_walks_frames)
{
	uintptr_t pcs[8];
	size_t n = st_backtrace_mid(pcs);
	ST_CHECK(n >= 2, "fewer than two frames");
	struct symtab_hit h = ksym_lookup(pcs[0]);
	ST_CHECK(h.name && !strcmp(h.name, "st_backtrace_mid"),
		 "first return address is not in st_backtrace_mid");
	return 0;
}
