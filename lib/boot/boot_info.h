/* What the boot loader told us, in one form for multiboot1 and multiboot2.
 *
 * struct boot_info is a self-contained copy: every string and table is
 * copied into fixed-capacity arrays, so once the parser returns nothing in
 * the loader's info structure is needed any more (only the module contents
 * stay where the loader put them). When an array fills, the rest is dropped
 * and a BOOT_TRUNC_* bit says so, rather than failing the boot.
 *
 * Memory types are normalised: multiboot passes E820 types through, and
 * everything that is not usable, ACPI-reclaimable, NVS or bad is reserved.
 * Regions are kept as the loader listed them (unsorted, possibly
 * overlapping); lib/boot/memmap.h turns them into clean usable ranges.
 */
#ifndef CAPOS_LIB_BOOT_BOOT_INFO_H
#define CAPOS_LIB_BOOT_BOOT_INFO_H
#include <stdbool.h>
#include <stdint.h>

#define BOOT_MMAP_MAX     64
#define BOOT_MODULES_MAX  32
#define BOOT_CMDLINE_MAX  512
#define BOOT_LOADER_MAX   64
#define BOOT_MODCMD_MAX   128
#define BOOT_RSDP_MAX     36

/* Errors from lib/boot; the lead maps them onto err_t later. */
enum boot_err {
	BOOT_OK = 0,
	BOOT_ERR_ALIGN = -1,	/* mb2 info not 8-byte aligned */
	BOOT_ERR_SIZE = -2,	/* total_size < 16 or beyond what is readable */
	BOOT_ERR_TAG_SIZE = -3,	/* tag size < 8, too small for its type, or
				   running past total_size */
	BOOT_ERR_NO_END = -4,	/* tags ran out without an end tag */
	BOOT_ERR_STRING = -5,	/* string not NUL-terminated within bounds */
	BOOT_ERR_MMAP = -6,	/* memory map entry size or layout invalid */
	BOOT_ERR_MODULE = -7,	/* module end below its start */
	BOOT_ERR_RANGE = -8,	/* mb1 physical pointer not readable */
	BOOT_ERR_NOSPACE = -9,	/* caller's output array too small */
};

enum boot_mem_type {
	BOOT_MEM_USABLE = 1,
	BOOT_MEM_RESERVED,
	BOOT_MEM_ACPI_RECLAIM,
	BOOT_MEM_NVS,
	BOOT_MEM_BAD,
};

/* boot_info.flags */
enum {
	BOOT_HAS_MEMINFO = 1u << 0,	/* mem_lower_kib/mem_upper_kib valid */
	BOOT_HAS_MMAP = 1u << 1,	/* regions[] came from a loader mmap */
	BOOT_MMAP_SYNTH = 1u << 2,	/* regions[] made up from meminfo */
	BOOT_HAS_CMDLINE = 1u << 3,
	BOOT_HAS_LOADER = 1u << 4,
	BOOT_HAS_RSDP = 1u << 5,
};

/* boot_info.truncated: an array or string filled up and input was dropped */
enum {
	BOOT_TRUNC_MMAP = 1u << 0,
	BOOT_TRUNC_MODULES = 1u << 1,
	BOOT_TRUNC_CMDLINE = 1u << 2,
	BOOT_TRUNC_LOADER = 1u << 3,
	BOOT_TRUNC_MODCMD = 1u << 4,
};

struct boot_mem_region {
	uint64_t base;
	uint64_t length;	/* clipped so base + length never wraps */
	enum boot_mem_type type;
};

struct boot_module {
	uint64_t start;		/* physical, [start, end) */
	uint64_t end;
	char cmdline[BOOT_MODCMD_MAX];
};

struct boot_info {
	uint32_t protocol;	/* 1 or 2 */
	uint32_t flags;		/* BOOT_HAS_* */
	uint32_t truncated;	/* BOOT_TRUNC_* */
	uint32_t mem_lower_kib;
	uint32_t mem_upper_kib;
	uint32_t info_size;	/* bytes of the info structure proper */
	uint32_t nregions;
	uint32_t nmodules;
	struct boot_mem_region regions[BOOT_MMAP_MAX];
	struct boot_module modules[BOOT_MODULES_MAX];
	char cmdline[BOOT_CMDLINE_MAX];
	char loader[BOOT_LOADER_MAX];
	/* Raw RSDP copy from mb2 tag 14 (version 1, 20 bytes) or tag 15
	 * (version 2, 36 bytes); not validated here, see acpi_rsdp_parse(). */
	uint8_t rsdp[BOOT_RSDP_MAX];
	uint8_t rsdp_len;
	uint8_t rsdp_version;
};

const char *boot_strerror(int err);

#endif
