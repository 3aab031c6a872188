/* Host tests for lib/elf: ELF images built by hand in memory.
 *
 * Host binaries are PIE and dynamically linked, so none is a useful
 * positive case; instead elfb_valid() builds a minimal static executable
 * (text RX with the headers, data RW with .bss), and each hostile test
 * breaks one field of it and expects the one error code for that check.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "lib/elf/elf.h"

#define TEXT_VADDR 0x400000ull
#define DATA_VADDR 0x402000ull
#define USER_HI    0x800000000000ull
#define MAX_PH     72
#define PT_GNU_PROPERTY 0x6474e553u
#define PT_GNU_RELRO    0x6474e552u

/* An image under construction: headers as structs, written to buf by
 * elfb_emit(), so tests can edit fields before emitting. */
struct elfb {
	struct elf64_ehdr eh;
	struct elf64_phdr ph[MAX_PH];
	size_t size;
	uint8_t buf[0x3000];
};

static const struct elf_limits limits = {
	.user_lo = 0x1000, .user_hi = USER_HI, .max_memsz_total = 16u << 20,
};

static struct elf64_phdr *elfb_add(struct elfb *b, uint32_t type,
				   uint32_t flags)
{
	struct elf64_phdr *ph = &b->ph[b->eh.e_phnum++];

	memset(ph, 0, sizeof(*ph));
	ph->p_type = type;
	ph->p_flags = flags;
	return ph;
}

static void elfb_load(struct elfb *b, uint32_t flags, uint64_t off,
		      uint64_t vaddr, uint64_t filesz, uint64_t memsz)
{
	struct elf64_phdr *ph = elfb_add(b, ELF_PT_LOAD, flags);

	ph->p_offset = off;
	ph->p_vaddr = ph->p_paddr = vaddr;
	ph->p_filesz = filesz;
	ph->p_memsz = memsz;
	ph->p_align = 0x1000;
}

/* Text RX at 0x400000 (file 0..0x1100, holding the headers and the entry
 * at 0x401000); data RW at 0x402000 (file 0x2000..0x2100, .bss to 0x405000). */
static void elfb_valid(struct elfb *b)
{
	memset(b, 0, sizeof(*b));
	memcpy(b->eh.e_ident, "\x7f" "ELF\x02\x01\x01", 7);
	b->eh.e_type = ELF_ET_EXEC;
	b->eh.e_machine = ELF_EM_X86_64;
	b->eh.e_version = ELF_EV_CURRENT;
	b->eh.e_entry = TEXT_VADDR + 0x1000;
	b->eh.e_phoff = ELF_EHDR_SIZE;
	b->eh.e_ehsize = ELF_EHDR_SIZE;
	b->eh.e_phentsize = ELF_PHDR_SIZE;
	elfb_load(b, ELF_PF_R | ELF_PF_X, 0, TEXT_VADDR, 0x1100, 0x1100);
	elfb_load(b, ELF_PF_R | ELF_PF_W, 0x2000, DATA_VADDR, 0x100, 0x3000);
	b->size = 0x2100;
}

static void elfb_emit(struct elfb *b)
{
	size_t n = b->eh.e_phnum < MAX_PH ? b->eh.e_phnum : MAX_PH;

	memset(b->buf, 0xcc, sizeof(b->buf));
	memcpy(b->buf, &b->eh, sizeof(b->eh));
	if (b->eh.e_phoff <= sizeof(b->buf) - n * ELF_PHDR_SIZE)
		memcpy(b->buf + b->eh.e_phoff, b->ph, n * ELF_PHDR_SIZE);
}

static int elfb_check_lim(struct elfb *b, const struct elf_limits *lim,
			  struct elf_image *out)
{
	elfb_emit(b);
	return elf_validate(b->buf, b->size, lim, out);
}

static int elfb_check(struct elfb *b, struct elf_image *out)
{
	return elfb_check_lim(b, &limits, out);
}

/* Build the valid image, let `edit` break it, expect `want`. */
#define EXPECT(want, edit)					\
	do {							\
		struct elfb b_;					\
		struct elf_image img_;				\
		struct elfb *b = &b_;				\
		elfb_valid(b);					\
		edit;						\
		assert_int_equal(elfb_check(b, &img_), (want));	\
	} while (0)

/* ---- valid images ---- */

