/* ELF64 executable validation: checking a boot module before it is loaded.
 *
 * The kernel loads user programs from boot modules: byte buffers it did not
 * produce and must not trust. elf_validate() is the *decode* half of
 * loading. It reads the file header and program headers, rejects anything
 * the loader is not prepared to map, and returns an elf_image that lists
 * exactly what to map where. It touches nothing but `out`, so a loader that
 * only maps what the image says cannot be led outside the user window, map
 * writable code, or read outside the file.
 *
 * Only static, non-PIE x86_64 executables are accepted (ET_EXEC, no
 * PT_INTERP, no PT_DYNAMIC): there is no dynamic linker and no relocation.
 * See lib/elf/elf.c for the full list of checks and why each exists.
 */
#ifndef CAPOS_LIB_ELF_ELF_H
#define CAPOS_LIB_ELF_ELF_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_PAGE_SIZE    4096u
#define ELF_MAX_SEGMENTS 16	/* PT_LOAD entries an image may have */
#define ELF_MAX_PHNUM    64	/* program headers a file may have */
#define ELF_MAX_TLS_ALIGN ELF_PAGE_SIZE

/* ---- On-disk format (ELF-64 Object File Format 1.5, System V gABI) ---- */

#define ELF_EHDR_SIZE 64
#define ELF_PHDR_SIZE 56

enum {				/* e_ident indices and values */
	ELF_EI_CLASS = 4, ELF_EI_DATA = 5, ELF_EI_VERSION = 6,
	ELF_CLASS64 = 2, ELF_DATA2LSB = 1, ELF_EV_CURRENT = 1,
	ELF_ET_EXEC = 2, ELF_ET_DYN = 3, ELF_EM_X86_64 = 62,
};

enum {				/* p_type */
	ELF_PT_NULL = 0, ELF_PT_LOAD = 1, ELF_PT_DYNAMIC = 2,
	ELF_PT_INTERP = 3, ELF_PT_NOTE = 4, ELF_PT_PHDR = 6, ELF_PT_TLS = 7,
	ELF_PT_GNU_STACK = 0x6474e551,
};

enum {				/* p_flags */
	ELF_PF_X = 1u << 0, ELF_PF_W = 1u << 1, ELF_PF_R = 1u << 2,
};

/* Packed because the file buffer may be unaligned: read these with memcpy
 * from the buffer, never by casting a pointer into it. Little-endian only,
 * which elf.c pins with a static assert. */
struct elf64_ehdr {
	uint8_t e_ident[16];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum;
	uint16_t e_shentsize, e_shnum, e_shstrndx;
} __attribute__((packed));

struct elf64_phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr;
	uint64_t p_filesz, p_memsz, p_align;
} __attribute__((packed));

_Static_assert(sizeof(struct elf64_ehdr) == ELF_EHDR_SIZE, "ehdr size");
_Static_assert(sizeof(struct elf64_phdr) == ELF_PHDR_SIZE, "phdr size");

/* ---- Validation ---- */

