/* Host tests for lib/boot/memmap: usable ranges from a messy memory map,
 * hand-picked cases plus a randomized comparison with a per-page model. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "lib/boot/memmap.h"

#define R(b, l, t) { (b), (l), BOOT_MEM_##t }

static struct boot_range out[256];

static void test_pc_map(void **state)
{
	struct boot_mem_region m[] = {
		R(0x100000, 0x7ee0000, USABLE),
		R(0, 0x9fc00, USABLE),
		R(0x9fc00, 0x400, RESERVED),
		R(0xf0000, 0x10000, RESERVED),
		R(0x7fe0000, 0x20000, ACPI_RECLAIM),
		R(0x7fd0800, 0x100, NVS),	/* inside usable, sub-page */
	};
	int n = boot_mmap_usable(m, 6, NULL, 0, out, 16);
	assert_int_equal(n, 3);
	assert_int_equal(out[0].start, 0);
	assert_int_equal(out[0].end, 0x9f000);
	assert_int_equal(out[1].start, 0x100000);
	assert_int_equal(out[1].end, 0x7fd0000);
	assert_int_equal(out[2].start, 0x7fd1000);
	assert_int_equal(out[2].end, 0x7fe0000);
}

static void test_merge_overlap(void **state)
{
	struct boot_mem_region m[] = {
		R(0x3000, 0x2000, USABLE),
		R(0x1800, 0x800, USABLE),	/* half page... */
		R(0x2000, 0x1800, USABLE),	/* ...overlapping the rest */
		R(0x1000, 0x800, USABLE),	/* ...and the first half */
		R(0x10000, 0x1000, USABLE),
		R(0x11000, 0x1000, USABLE),	/* adjacent */
		R(0x20000, 0x800, USABLE),	/* less than a page */
		R(0x30000, 0x3000, BAD),
		R(0x2f000, 0x5000, USABLE),	/* bad RAM in the middle */
	};
	int n = boot_mmap_usable(m, 9, NULL, 0, out, 16);
	assert_int_equal(n, 4);
	assert_int_equal(out[0].start, 0x1000);
	assert_int_equal(out[0].end, 0x5000);
	assert_int_equal(out[1].start, 0x10000);
	assert_int_equal(out[1].end, 0x12000);
	assert_int_equal(out[2].start, 0x2f000);
	assert_int_equal(out[2].end, 0x30000);
	assert_int_equal(out[3].start, 0x33000);
	assert_int_equal(out[3].end, 0x34000);
}

static void test_exclude(void **state)
{
	struct boot_mem_region m[] = { R(0x100000, 0x1000000, USABLE) };
	struct boot_range ex[] = {
		{ 0x100000, 0x180123 },	/* kernel image */
		{ 0x300800, 0x301000 },	/* module, sub-page start */
		{ 0x1000000, 0x2000000 },	/* past the end of RAM */
		{ 0x500000, 0x500000 },	/* empty */
	};
	int n = boot_mmap_usable(m, 1, ex, 4, out, 8);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].start, 0x181000);
	assert_int_equal(out[0].end, 0x300000);
	assert_int_equal(out[1].start, 0x301000);
	assert_int_equal(out[1].end, 0x1000000);
}

static void test_nospace(void **state)
{
	struct boot_mem_region m[] = {
		R(0, 0x10000, USABLE), R(0x2000, 0x1000, RESERVED),
		R(0x6000, 0x1000, RESERVED),
	};
	assert_int_equal(boot_mmap_usable(m, 3, NULL, 0, out, 2),
			 BOOT_ERR_NOSPACE);
	assert_int_equal(boot_mmap_usable(m, 1, NULL, 0, out, 0),
			 BOOT_ERR_NOSPACE);
	assert_int_equal(boot_mmap_usable(m, 3, NULL, 0, out,
					  BOOT_USABLE_MAX(3, 0)), 3);
}

static void test_top_of_memory(void **state)
{
	struct boot_mem_region m[] = {
		R(UINT64_MAX - 0x2fff, UINT64_MAX, USABLE),
		R(UINT64_MAX - 0x7ff, 0x800, USABLE),
	};
	int n = boot_mmap_usable(m, 2, NULL, 0, out, 8);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].start, UINT64_MAX - 0x2fff);
	assert_int_equal(out[0].end, UINT64_MAX - 0xfff);
}

/* Reference: page p is usable iff every byte is covered by some usable
 * region and no byte by a non-usable region or an exclusion. Everything
 * starts in the first 64 pages and ends before page 128; sub-page
 * granularity is 256 bytes. */
enum { PAGES = 128, UNIT = 256, UNITS = PAGES * 4096 / UNIT };

static void model_mark(uint8_t *u, uint64_t s, uint64_t e, uint8_t v)
{
	for (uint64_t i = s / UNIT; i < e / UNIT && i < UNITS; i++)
		u[i] |= v;
}

static void test_random_vs_model(void **state)
{
	srand(12345);
	for (int iter = 0; iter < 3000; iter++) {
		struct boot_mem_region m[12];
		struct boot_range ex[4];
		uint8_t u[UNITS] = { 0 };	/* bit0 usable, bit1 taken */
		int nm = rand() % 12, nx = rand() % 4;
		for (int i = 0; i < nm; i++) {
			uint64_t s = (uint64_t)(rand() % (UNITS / 2)) * UNIT;
			uint64_t l = (uint64_t)(rand() % (UNITS / 4)) * UNIT;
			int t = rand() % 3 ? BOOT_MEM_USABLE : 2 + rand() % 4;
			m[i] = (struct boot_mem_region){ s, l, t };
			model_mark(u, s, s + l, t == BOOT_MEM_USABLE ? 1 : 2);
		}
		for (int i = 0; i < nx; i++) {
			uint64_t s = (uint64_t)(rand() % (UNITS / 2)) * UNIT;
			ex[i] = (struct boot_range){ s, s + (rand() % 64) * UNIT };
			model_mark(u, ex[i].start, ex[i].end, 2);
		}
		int n = boot_mmap_usable(m, nm, ex, nx, out,
					 BOOT_USABLE_MAX(nm, nx));
		assert_true(n >= 0);
		uint8_t got[PAGES] = { 0 };
		for (int i = 0; i < n; i++) {
			assert_true(out[i].start < out[i].end);
			assert_int_equal(out[i].start % 4096, 0);
			assert_int_equal(out[i].end % 4096, 0);
			if (i)	/* sorted, disjoint, not adjacent */
				assert_true(out[i - 1].end < out[i].start);
			for (uint64_t p = out[i].start / 4096;
			     p < out[i].end / 4096; p++)
				got[p] = 1;
		}
		for (int p = 0; p < PAGES; p++) {
			int want = 1;
			for (int k = 0; k < 4096 / UNIT; k++)
				if (u[p * 16 + k] != 1)
					want = 0;
			assert_int_equal(got[p], want);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pc_map),
		cmocka_unit_test(test_merge_overlap),
		cmocka_unit_test(test_exclude),
		cmocka_unit_test(test_nospace),
		cmocka_unit_test(test_top_of_memory),
		cmocka_unit_test(test_random_vs_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
