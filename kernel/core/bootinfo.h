/* What the boot loader told us, in one form for multiboot1 and 2. */
#ifndef CAPOS_CORE_BOOTINFO_H
#define CAPOS_CORE_BOOTINFO_H
#include <stdint.h>

struct boot_info;

const struct boot_info *bootinfo_parse(uint32_t magic, uint32_t info_phys);
const char *bootinfo_cmdline(const struct boot_info *bi);
const char *bootinfo_loader_name(const struct boot_info *bi);

#endif
