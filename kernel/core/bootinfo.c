/* Runs while only the early tables exist: physical memory below 4 GiB is
 * reachable through the early direct map, which is where multiboot
 * loaders put their structures. */
#include "kernel/core/bootinfo.h"
#include "kernel/core/log.h"
#include "kernel/core/panic.h"
#include "kernel/mm/layout.h"
#include "lib/boot/multiboot.h"

LOG_SOURCE(boot_log, "boot");

#define EARLY_MAP_LIMIT (4ull << 30)
#define MB2_INFO_MAX (1u << 20)

static struct boot_info boot_info;

static const void *early_phys_map(void *ctx, uint64_t phys, size_t len)
{
	if (phys >= EARLY_MAP_LIMIT || len > EARLY_MAP_LIMIT - phys)
		return 0;
	return phys_to_virt(phys);
}

static int bootinfo_parse_mb2(uint32_t info_phys)
{
	const struct phys_reader rd = { early_phys_map, 0 };
	const uint8_t *hdr = phys_map(&rd, info_phys, 8);
	if (!hdr)
		return BOOT_ERR_RANGE;
	uint32_t total = ld_le32(hdr);
	if (total > MB2_INFO_MAX || !phys_map(&rd, info_phys, total))
		return BOOT_ERR_SIZE;
	return mb_parse2(hdr, total, &boot_info);
}

const struct boot_info *bootinfo_parse(uint32_t magic, uint32_t info_phys)
{
	const struct phys_reader rd = { early_phys_map, 0 };
	int err;
	if (magic == MB2_BOOT_MAGIC_EAX)
		err = bootinfo_parse_mb2(info_phys);
	else if (magic == MB1_BOOT_MAGIC_EAX)
		err = mb_parse1(&rd, info_phys, &boot_info);
	else
		panic("boot: not started by a multiboot loader (magic 0x%x)", magic);
	if (err)
		panic("boot: multiboot%d information refused: %s",
		      magic == MB2_BOOT_MAGIC_EAX ? 2 : 1, boot_strerror(err));
	return &boot_info;
}

static const char *const mem_type_names[] = {
	[BOOT_MEM_USABLE] = "usable", [BOOT_MEM_RESERVED] = "reserved",
	[BOOT_MEM_ACPI_RECLAIM] = "ACPI", [BOOT_MEM_NVS] = "ACPI NVS",
	[BOOT_MEM_BAD] = "bad",
};

void bootinfo_log(const struct boot_info *bi)
{
	log_info(&boot_log, "multiboot%u from %s, command line \"%s\"",
		 bi->protocol, bi->loader[0] ? bi->loader : "an unnamed loader",
		 bi->cmdline);
	uint64_t usable = 0;
	for (uint32_t i = 0; i < bi->nregions; i++) {
		const struct boot_mem_region *r = &bi->regions[i];
		log_info(&boot_log, "  mem 0x%012lx-0x%012lx %s", r->base,
			 r->base + r->length - 1, mem_type_names[r->type]);
		if (r->type == BOOT_MEM_USABLE)
			usable += r->length;
	}
	log_info(&boot_log, "memory map: %u regions, %lu MiB usable, %u modules",
		 bi->nregions, usable >> 20, bi->nmodules);
	if (bi->truncated)
		log_warn(&boot_log, "boot information truncated (flags 0x%x)",
			 bi->truncated);
}