static void test_valid_two_segments(void **state)
{
	struct elfb b;
	struct elf_image img;

	elfb_valid(&b);
	assert_int_equal(elfb_check(&b, &img), ELF_OK);
	assert_int_equal(img.entry, 0x401000);
	assert_int_equal(img.nsegments, 2);
	assert_int_equal(img.seg[0].vaddr, TEXT_VADDR);
	assert_int_equal(img.seg[0].filesz, 0x1100);
	assert_int_equal(img.seg[0].prot, ELF_PROT_R | ELF_PROT_X);
	assert_int_equal(img.seg[1].vaddr, DATA_VADDR);
	assert_int_equal(img.seg[1].file_off, 0x2000);
	assert_int_equal(img.seg[1].filesz, 0x100);
	assert_int_equal(img.seg[1].memsz, 0x3000);
	assert_int_equal(img.seg[1].prot, ELF_PROT_R | ELF_PROT_W);
	assert_int_equal(img.lowest, TEXT_VADDR);
	assert_int_equal(img.highest, 0x405000);
	assert_int_equal(img.phdr_vaddr, TEXT_VADDR + ELF_EHDR_SIZE);
	assert_int_equal(img.phnum, 2);
	assert_false(img.has_tls);
}

static void test_valid_unaligned_buffer(void **state)
{
	static uint8_t raw[0x3001];
	struct elfb b;
	struct elf_image img;

	elfb_valid(&b);
	elfb_emit(&b);
	memcpy(raw + 1, b.buf, b.size);
	assert_int_equal(elf_validate(raw + 1, b.size, &limits, &img), ELF_OK);
	assert_int_equal(img.nsegments, 2);
}

static void test_valid_edges(void **state)
{
	/* Alignments 0, 1 and 2 MiB all mean "at least a page". */
	EXPECT(ELF_OK, b->ph[0].p_align = 0);
	EXPECT(ELF_OK, b->ph[1].p_align = 1);
	EXPECT(ELF_OK, b->ph[1].p_align = 0x200000);
	/* Data ending exactly at the end of the file, and at user_hi. */
	EXPECT(ELF_OK, b->ph[1].p_filesz = 0x100; b->size = 0x2100);
	EXPECT(ELF_OK, b->ph[1].p_vaddr = USER_HI - 0x3000);
	/* Entry on the last text byte. */
	EXPECT(ELF_OK, b->eh.e_entry = TEXT_VADDR + 0x10ff);
	/* Text at user_lo; segments listed in descending order. */
	EXPECT(ELF_OK, b->ph[0].p_vaddr = 0x1000; b->eh.e_entry = 0x1000);
	EXPECT(ELF_OK, struct elf64_phdr t = b->ph[0];
	       b->ph[0] = b->ph[1]; b->ph[1] = t);
}

static void test_valid_ignored_types(void **state)
{
	EXPECT(ELF_OK, elfb_add(b, ELF_PT_NOTE, ELF_PF_R));
	EXPECT(ELF_OK, elfb_add(b, ELF_PT_NULL, 0));
	EXPECT(ELF_OK, elfb_add(b, PT_GNU_PROPERTY, ELF_PF_R));
	EXPECT(ELF_OK, elfb_add(b, PT_GNU_RELRO, ELF_PF_R));
	EXPECT(ELF_OK, elfb_add(b, 0x6fffffffu, ELF_PF_X));
	EXPECT(ELF_OK, elfb_add(b, ELF_PT_GNU_STACK, ELF_PF_R | ELF_PF_W));
}

static void test_valid_empty_load_skipped(void **state)
{
	struct elfb b;
	struct elf_image img;

	elfb_valid(&b);
	elfb_load(&b, ELF_PF_R, 0, 0x500000, 0, 0);
	assert_int_equal(elfb_check(&b, &img), ELF_OK);
	assert_int_equal(img.nsegments, 2);
}

/* ---- file header ---- */

static void test_limits(void **state)
{
	struct elfb b;
	struct elf_image img;
	struct elf_limits lim = limits;

	elfb_valid(&b);
	assert_int_equal(elfb_check_lim(&b, NULL, &img), ELF_ERR_LIMITS);
	lim.user_lo = lim.user_hi;
	assert_int_equal(elfb_check_lim(&b, &lim, &img), ELF_ERR_LIMITS);
	lim.user_lo = 0x1001;
	assert_int_equal(elfb_check_lim(&b, &lim, &img), ELF_ERR_LIMITS);
	lim = limits;
	lim.user_hi = UINT64_MAX;
	assert_int_equal(elfb_check_lim(&b, &lim, &img), ELF_ERR_LIMITS);
}

