/* What the boot loader told us (lib/boot/boot_info.h), parsed once. */
#ifndef CAPOS_CORE_BOOTINFO_H
#define CAPOS_CORE_BOOTINFO_H
#include <stdint.h>
#include "lib/boot/boot_info.h"

/* Parses the multiboot1 or multiboot2 structure; panics with the parser's
 * reason if it is malformed (nothing can be trusted after that). */
const struct boot_info *bootinfo_parse(uint32_t magic, uint32_t info_phys);
void bootinfo_log(const struct boot_info *bi);

#endif
