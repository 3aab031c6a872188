/* Fuzz the ELF validator: any bytes as a boot module, fixed user limits.
 * ASan catches reads outside the input. On acceptance, re-check what the
 * loader will rely on, independently of lib/elf's own helpers: every
 * segment inside the limits and the file, page-congruent, not W+X, no two
 * sharing a page, the budget kept, and the entry in an executable segment.
 * Trap otherwise so the fuzzer reports it. */
#include <stddef.h>
#include <stdint.h>
#include "lib/elf/elf.h"

#define PG 4096u

static const struct elf_limits lim = {
	.user_lo = 0x1000, .user_hi = 0x800000000000ull,
	.max_memsz_total = 64u << 20,
};

static uint64_t pg_lo(const struct elf_segment *s)
{
	return s->vaddr / PG * PG;
}

static uint64_t pg_hi(const struct elf_segment *s)
{
	return (s->vaddr + s->memsz + PG - 1) / PG * PG;
}

static void check_segment(const struct elf_segment *s, size_t size)
{
	if (s->memsz == 0 || s->filesz > s->memsz)
		__builtin_trap();
	if (s->file_off > size || s->filesz > size - s->file_off)
		__builtin_trap();
	if (s->vaddr < lim.user_lo || s->vaddr >= lim.user_hi ||
	    s->memsz > lim.user_hi - s->vaddr)
		__builtin_trap();
	if (s->vaddr % PG != s->file_off % PG)
		__builtin_trap();
	if ((s->prot & ELF_PROT_W) && (s->prot & ELF_PROT_X))
		__builtin_trap();
}

static int contains(const struct elf_image *img, uint64_t a, uint64_t n,
		    uint32_t prot)
{
	for (uint32_t i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->seg[i];
		if (a >= s->vaddr && a - s->vaddr <= s->memsz &&
		    n <= s->memsz - (a - s->vaddr) && (s->prot & prot) == prot)
			return 1;
	}
	return 0;
}

static void check_image(const struct elf_image *img, size_t size)
{
	uint64_t total = 0;

	if (img->nsegments == 0 || img->nsegments > ELF_MAX_SEGMENTS)
		__builtin_trap();
	for (uint32_t i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->seg[i];
		check_segment(s, size);
		total += pg_hi(s) - pg_lo(s);
		if (pg_lo(s) < img->lowest || pg_hi(s) > img->highest)
			__builtin_trap();
		for (uint32_t j = 0; j < i; j++)
			if (pg_lo(s) < pg_hi(&img->seg[j]) &&
			    pg_lo(&img->seg[j]) < pg_hi(s))
				__builtin_trap();
	}
	if (total > lim.max_memsz_total)
		__builtin_trap();
	if (!contains(img, img->entry, 1, ELF_PROT_X))
		__builtin_trap();
	if (img->has_tls && !contains(img, img->tls.vaddr, img->tls.filesz, 0))
		__builtin_trap();
	if (img->phdr_vaddr != 0 && (img->phdr_vaddr % 8 != 0 ||
	    !contains(img, img->phdr_vaddr, img->phnum * 56ull, 0)))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_image img;
	int err = elf_validate(data, size, &lim, &img);

	if (elf_strerror(err) == NULL)
		__builtin_trap();
	if (err == ELF_OK)
		check_image(&img, size);
	return 0;
}