static void test_truncated(void **state)
{
	struct elf_image img;

	assert_int_equal(elf_validate(NULL, 0, &limits, &img),
			 ELF_ERR_TRUNCATED);
	EXPECT(ELF_ERR_TRUNCATED, b->size = 0);
	EXPECT(ELF_ERR_TRUNCATED, b->size = ELF_EHDR_SIZE - 1);
}

static void test_ident(void **state)
{
	EXPECT(ELF_ERR_MAGIC, b->eh.e_ident[0] = 0x7e);
	EXPECT(ELF_ERR_MAGIC, b->eh.e_ident[3] = 'f');
	EXPECT(ELF_ERR_CLASS, b->eh.e_ident[ELF_EI_CLASS] = 1);
	EXPECT(ELF_ERR_DATA, b->eh.e_ident[ELF_EI_DATA] = 2);
	EXPECT(ELF_ERR_VERSION, b->eh.e_ident[ELF_EI_VERSION] = 0);
	EXPECT(ELF_ERR_VERSION, b->eh.e_version = 2);
}

static void test_ehdr_fields(void **state)
{
	EXPECT(ELF_ERR_TYPE, b->eh.e_type = ELF_ET_DYN);
	EXPECT(ELF_ERR_TYPE, b->eh.e_type = 1 /* ET_REL */);
	EXPECT(ELF_ERR_MACHINE, b->eh.e_machine = 3 /* EM_386 */);
	EXPECT(ELF_ERR_EHSIZE, b->eh.e_ehsize = 52);
	EXPECT(ELF_ERR_PHENTSIZE, b->eh.e_phentsize = 32);
	EXPECT(ELF_ERR_PHNUM, b->eh.e_phnum = 0);
	EXPECT(ELF_ERR_PHNUM, b->eh.e_phnum = ELF_MAX_PHNUM + 1);
	EXPECT(ELF_ERR_PHNUM, b->eh.e_phnum = 0xffff /* PN_XNUM */);
}

static void test_phdr_bounds(void **state)
{
	/* Second phdr cut off by the end of the file. */
	EXPECT(ELF_ERR_PHDR_BOUNDS, b->size = ELF_EHDR_SIZE + ELF_PHDR_SIZE);
	EXPECT(ELF_ERR_PHDR_BOUNDS, b->eh.e_phoff = b->size - ELF_PHDR_SIZE);
	EXPECT(ELF_ERR_PHDR_BOUNDS, b->eh.e_phoff = UINT64_MAX - 8);
	EXPECT(ELF_ERR_PHDR_BOUNDS, b->eh.e_phoff = UINT64_MAX);
	/* The table exactly reaching the end of the file is fine. */
	EXPECT(ELF_OK, b->size = ELF_EHDR_SIZE + 2 * ELF_PHDR_SIZE;
	       b->ph[0].p_filesz = b->size; b->ph[1].p_filesz = 0;
	       b->ph[1].p_offset = 0);
}

/* ---- PT_LOAD ---- */

static void test_load_filesz(void **state)
{
	EXPECT(ELF_ERR_FILESZ, b->ph[1].p_filesz = 0x3001);
	EXPECT(ELF_ERR_FILESZ, b->ph[0].p_memsz = 0);
}

static void test_load_file_bounds(void **state)
{
	EXPECT(ELF_ERR_FILE_BOUNDS, b->ph[1].p_filesz = 0x101);
	EXPECT(ELF_ERR_FILE_BOUNDS, b->size = 0x20ff);
	EXPECT(ELF_ERR_FILE_BOUNDS, b->ph[1].p_offset = 0x3000;
	       b->ph[1].p_filesz = 0);
	/* offset + filesz wraps to a small number. */
	EXPECT(ELF_ERR_FILE_BOUNDS, b->ph[1].p_offset = UINT64_MAX - 0xfff;
	       b->ph[1].p_filesz = 0x2000);
	EXPECT(ELF_ERR_FILE_BOUNDS, b->ph[1].p_offset = 0x2000;
	       b->ph[1].p_filesz = UINT64_MAX; b->ph[1].p_memsz = UINT64_MAX);
}