enum elf_err {
	ELF_OK = 0,
	ELF_ERR_LIMITS = -1,		/* caller's elf_limits are malformed */
	ELF_ERR_TRUNCATED = -2,		/* file smaller than the ELF header */
	ELF_ERR_MAGIC = -3,
	ELF_ERR_CLASS = -4,		/* not ELFCLASS64 */
	ELF_ERR_DATA = -5,		/* not little-endian */
	ELF_ERR_VERSION = -6,		/* EI_VERSION or e_version */
	ELF_ERR_TYPE = -7,		/* not ET_EXEC (ET_DYN included) */
	ELF_ERR_MACHINE = -8,		/* not EM_X86_64 */
	ELF_ERR_EHSIZE = -9,
	ELF_ERR_PHENTSIZE = -10,
	ELF_ERR_PHNUM = -11,		/* 0 or above ELF_MAX_PHNUM */
	ELF_ERR_PHDR_BOUNDS = -12,	/* phdr table past end of file */
	ELF_ERR_FILESZ = -13,		/* p_filesz > p_memsz */
	ELF_ERR_FILE_BOUNDS = -14,	/* segment bytes past end of file */
	ELF_ERR_VADDR_WRAP = -15,	/* p_vaddr + p_memsz overflows */
	ELF_ERR_USER_RANGE = -16,	/* segment outside [user_lo, user_hi) */
	ELF_ERR_ALIGN = -17,		/* p_align not 0, 1 or 2^n >= page */
	ELF_ERR_CONGRUENCE = -18,	/* p_vaddr, p_offset differ mod page */
	ELF_ERR_WX = -19,		/* segment both writable and exec */
	ELF_ERR_OVERLAP = -20,		/* two segments share a page */
	ELF_ERR_TOO_MANY = -21,		/* more than ELF_MAX_SEGMENTS */
	ELF_ERR_TOTAL_SIZE = -22,	/* pages above max_memsz_total */
	ELF_ERR_NO_LOAD = -23,		/* no non-empty PT_LOAD */
	ELF_ERR_ENTRY = -24,		/* entry not in an exec segment */
	ELF_ERR_INTERP = -25,		/* PT_INTERP: dynamically linked */
	ELF_ERR_DYNAMIC = -26,		/* PT_DYNAMIC: needs relocation */
	ELF_ERR_TLS = -27,		/* malformed or duplicate PT_TLS */
	ELF_ERR_EXEC_STACK = -28,	/* PT_GNU_STACK asks for PF_X */
	ELF_ERR_PHDR_SEGMENT = -29,	/* PT_PHDR not inside a segment */
};

enum {				/* elf_segment.prot */
	ELF_PROT_R = 1u << 0, ELF_PROT_W = 1u << 1, ELF_PROT_X = 1u << 2,
};

/* One PT_LOAD: map [vaddr, vaddr + memsz) with `prot`; its first filesz
 * bytes come from file[file_off, file_off + filesz) and the rest are zero.
 * vaddr and file_off are congruent modulo ELF_PAGE_SIZE. */
struct elf_segment {
	uint64_t vaddr, memsz;
	uint64_t file_off, filesz;
	uint32_t prot;		/* ELF_PROT_* */
};

/* The PT_TLS template: the initial thread-local block copies filesz bytes
 * from vaddr (inside a segment) and zeroes up to memsz. */
struct elf_tls {
	uint64_t vaddr, filesz, memsz;
	uint64_t align;		/* power of two, <= ELF_MAX_TLS_ALIGN */
};

struct elf_image {
	uint64_t entry;
	uint64_t lowest, highest;	/* page-rounded span [lowest, highest) */
	uint64_t phdr_vaddr;	/* program headers in memory, 0 if unmapped */
	uint32_t phnum;		/* for AT_PHNUM; AT_PHENT is ELF_PHDR_SIZE */
	uint32_t nsegments;
	bool has_tls;
	struct elf_tls tls;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
};

/* Where a program may live. user_lo and user_hi are page-aligned with
 * user_lo < user_hi; every page a segment touches lies in [user_lo,
 * user_hi), and the segments' page-rounded sizes sum to at most
 * max_memsz_total (the frames the loader will have to allocate). */
struct elf_limits {
	uint64_t user_lo, user_hi;
	uint64_t max_memsz_total;
};

/* Validate the ELF file file[0, size) against `lim`. On success returns
 * ELF_OK and fills `out`, segments in program-header order. On failure
 * returns the ELF_ERR_* of the first failed check; `out` is then
 * unspecified. Reads only inside the buffer, which may be unaligned. */
int elf_validate(const void *file, size_t size, const struct elf_limits *lim,
		 struct elf_image *out);

/* A one-line description of an elf_validate() result. */
const char *elf_strerror(int err);

#endif
