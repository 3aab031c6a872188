/* ACPI static tables: finding the RSDP, walking the RSDT/XSDT, fetching a
 * table by signature. MADT decoding lives in lib/acpi/madt.h.
 *
 * Everything is read through a phys_reader (lib/boot/phys.h) and validated
 * before use: signatures, lengths against both the header minimum and what
 * the reader can provide, and checksums. A hostile table yields a specific
 * ACPI_ERR_* code and is never read out of bounds.
 */
#ifndef CAPOS_LIB_ACPI_ACPI_H
#define CAPOS_LIB_ACPI_ACPI_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/boot/phys.h"

#define ACPI_SDT_HEADER_LEN 36
#define ACPI_TABLE_MAX_LEN  (16u << 20)	/* sanity cap on header length */
#define ACPI_RSDP_SCAN_MAX  (1u << 20)	/* largest window acpi_rsdp_find takes */

enum acpi_err {
	ACPI_OK = 0,
	ACPI_ERR_SIGNATURE = -1,	/* wrong signature for what was asked */
	ACPI_ERR_CHECKSUM = -2,		/* bytes do not sum to zero */
	ACPI_ERR_LENGTH = -3,		/* length below header/minimum or huge */
	ACPI_ERR_RANGE = -4,		/* physical range not readable */
	ACPI_ERR_NOT_FOUND = -5,
	ACPI_ERR_ENTRY_LENGTH = -6,	/* MADT entry shorter than its type */
	ACPI_ERR_ENTRY_BOUNDS = -7,	/* MADT entry runs past the table */
};

/* A validated RSDP. xsdt_addr is 0 below revision 2. */
struct acpi_rsdp {
	uint8_t revision;	/* 0: ACPI 1.0, >= 2: ACPI 2.0+ */
	uint32_t rsdt_addr;
	uint64_t xsdt_addr;
	char oem_id[7];
};

/* The root table chosen by acpi_root_open(). */
struct acpi_root {
	const struct phys_reader *rd;	/* must outlive the root */
	uint64_t phys;
	const uint8_t *entries;		/* nentries * entry_size bytes */
	uint32_t nentries;
	uint8_t entry_size;		/* 4 for RSDT, 8 for XSDT */
	bool is_xsdt;
};

/* A mapped table whose length and checksum have been verified. */
struct acpi_table {
	uint64_t phys;
	const uint8_t *data;	/* `length` readable bytes, from the reader */
	uint32_t length;
	uint8_t revision;
	char signature[5];
};

/* Validate RSDP bytes already in memory (e.g. the multiboot2 copy). */
int acpi_rsdp_parse(const void *buf, size_t len, struct acpi_rsdp *out);

/* Validate an RSDP at a known physical address (e.g. from EFI). */
int acpi_rsdp_read(const struct phys_reader *rd, uint64_t phys,
		   struct acpi_rsdp *out);

/* Scan [start, start + len) at 16-byte steps for a valid RSDP. The window
 * is mapped whole: ACPI_ERR_LENGTH above ACPI_RSDP_SCAN_MAX, ACPI_ERR_RANGE
 * if the reader cannot map it. Candidates with the right signature but a
 * bad checksum are skipped. *phys_out, if not NULL, gets the address. */
int acpi_rsdp_find(const struct phys_reader *rd, uint64_t start, uint64_t len,
		   struct acpi_rsdp *out, uint64_t *phys_out);

/* The legacy BIOS search: first KiB of the EBDA (segment at 0x40E), then
 * 0xE0000-0xFFFFF. */
int acpi_rsdp_find_bios(const struct phys_reader *rd, struct acpi_rsdp *out,
			uint64_t *phys_out);

/* Open the XSDT if revision >= 2 and it is valid, else the RSDT. */
int acpi_root_open(const struct phys_reader *rd, const struct acpi_rsdp *rsdp,
		   struct acpi_root *out);

/* Physical address in root entry i (i < root->nentries). */
uint64_t acpi_root_entry(const struct acpi_root *root, uint32_t i);

/* Map and verify the table at phys (header, length, checksum). */
int acpi_table_map(const struct phys_reader *rd, uint64_t phys,
		   struct acpi_table *out);

/* Find the `instance`-th (0-based) table with signature sig (4 chars).
 * Unreadable entries are skipped; a matching but broken table is reported
 * with its own error rather than skipped. */
int acpi_table_find(const struct acpi_root *root, const char *sig,
		    unsigned instance, struct acpi_table *out);

const char *acpi_strerror(int err);

#endif
