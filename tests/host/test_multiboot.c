/* Host tests for lib/boot/multiboot: hand-built multiboot2 tag lists and
 * multiboot1 structures in a fake physical memory, valid and hostile. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "lib/boot/multiboot.h"

/* ---- multiboot2 builder ---- */

struct mb2 {
	_Alignas(8) uint8_t buf[8192];
	size_t len;
};

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static void mb2_begin(struct mb2 *b)
{
	memset(b, 0, sizeof(*b));
	b->len = 8;
}

/* Append a tag; returns its offset. size = 8 + plen, padded to 8. */
static size_t mb2_tag(struct mb2 *b, uint32_t type, const void *payload,
		      size_t plen)
{
	size_t off = b->len;
	put32(b->buf + off, type);
	put32(b->buf + off + 4, (uint32_t)(8 + plen));
	if (plen)
		memcpy(b->buf + off + 8, payload, plen);
	b->len = (off + 8 + plen + 7) & ~(size_t)7;
	return off;
}

static void mb2_str(struct mb2 *b, uint32_t type, const char *s)
{
	mb2_tag(b, type, s, strlen(s) + 1);
}

static void mb2_module(struct mb2 *b, uint32_t start, uint32_t end,
		       const char *s)
{
	uint8_t p[1024];
	put32(p, start);
	put32(p + 4, end);
	memcpy(p + 8, s, strlen(s) + 1);
	mb2_tag(b, 3, p, 8 + strlen(s) + 1);
}

struct ent {
	uint64_t base, len;
	uint32_t type;
};

static void mb2_mmap(struct mb2 *b, const struct ent *e, size_t n,
		     uint32_t esize)
{
	uint8_t p[4096] = { 0 };
	put32(p, esize);
	for (size_t i = 0; i < n; i++) {
		put64(p + 8 + i * esize, e[i].base);
		put64(p + 16 + i * esize, e[i].len);
		put32(p + 24 + i * esize, e[i].type);
	}
	mb2_tag(b, 6, p, 8 + n * esize);
}

static void mb2_end(struct mb2 *b)
{
	mb2_tag(b, 0, NULL, 0);
	put32(b->buf, (uint32_t)b->len);
}

static int parse2(struct mb2 *b, struct boot_info *bi)
{
	return mb_parse2(b->buf, b->len, bi);
}

static struct mb2 B;
static struct boot_info BI;

static uint8_t rsdp_bytes[36] = "RSD PTR ";

