#ifndef CAPOS_PROC_BOOT_H
#define CAPOS_PROC_BOOT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/boot/boot_info.h"

/* A boot module by name (the last word of its command line). */
struct boot_blob {
	char name[64];
	const uint8_t *data;	/* through the direct map */
	uint64_t size;
};

/* Record the modules, then load and start init; false if there is no
 * init module. */
bool boot_start_init(const struct boot_info *bi, bool with_diag);
/* Validate the manifest module and start the init it names (halts the
 * machine cleanly if the manifest is refused). */
struct process;
struct process *boot_manifest_start(const struct boot_blob *manifest);
uint32_t boot_blob_count(void);
const struct boot_blob *boot_blob_at(uint32_t i);
const struct boot_blob *boot_blob_find(const char *name);
const struct boot_blob *boot_blob_find_n(const char *name, size_t len);
int boot_blob_read(const struct boot_blob *b, uint64_t offset, uint32_t max,
		   uint32_t room, const uint8_t **out, uint32_t *n);

#endif
