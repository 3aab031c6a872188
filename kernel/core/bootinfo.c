/* Interim boot-info reader: only the command line and loader name, until
 * the full multiboot parser in lib/boot/ is wired in. */
#include <string.h>
#include "kernel/arch/x86_64/boot_defs.h"
#include "kernel/core/bootinfo.h"
#include "kernel/mm/layout.h"

struct boot_info {
	char cmdline[256];
	char loader[64];
};

static struct boot_info boot_info;

static void copy_str(char *dst, size_t cap, const char *src)
{
	size_t n = strnlen(src, cap - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void parse_mb2(const uint8_t *info)
{
	uint32_t total = *(const uint32_t *)info;
	for (uint32_t off = 8; off + 8 <= total;) {
		uint32_t type = *(const uint32_t *)(info + off);
		uint32_t size = *(const uint32_t *)(info + off + 4);
		if (type == 0 || size < 8)
			break;
		if (type == 1)
			copy_str(boot_info.cmdline, sizeof(boot_info.cmdline),
				 (const char *)info + off + 8);
		if (type == 2)
			copy_str(boot_info.loader, sizeof(boot_info.loader),
				 (const char *)info + off + 8);
		off += (size + 7) & ~7u;
	}
}

static void parse_mb1(const uint32_t *info)
{
	if (info[0] & (1 << 2))
		copy_str(boot_info.cmdline, sizeof(boot_info.cmdline),
			 phys_to_virt(info[4]));
	if (info[0] & (1 << 9))
		copy_str(boot_info.loader, sizeof(boot_info.loader),
			 phys_to_virt(info[16]));
}

const struct boot_info *bootinfo_parse(uint32_t magic, uint32_t info_phys)
{
	if (magic == MB2_BOOT_MAGIC)
		parse_mb2(phys_to_virt(info_phys));
	else if (magic == MB1_BOOT_MAGIC)
		parse_mb1(phys_to_virt(info_phys));
	return &boot_info;
}

const char *bootinfo_cmdline(const struct boot_info *bi)
{
	return bi->cmdline;
}

const char *bootinfo_loader_name(const struct boot_info *bi)
{
	return bi->loader[0] ? bi->loader : "unknown";
}