static void test_mb2_full(void **state)
{
	struct ent e[] = {
		{ 0, 0x9fc00, 1 }, { 0x9fc00, 0x400, 2 },
		{ 0x100000, 0x7ee0000, 1 }, { 0x7fe0000, 0x20000, 3 },
		{ 0xfeffc000, 0x4000, 4 }, { 0x1000000000, 0x1000, 5 },
		{ 0xfffc0000, 0x40000, 7 }, { 0x5000, 0, 1 },
	};
	uint32_t meminfo[2] = { 639, 130048 };
	rsdp_bytes[15] = 2;
	mb2_begin(&B);
	mb2_str(&B, 1, "console=ttyS0 quiet");
	mb2_str(&B, 2, "GRUB 2.06");
	mb2_module(&B, 0x200000, 0x280000, "init");
	mb2_module(&B, 0x280000, 0x281000, "");
	mb2_tag(&B, 4, meminfo, 8);
	mb2_tag(&B, 8, "framebuffer-ish", 15);	/* unknown: skipped */
	mb2_mmap(&B, e, 8, 24);
	mb2_tag(&B, 15, rsdp_bytes, 36);
	mb2_tag(&B, 14, rsdp_bytes, 20);	/* v1 after v2: v2 stays */
	mb2_str(&B, 1, "second cmdline ignored");
	mb2_end(&B);

	assert_int_equal(parse2(&B, &BI), 0);
	assert_int_equal(BI.protocol, 2);
	assert_int_equal(BI.info_size, B.len);
	assert_string_equal(BI.cmdline, "console=ttyS0 quiet");
	assert_string_equal(BI.loader, "GRUB 2.06");
	assert_int_equal(BI.nmodules, 2);
	assert_int_equal(BI.modules[0].start, 0x200000);
	assert_int_equal(BI.modules[0].end, 0x280000);
	assert_string_equal(BI.modules[0].cmdline, "init");
	assert_string_equal(BI.modules[1].cmdline, "");
	assert_int_equal(BI.mem_lower_kib, 639);
	assert_int_equal(BI.mem_upper_kib, 130048);
	assert_int_equal(BI.nregions, 7);	/* zero-length one dropped */
	assert_int_equal(BI.regions[0].type, BOOT_MEM_USABLE);
	assert_int_equal(BI.regions[1].type, BOOT_MEM_RESERVED);
	assert_int_equal(BI.regions[3].type, BOOT_MEM_ACPI_RECLAIM);
	assert_int_equal(BI.regions[4].type, BOOT_MEM_NVS);
	assert_int_equal(BI.regions[5].type, BOOT_MEM_BAD);
	assert_int_equal(BI.regions[6].type, BOOT_MEM_RESERVED);
	assert_int_equal(BI.regions[5].base, 0x1000000000);
	assert_int_equal(BI.rsdp_version, 2);
	assert_int_equal(BI.rsdp_len, 36);
	assert_memory_equal(BI.rsdp, "RSD PTR ", 8);
	assert_int_equal(BI.flags, BOOT_HAS_MEMINFO | BOOT_HAS_MMAP |
			 BOOT_HAS_CMDLINE | BOOT_HAS_LOADER | BOOT_HAS_RSDP);
	assert_int_equal(BI.truncated, 0);
}

static void test_mb2_rsdp_old_only(void **state)
{
	mb2_begin(&B);
	rsdp_bytes[15] = 0;
	mb2_tag(&B, 14, rsdp_bytes, 20);
	mb2_end(&B);
	assert_int_equal(parse2(&B, &BI), 0);
	assert_int_equal(BI.rsdp_version, 1);
	assert_int_equal(BI.rsdp_len, 20);

	mb2_begin(&B);
	mb2_tag(&B, 15, rsdp_bytes, 20);	/* v2 tag too short */
	mb2_end(&B);
	assert_int_equal(parse2(&B, &BI), BOOT_ERR_TAG_SIZE);
}

static void test_mb2_total_size(void **state)
{
	mb2_begin(&B);
	mb2_str(&B, 1, "x");
	mb2_end(&B);
	assert_int_equal(mb_parse2(B.buf, B.len - 1, &BI), BOOT_ERR_SIZE);
	assert_int_equal(mb_parse2(B.buf, 15, &BI), BOOT_ERR_SIZE);
	put32(B.buf, 8);
	assert_int_equal(mb_parse2(B.buf, B.len, &BI), BOOT_ERR_SIZE);
	put32(B.buf, 0xffffffff);
	assert_int_equal(mb_parse2(B.buf, B.len, &BI), BOOT_ERR_SIZE);
}

static void test_mb2_misaligned(void **state)
{
	static _Alignas(8) uint8_t shifted[64];
	mb2_begin(&B);
	mb2_end(&B);
	memcpy(shifted + 4, B.buf, B.len);
	assert_int_equal(mb_parse2(shifted + 4, B.len, &BI), BOOT_ERR_ALIGN);
	assert_int_equal(mb_parse2(B.buf, B.len, &BI), 0);
}

static void test_mb2_zero_size_tag(void **state)
{
	mb2_begin(&B);
	size_t off = mb2_tag(&B, 1, "abc", 4);
	mb2_end(&B);
	put32(B.buf + off + 4, 0);
	assert_int_equal(parse2(&B, &BI), BOOT_ERR_TAG_SIZE);
	put32(B.buf + off + 4, 7);
	assert_int_equal(parse2(&B, &BI), BOOT_ERR_TAG_SIZE);
}

