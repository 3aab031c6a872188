/* Paging self-tests: each kernel section has exactly the permissions the
 * layout promises, and stack guard pages really are unmapped. Faults are
 * caught with arch_probe, which reports the vector and the address. */
#include "kernel/arch/arch.h"
#include "kernel/core/cpu.h"
#include "kernel/core/selftest.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmap.h"
#include "kernel/mm/layout.h"

#define VEC_PF 14
#define PF_WRITE (1u << 1)
#define PF_FETCH (1u << 4)

/* const (not volatile: GCC puts const volatile objects in .data) */
static const uint64_t st_rodata_word = 0x1234;
static volatile uint8_t st_data_code[16] = { 0xC3 };	/* ret */

static void st_write_rodata(void *arg)
{
	*(volatile uint64_t *)(uintptr_t)&st_rodata_word = 99;
}

static void st_exec_data(void *arg)
{
	((void (*)(void))(uintptr_t)st_data_code)();
}

static void st_read_byte(void *arg)
{
	(void)*(volatile uint8_t *)arg;
}

static bool st_faulted_at(uint64_t addr, uint64_t err_bits)
{
	struct cpu_arch *a = &cpu_current()->arch;
	return a->fault_vector == VEC_PF && a->fault_addr == addr &&
	       (a->fault_error & err_bits) == err_bits;
}

SELFTEST(paging_rodata_not_writable)
{
	ST_CHECK(arch_probe(st_write_rodata, 0) == -1, "write to rodata succeeded");
	ST_CHECK(st_faulted_at((uintptr_t)&st_rodata_word, PF_WRITE),
		 "fault was not a write #PF at the rodata word");
	ST_CHECK(*(const volatile uint64_t *)&st_rodata_word == 0x1234,
		 "rodata changed");
	return 0;
}

SELFTEST(paging_data_not_executable)
{
	ST_CHECK(arch_probe(st_exec_data, 0) == -1, "executing data succeeded");
	ST_CHECK(st_faulted_at((uintptr_t)st_data_code, PF_FETCH),
		 "fault was not an instruction-fetch #PF");
	return 0;
}

SELFTEST(paging_text_not_writable)
{
	uint64_t pa;
	unsigned prot;
	ST_CHECK(arch_pt_query(arch_pt_current(), (uintptr_t)st_exec_data, &pa,
			       &prot), "kernel text not mapped");
	ST_CHECK((prot & (MAP_X | MAP_W)) == MAP_X, "text is not r-x");
	ST_CHECK(arch_pt_query(arch_pt_current(), (uintptr_t)st_data_code, &pa,
			       &prot), "kernel data not mapped");
	ST_CHECK((prot & (MAP_X | MAP_W)) == MAP_W, "data is not rw-");
	return 0;
}

SELFTEST(paging_stack_guard_page)
{
	uintptr_t bottom, top = kstack_alloc(2, &bottom);
	ST_CHECK(top - bottom == 2 * PAGE_SIZE, "stack size wrong");
	ST_CHECK(arch_probe(st_read_byte, (void *)bottom) == 0,
		 "stack bottom not readable");
	ST_CHECK(arch_probe(st_read_byte, (void *)(bottom - 1)) == -1,
		 "guard page below the stack is mapped");
	ST_CHECK(st_faulted_at(bottom - 1, 0), "guard fault address wrong");
	return 0;
}

SELFTEST(paging_direct_map_matches_frames)
{
	uint64_t pa = frame_alloc_zeroed(0);
	ST_CHECK(pa, "no frame");
	volatile uint64_t *p = phys_to_virt(pa);
	p[7] = 0xfeedface;
	uint64_t got;
	unsigned prot;
	ST_CHECK(arch_pt_query(arch_pt_current(), (uintptr_t)p, &got, &prot),
		 "direct map entry missing");
	ST_CHECK(got == pa && !(prot & MAP_X), "direct map wrong or executable");
	ST_CHECK(p[7] == 0xfeedface && p[0] == 0, "frame contents wrong");
	frame_free(pa, 0);
	return 0;
}
