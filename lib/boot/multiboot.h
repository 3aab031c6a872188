/* Multiboot1 and multiboot2 boot information parsers.
 *
 * Both fill the common struct boot_info (lib/boot/boot_info.h) and treat the
 * input as hostile: every size is checked before it is used, and a malformed
 * structure fails the whole parse with a specific BOOT_ERR_* code. On
 * failure *out is left zeroed apart from `protocol` and whatever was parsed
 * before the fault; callers must not use it.
 */
#ifndef CAPOS_LIB_BOOT_MULTIBOOT_H
#define CAPOS_LIB_BOOT_MULTIBOOT_H
#include <stddef.h>
#include <stdint.h>
#include "lib/boot/boot_info.h"
#include "lib/boot/phys.h"

#define MB1_BOOT_MAGIC_EAX 0x2BADB002u
#define MB2_BOOT_MAGIC_EAX 0x36d76289u

/* Parse a multiboot2 info structure already mapped at `info` (8-byte
 * aligned), of which `max_len` bytes are readable. Tags are self-contained,
 * so no reader is needed. Returns 0 or BOOT_ERR_*. */
int mb_parse2(const void *info, size_t max_len, struct boot_info *out);

/* Parse a multiboot1 info structure at physical `info_phys`; it and the
 * command line, module list, module strings and memory map it points to are
 * all read through `rd`. Returns 0 or BOOT_ERR_*. */
int mb_parse1(const struct phys_reader *rd, uint64_t info_phys,
	      struct boot_info *out);

#endif
