/* Reading physical memory from code that owns no page tables.
 *
 * The boot-time parsers (multiboot1, ACPI) follow physical addresses that
 * firmware and the boot loader wrote down. They never turn such an address
 * into a pointer themselves: every access goes through a phys_reader, whose
 * map() returns a pointer through which [phys, phys + len) may be read, or
 * NULL when any byte of that range is not backed. The kernel implements it
 * over its direct map (bounds-checked against the highest mapped address);
 * host tests and fuzzers implement it over a byte buffer standing in for RAM.
 *
 * Contract for map():
 *   - the memory is only read, never written;
 *   - the pointer stays valid as long as the reader itself does (the parsers
 *     keep some, e.g. acpi_table.data); a direct map trivially satisfies this;
 *   - the pointer need not be aligned: multi-byte fields are loaded with
 *     the ld_le*() helpers below, byte by byte, never through a cast.
 * phys_map() filters zero-length and wrapping ranges before map() sees them.
 */
#ifndef CAPOS_LIB_BOOT_PHYS_H
#define CAPOS_LIB_BOOT_PHYS_H
#include <stddef.h>
#include <stdint.h>

struct phys_reader {
	const void *(*map)(void *ctx, uint64_t phys, size_t len);
	void *ctx;
};

static inline const uint8_t *phys_map(const struct phys_reader *rd,
				      uint64_t phys, uint64_t len)
{
	if (len == 0 || len > SIZE_MAX || len - 1 > UINT64_MAX - phys)
		return NULL;
	return rd->map(rd->ctx, phys, (size_t)len);
}

/* Little-endian loads from possibly unaligned bytes; GCC folds each into
 * one mov at -O1 and above. */
static inline uint16_t ld_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t ld_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t ld_le64(const uint8_t *p)
{
	return (uint64_t)ld_le32(p) | (uint64_t)ld_le32(p + 4) << 32;
}

#endif