static void test_mb2_tag_overflow(void **state)
{
	mb2_begin(&B);
	size_t off = mb2_tag(&B, 1, "abc", 4);
	mb2_end(&B);
	put32(B.buf + off + 4, (uint32_t)(B.len - off + 1));
	assert_int_equal(parse2(&B, &BI), BOOT_ERR_TAG_SIZE);
	put32(B.buf + off + 4, 0xfffffff9);	/* would wrap when padded */
	assert_int_equal(parse2(&B, &BI), BOOT_ERR_TAG_SIZE);
}

static void test_mb2_no_end(void **state)
{
	mb2_begin(&B);
	mb2_str(&B, 1, "abc");
	put32(B.buf, (uint32_t)B.len);	/* no end tag */
	assert_int_equal(parse2(&B, &BI), BOOT_ERR_NO_END);
	/* Last tag exactly fills total_size, padding would pass it. */
	mb2_begin(&B);
	size_t off = mb2_tag(&B, 1, "abcd", 5);	/* size 13 */
	put32(B.buf, (uint32_t)(off + 13));
	assert_int_equal(mb_parse2(B.buf, off + 13, &BI), BOOT_ERR_NO_END);
}

static void test_mb2_unterminated(void **state)
{
	mb2_begin(&B);
	mb2_tag(&B, 1, "abcd", 4);	/* no NUL */
	mb2_end(&B);
	assert_int_equal(parse2(&B, &BI), BOOT_ERR_STRING);

	mb2_begin(&B);
	mb2_tag(&B, 2, "", 0);		/* empty payload: no NUL either */
	mb2_end(&B);
	assert_int_equal(parse2(&B, &BI), BOOT_ERR_STRING);

	uint8_t p[12];
	put32(p, 0x1000);
	put32(p + 4, 0x2000);
	memcpy(p + 8, "modx", 4);
	mb2_begin(&B);
	mb2_tag(&B, 3, p, 12);
	mb2_end(&B);
	assert_int_equal(parse2(&B, &BI), BOOT_ERR_STRING);
	mb2_begin(&B);
	mb2_tag(&B, 3, p, 6);		/* shorter than the module header */
	mb2_end(&B);
	assert_int_equal(parse2(&B, &BI), BOOT_ERR_TAG_SIZE);
}

static void test_mb2_mmap_entry_size(void **state)
{
	struct ent e[2] = { { 0, 0x1000, 1 }, { 0x2000, 0x1000, 1 } };
	uint32_t bad[] = { 0, 8, 16, 20, 28 };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		mb2_begin(&B);
		mb2_mmap(&B, e, 0, 24);
		put32(B.buf + 16, bad[i]);
		mb2_end(&B);
		assert_int_equal(parse2(&B, &BI), BOOT_ERR_MMAP);
	}
	mb2_begin(&B);			/* ragged: 1.5 entries */
	size_t off = B.len;
	mb2_mmap(&B, e, 2, 24);
	put32(B.buf + off + 4, 16 + 36);
	mb2_end(&B);
	assert_int_equal(parse2(&B, &BI), BOOT_ERR_MMAP);

	mb2_begin(&B);			/* larger entries are fine */
	mb2_mmap(&B, e, 2, 32);
	mb2_end(&B);
	assert_int_equal(parse2(&B, &BI), 0);
	assert_int_equal(BI.nregions, 2);
	assert_int_equal(BI.regions[1].base, 0x2000);
}

