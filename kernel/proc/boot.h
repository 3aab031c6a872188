#ifndef CAPOS_PROC_BOOT_H
#define CAPOS_PROC_BOOT_H
#include <stdbool.h>
#include "lib/boot/boot_info.h"

/* Load and start init; false if there is no init module. */
bool boot_start_init(const struct boot_info *bi);
const struct boot_module *boot_module_find(const struct boot_info *bi,
					   const char *name);

#endif