static void test_load_vaddr_wrap(void **state)
{
	EXPECT(ELF_ERR_VADDR_WRAP, b->ph[1].p_vaddr = 0xfffffffffffff000ull;
	       b->ph[1].p_memsz = 0x2000);
	EXPECT(ELF_ERR_VADDR_WRAP, b->ph[1].p_memsz = UINT64_MAX);
}

static void test_load_user_range(void **state)
{
	/* Kernel half. */
	EXPECT(ELF_ERR_USER_RANGE, b->ph[1].p_vaddr = 0xffff800000002000ull);
	EXPECT(ELF_ERR_USER_RANGE, b->ph[1].p_vaddr = 0xffffffff80002000ull);
	/* Null page, below user_lo. */
	EXPECT(ELF_ERR_USER_RANGE, b->ph[1].p_vaddr = 0);
	EXPECT(ELF_ERR_USER_RANGE, b->ph[0].p_vaddr = 0x0);
	/* One byte past user_hi; the rounded-up page would be too. */
	EXPECT(ELF_ERR_USER_RANGE, b->ph[1].p_vaddr = USER_HI - 0x3000;
	       b->ph[1].p_memsz = 0x3001);
	/* Non-canonical hole. */
	EXPECT(ELF_ERR_USER_RANGE, b->ph[1].p_vaddr = USER_HI);
}

static void test_load_align(void **state)
{
	EXPECT(ELF_ERR_ALIGN, b->ph[1].p_align = 2048);
	EXPECT(ELF_ERR_ALIGN, b->ph[1].p_align = 2);
	EXPECT(ELF_ERR_ALIGN, b->ph[1].p_align = 0x3000);
	EXPECT(ELF_ERR_ALIGN, b->ph[0].p_align = UINT64_MAX);
}

static void test_load_congruence(void **state)
{
	EXPECT(ELF_ERR_CONGRUENCE, b->ph[1].p_vaddr = DATA_VADDR + 0x10);
	EXPECT(ELF_ERR_CONGRUENCE, b->ph[1].p_offset = 0x1ff0;
	       b->ph[1].p_filesz = 0x10);
}

static void test_load_wx(void **state)
{
	EXPECT(ELF_ERR_WX, b->ph[1].p_flags |= ELF_PF_X);
	EXPECT(ELF_ERR_WX, b->ph[0].p_flags |= ELF_PF_W);
	EXPECT(ELF_ERR_WX, b->ph[1].p_flags = ELF_PF_W | ELF_PF_X);
}

static void test_load_overlap(void **state)
{
	/* Data's first page is text's last page (0x401000). */
	EXPECT(ELF_ERR_OVERLAP, b->ph[1].p_vaddr = 0x401800;
	       b->ph[1].p_offset = 0x1800);
	/* Data inside text, and the same in reverse order. */
	EXPECT(ELF_ERR_OVERLAP, b->ph[1].p_vaddr = TEXT_VADDR);
	EXPECT(ELF_ERR_OVERLAP, b->ph[1].p_vaddr = TEXT_VADDR - 0x1000;
	       b->ph[1].p_memsz = 0x1001);
	EXPECT(ELF_ERR_OVERLAP, elfb_load(b, ELF_PF_R, 0, 0x404000, 0, 1));
	/* Text ending at 0x401100 and data starting on the next page: ok. */
	EXPECT(ELF_OK, b->ph[1].p_vaddr = 0x402000);
}

static void add_pages(struct elfb *b, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		elfb_load(b, ELF_PF_R, 0, 0x500000 + i * 0x1000ull, 0, 0x1000);
}

static void test_load_too_many(void **state)
{
	EXPECT(ELF_OK, add_pages(b, ELF_MAX_SEGMENTS - 2));
	EXPECT(ELF_ERR_TOO_MANY, add_pages(b, ELF_MAX_SEGMENTS - 1));
	EXPECT(ELF_ERR_TOO_MANY, add_pages(b, ELF_MAX_PHNUM - 2));
}