static void test_mb2_truncation(void **state)
{
	struct ent e[70];
	for (int i = 0; i < 70; i++)
		e[i] = (struct ent){ (uint64_t)i << 20, 0x1000, 1 };
	char longcmd[700];
	memset(longcmd, 'a', sizeof(longcmd) - 1);
	longcmd[sizeof(longcmd) - 1] = '\0';
	mb2_begin(&B);
	mb2_mmap(&B, e, 70, 24);
	for (int i = 0; i < 33; i++)
		mb2_module(&B, 0x1000u * i, 0x1000u * i + 1, i ? "m" : longcmd);
	mb2_str(&B, 1, longcmd);
	mb2_end(&B);
	assert_int_equal(parse2(&B, &BI), 0);
	assert_int_equal(BI.nregions, BOOT_MMAP_MAX);
	assert_int_equal(BI.regions[63].base, 63u << 20);
	assert_int_equal(BI.nmodules, BOOT_MODULES_MAX);
	assert_int_equal(strlen(BI.cmdline), BOOT_CMDLINE_MAX - 1);
	assert_int_equal(strlen(BI.modules[0].cmdline), BOOT_MODCMD_MAX - 1);
	assert_int_equal(BI.truncated, BOOT_TRUNC_MMAP | BOOT_TRUNC_MODULES |
			 BOOT_TRUNC_CMDLINE | BOOT_TRUNC_MODCMD);
}

static void test_mb2_module_range(void **state)
{
	mb2_begin(&B);
	mb2_module(&B, 0x3000, 0x2000, "backwards");
	mb2_end(&B);
	assert_int_equal(parse2(&B, &BI), BOOT_ERR_MODULE);
}

static void test_mb2_meminfo_synth(void **state)
{
	uint32_t meminfo[2] = { 640, 1024 };
	mb2_begin(&B);
	mb2_tag(&B, 4, meminfo, 8);
	mb2_end(&B);
	assert_int_equal(parse2(&B, &BI), 0);
	assert_true(BI.flags & BOOT_MMAP_SYNTH);
	assert_int_equal(BI.nregions, 2);
	assert_int_equal(BI.regions[0].length, 640 * 1024);
	assert_int_equal(BI.regions[1].base, 0x100000);
	assert_int_equal(BI.regions[1].length, 0x100000);
	mb2_begin(&B);
	mb2_tag(&B, 4, meminfo, 4);
	mb2_end(&B);
	assert_int_equal(parse2(&B, &BI), BOOT_ERR_TAG_SIZE);
}

static void test_mb2_region_wrap(void **state)
{
	struct ent e[2] = { { 0xfffffffffffff000ull, 0x2000, 1 },
			    { UINT64_MAX, 0x1000, 1 } };	/* clips to 0 */
	mb2_begin(&B);
	mb2_mmap(&B, e, 2, 24);
	mb2_end(&B);
	assert_int_equal(parse2(&B, &BI), 0);
	assert_int_equal(BI.nregions, 1);
	assert_int_equal(BI.regions[0].base + BI.regions[0].length,
			 UINT64_MAX);
}

/* ---- multiboot1 in a fake physical memory ---- */

static uint8_t mem[0x10000];

static const void *mem_map(void *ctx, uint64_t phys, size_t len)
{
	size_t size = *(size_t *)ctx;
	if (phys > size || len > size - phys)
		return NULL;
	return mem + phys;
}

static size_t mem_size = sizeof(mem);
static const struct phys_reader RD = { mem_map, &mem_size };

enum { INFO = 0x1000, CMD = 0x2000, MODS = 0x3000, MMAP = 0x4000,
       LOADER = 0x5000 };

static void mb1_mmap_entry(size_t off, uint32_t size, uint64_t base,
			   uint64_t len, uint32_t type)
{
	put32(mem + MMAP + off, size);
	put64(mem + MMAP + off + 4, base);
	put64(mem + MMAP + off + 12, len);
	put32(mem + MMAP + off + 20, type);
}

static void mb1_build(void)
{
	memset(mem, 0, sizeof(mem));
	mem_size = sizeof(mem);
	put32(mem + INFO, 0x1 | 0x4 | 0x8 | 0x40 | 0x200);
	put32(mem + INFO + 4, 639);
	put32(mem + INFO + 8, 64512);
	put32(mem + INFO + 16, CMD);
	put32(mem + INFO + 20, 2);
	put32(mem + INFO + 24, MODS);
	put32(mem + INFO + 44, 3 * 24);
	put32(mem + INFO + 48, MMAP);
	put32(mem + INFO + 64, LOADER);
	strcpy((char *)mem + CMD, "root=ram");
	strcpy((char *)mem + LOADER, "qemu");
	put32(mem + MODS, 0x100000);
	put32(mem + MODS + 4, 0x180000);
	put32(mem + MODS + 8, MODS + 0x800);
	put32(mem + MODS + 16, 0x180000);
	put32(mem + MODS + 20, 0x190000);
	put32(mem + MODS + 24, MODS + 0x810);
	strcpy((char *)mem + MODS + 0x800, "init arg");
	strcpy((char *)mem + MODS + 0x810, "fs");
	mb1_mmap_entry(0, 20, 0, 0x9fc00, 1);
	mb1_mmap_entry(24, 20, 0x9fc00, 0x400, 2);
	mb1_mmap_entry(48, 20, 0x100000, 0x3ff0000, 1);
}

static void test_mb1_full(void **state)
{
	mb1_build();
	assert_int_equal(mb_parse1(&RD, INFO, &BI), 0);
	assert_int_equal(BI.protocol, 1);
	assert_string_equal(BI.cmdline, "root=ram");
	assert_string_equal(BI.loader, "qemu");
	assert_int_equal(BI.mem_upper_kib, 64512);
	assert_int_equal(BI.nmodules, 2);
	assert_int_equal(BI.modules[1].start, 0x180000);
	assert_string_equal(BI.modules[0].cmdline, "init arg");
	assert_string_equal(BI.modules[1].cmdline, "fs");
	assert_int_equal(BI.nregions, 3);
	assert_int_equal(BI.regions[1].type, BOOT_MEM_RESERVED);
	assert_int_equal(BI.regions[2].length, 0x3ff0000);
	assert_false(BI.flags & (BOOT_MMAP_SYNTH | BOOT_HAS_RSDP));

	put32(mem + INFO, 0);			/* no flags: nothing, fine */
	assert_int_equal(mb_parse1(&RD, INFO, &BI), 0);
	assert_int_equal(BI.nregions, 0);
	assert_int_equal(BI.flags, 0);
}

static void test_mb1_out_of_range(void **state)
{
	mb1_build();
	assert_int_equal(mb_parse1(&RD, sizeof(mem) - 67, &BI), BOOT_ERR_RANGE);
	assert_int_equal(mb_parse1(&RD, UINT64_MAX - 10, &BI), BOOT_ERR_RANGE);
	put32(mem + INFO + 48, sizeof(mem) - 24);	/* mmap past the end */
	assert_int_equal(mb_parse1(&RD, INFO, &BI), BOOT_ERR_RANGE);
	mb1_build();
	put32(mem + INFO + 24, 0xfffffff0);		/* module list */
	assert_int_equal(mb_parse1(&RD, INFO, &BI), BOOT_ERR_RANGE);
}

static void test_mb1_mmap_hostile(void **state)
{
	mb1_build();
	mb1_mmap_entry(24, 0, 0, 0, 0);			/* size 0 */
	assert_int_equal(mb_parse1(&RD, INFO, &BI), BOOT_ERR_MMAP);
	mb1_mmap_entry(24, 19, 0, 0, 0);		/* too small */
	assert_int_equal(mb_parse1(&RD, INFO, &BI), BOOT_ERR_MMAP);
	mb1_mmap_entry(24, 48, 0, 0, 0);		/* past mmap_length */
	assert_int_equal(mb_parse1(&RD, INFO, &BI), BOOT_ERR_MMAP);
	mb1_build();
	mb1_mmap_entry(24, 28, 0x9fc00, 0x400, 2);	/* bigger entry ok */
	put32(mem + INFO + 44, 3 * 24 + 8);
	mb1_mmap_entry(56, 20, 0x100000, 0x1000, 1);
	assert_int_equal(mb_parse1(&RD, INFO, &BI), 0);
	assert_int_equal(BI.nregions, 3);
	assert_int_equal(BI.regions[2].base, 0x100000);
}