static void test_load_total_size(void **state)
{
	struct elfb b;
	struct elf_image img;
	struct elf_limits lim = limits;

	/* Text spans 2 pages, data 3. */
	elfb_valid(&b);
	lim.max_memsz_total = 0x5000;
	assert_int_equal(elfb_check_lim(&b, &lim, &img), ELF_OK);
	lim.max_memsz_total = 0x4fff;
	assert_int_equal(elfb_check_lim(&b, &lim, &img), ELF_ERR_TOTAL_SIZE);
	lim.max_memsz_total = 0;
	assert_int_equal(elfb_check_lim(&b, &lim, &img), ELF_ERR_TOTAL_SIZE);
	/* Text alone: 0x1100 bytes but two pages of frames. */
	b.eh.e_phnum = 1;
	lim.max_memsz_total = 0x1fff;
	assert_int_equal(elfb_check_lim(&b, &lim, &img), ELF_ERR_TOTAL_SIZE);
}

static void test_no_load(void **state)
{
	EXPECT(ELF_ERR_NO_LOAD, b->ph[0].p_type = ELF_PT_NOTE;
	       b->ph[1].p_type = ELF_PT_NOTE);
	EXPECT(ELF_ERR_NO_LOAD, b->ph[0].p_memsz = b->ph[0].p_filesz = 0;
	       b->ph[1].p_memsz = b->ph[1].p_filesz = 0);
}

static void test_entry(void **state)
{
	EXPECT(ELF_ERR_ENTRY, b->eh.e_entry = DATA_VADDR);
	EXPECT(ELF_ERR_ENTRY, b->eh.e_entry = TEXT_VADDR + 0x1100);
	EXPECT(ELF_ERR_ENTRY, b->eh.e_entry = 0);
	EXPECT(ELF_ERR_ENTRY, b->eh.e_entry = UINT64_MAX);
	/* A read-only segment is not executable either. */
	EXPECT(ELF_ERR_ENTRY, b->ph[0].p_flags = ELF_PF_R);
}

static void test_dynamic(void **state)
{
	EXPECT(ELF_ERR_INTERP, elfb_add(b, ELF_PT_INTERP, ELF_PF_R));
	EXPECT(ELF_ERR_DYNAMIC, elfb_add(b, ELF_PT_DYNAMIC, ELF_PF_R));
}

static void test_exec_stack(void **state)
{
	EXPECT(ELF_ERR_EXEC_STACK,
	       elfb_add(b, ELF_PT_GNU_STACK, ELF_PF_R | ELF_PF_W | ELF_PF_X));
}

/* ---- PT_TLS ---- */

static struct elf64_phdr *add_tls(struct elfb *b)
{
	struct elf64_phdr *ph = elfb_add(b, ELF_PT_TLS, ELF_PF_R);

	ph->p_offset = 0x2000;
	ph->p_vaddr = DATA_VADDR;
	ph->p_filesz = 0x10;
	ph->p_memsz = 0x40;
	ph->p_align = 16;
	return ph;
}

static void test_tls_recorded(void **state)
{
	struct elfb b;
	struct elf_image img;

	elfb_valid(&b);
	add_tls(&b);
	assert_int_equal(elfb_check(&b, &img), ELF_OK);
	assert_true(img.has_tls);
	assert_int_equal(img.tls.vaddr, DATA_VADDR);
	assert_int_equal(img.tls.filesz, 0x10);
	assert_int_equal(img.tls.memsz, 0x40);
	assert_int_equal(img.tls.align, 16);
}

static void test_tls_edges(void **state)
{
	EXPECT(ELF_OK, add_tls(b)->p_align = 0);
	EXPECT(ELF_OK, add_tls(b)->p_align = ELF_MAX_TLS_ALIGN);
	/* Pure .tbss: an empty template at the very end of data. */
	EXPECT(ELF_OK, add_tls(b)->p_vaddr = 0x405000;
	       b->ph[2].p_filesz = 0);
}

static void test_tls_hostile(void **state)
{
	EXPECT(ELF_ERR_TLS, add_tls(b)->p_align = 24);
	EXPECT(ELF_ERR_TLS, add_tls(b)->p_align = ELF_MAX_TLS_ALIGN * 2);
	EXPECT(ELF_ERR_TLS, add_tls(b)->p_filesz = 0x41);
	EXPECT(ELF_ERR_TLS, add_tls(b)->p_memsz = UINT64_MAX);
	EXPECT(ELF_ERR_TLS, add_tls(b); add_tls(b));
	/* Template not backed by any segment, or running off its end. */
	EXPECT(ELF_ERR_TLS, add_tls(b)->p_vaddr = 0x300000);
	EXPECT(ELF_ERR_TLS, add_tls(b)->p_vaddr = 0x404ff8);
	EXPECT(ELF_ERR_TLS, add_tls(b)->p_vaddr = UINT64_MAX - 4);
}

/* ---- program header address ---- */

static void test_phdr_address(void **state)
{
	struct elfb b;
	struct elf_image img;
	struct elf64_phdr *ph;

	elfb_valid(&b);
	ph = elfb_add(&b, ELF_PT_PHDR, ELF_PF_R);
	ph->p_vaddr = TEXT_VADDR + ELF_EHDR_SIZE;
	assert_int_equal(elfb_check(&b, &img), ELF_OK);
	assert_int_equal(img.phdr_vaddr, TEXT_VADDR + ELF_EHDR_SIZE);
	assert_int_equal(img.phnum, 3);

	/* No PT_PHDR and the table outside every segment: not mapped. */
	elfb_valid(&b);
	b.ph[0].p_offset = 0x1000;
	b.ph[0].p_vaddr = 0x401000;
	b.ph[0].p_filesz = b.ph[0].p_memsz = 0x100;
	assert_int_equal(elfb_check(&b, &img), ELF_OK);
	assert_int_equal(img.phdr_vaddr, 0);

	/* Mapped but misaligned: the C runtime could not read it in place. */
	elfb_valid(&b);
	b.eh.e_phoff = ELF_EHDR_SIZE + 1;
	assert_int_equal(elfb_check(&b, &img), ELF_OK);
	assert_int_equal(img.phdr_vaddr, 0);
}

static void test_phdr_segment(void **state)
{
	EXPECT(ELF_ERR_PHDR_SEGMENT,
	       elfb_add(b, ELF_PT_PHDR, ELF_PF_R)->p_vaddr = 0x300000);
	EXPECT(ELF_ERR_PHDR_SEGMENT,
	       elfb_add(b, ELF_PT_PHDR, ELF_PF_R)->p_vaddr = TEXT_VADDR + 65);
	/* The table (3 entries) would run off the end of the text. */
	EXPECT(ELF_ERR_PHDR_SEGMENT,
	       elfb_add(b, ELF_PT_PHDR, ELF_PF_R)->p_vaddr = 0x401080);
	EXPECT(ELF_ERR_PHDR_SEGMENT,
	       elfb_add(b, ELF_PT_PHDR, ELF_PF_R)->p_vaddr = UINT64_MAX - 7);
}

static void test_strerror(void **state)
{
	for (int e = 0; e >= ELF_ERR_PHDR_SEGMENT; e--) {
		const char *s = elf_strerror(e);
		assert_non_null(s);
		assert_string_not_equal(s, "unknown ELF error");
		for (int f = 0; f > e; f--)
			assert_string_not_equal(s, elf_strerror(f));
	}
	assert_string_equal(elf_strerror(ELF_ERR_PHDR_BOUNDS),
		"program header table runs past the end of the file");
	assert_string_equal(elf_strerror(-1000), "unknown ELF error");
	assert_string_equal(elf_strerror(1), "unknown ELF error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_two_segments),
		cmocka_unit_test(test_valid_unaligned_buffer),
		cmocka_unit_test(test_valid_edges),
		cmocka_unit_test(test_valid_ignored_types),
		cmocka_unit_test(test_valid_empty_load_skipped),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_ident),
		cmocka_unit_test(test_ehdr_fields),
		cmocka_unit_test(test_phdr_bounds),
		cmocka_unit_test(test_load_filesz),
		cmocka_unit_test(test_load_file_bounds),
		cmocka_unit_test(test_load_vaddr_wrap),
		cmocka_unit_test(test_load_user_range),
		cmocka_unit_test(test_load_align),
		cmocka_unit_test(test_load_congruence),
		cmocka_unit_test(test_load_wx),
		cmocka_unit_test(test_load_overlap),
		cmocka_unit_test(test_load_too_many),
		cmocka_unit_test(test_load_total_size),
		cmocka_unit_test(test_no_load),
		cmocka_unit_test(test_entry),
		cmocka_unit_test(test_dynamic),
		cmocka_unit_test(test_exec_stack),
		cmocka_unit_test(test_tls_recorded),
		cmocka_unit_test(test_tls_edges),
		cmocka_unit_test(test_tls_hostile),
		cmocka_unit_test(test_phdr_address),
		cmocka_unit_test(test_phdr_segment),
		cmocka_unit_test(test_strerror),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