static void test_mb1_strings_hostile(void **state)
{
	mb1_build();
	memset(mem + sizeof(mem) - 16, 'z', 16);	/* runs off memory */
	put32(mem + INFO + 16, sizeof(mem) - 16);
	assert_int_equal(mb_parse1(&RD, INFO, &BI), BOOT_ERR_STRING);
	mb1_build();
	put32(mem + MODS + 24, sizeof(mem) - 16);
	memset(mem + sizeof(mem) - 16, 'z', 16);
	assert_int_equal(mb_parse1(&RD, INFO, &BI), BOOT_ERR_STRING);
	mb1_build();				/* long string: truncated */
	memset(mem + CMD, 'c', 0x1000);
	assert_int_equal(mb_parse1(&RD, INFO, &BI), 0);
	assert_int_equal(strlen(BI.cmdline), BOOT_CMDLINE_MAX - 1);
	assert_int_equal(BI.truncated, BOOT_TRUNC_CMDLINE);
}

static void test_mb1_mods_hostile(void **state)
{
	mb1_build();
	put32(mem + INFO + 20, 0xffffffff);	/* clamped, then read */
	assert_int_equal(mb_parse1(&RD, INFO, &BI), 0);
	assert_int_equal(BI.nmodules, BOOT_MODULES_MAX);
	assert_true(BI.truncated & BOOT_TRUNC_MODULES);
	mb1_build();
	put32(mem + MODS + 4, 0xfffff);		/* end < start */
	assert_int_equal(mb_parse1(&RD, INFO, &BI), BOOT_ERR_MODULE);
}

static void test_mb1_synth(void **state)
{
	mb1_build();
	put32(mem + INFO, 0x1);
	assert_int_equal(mb_parse1(&RD, INFO, &BI), 0);
	assert_int_equal(BI.flags, BOOT_HAS_MEMINFO | BOOT_MMAP_SYNTH);
	assert_int_equal(BI.nregions, 2);
	assert_int_equal(BI.regions[1].length, 64512ull << 10);
}

static void test_strerror(void **state)
{
	assert_string_equal(boot_strerror(0), "ok");
	for (int e = BOOT_ERR_NOSPACE; e < 0; e++)
		assert_string_not_equal(boot_strerror(e), "unknown boot error");
	assert_string_equal(boot_strerror(-99), "unknown boot error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mb2_full),
		cmocka_unit_test(test_mb2_rsdp_old_only),
		cmocka_unit_test(test_mb2_total_size),
		cmocka_unit_test(test_mb2_misaligned),
		cmocka_unit_test(test_mb2_zero_size_tag),
		cmocka_unit_test(test_mb2_tag_overflow),
		cmocka_unit_test(test_mb2_no_end),
		cmocka_unit_test(test_mb2_unterminated),
		cmocka_unit_test(test_mb2_mmap_entry_size),
		cmocka_unit_test(test_mb2_truncation),
		cmocka_unit_test(test_mb2_module_range),
		cmocka_unit_test(test_mb2_meminfo_synth),
		cmocka_unit_test(test_mb2_region_wrap),
		cmocka_unit_test(test_mb1_full),
		cmocka_unit_test(test_mb1_out_of_range),
		cmocka_unit_test(test_mb1_mmap_hostile),
		cmocka_unit_test(test_mb1_strings_hostile),
		cmocka_unit_test(test_mb1_mods_hostile),
		cmocka_unit_test(test_mb1_synth),
		cmocka_unit_test(test_strerror),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
