/* ACPI root pointer, root tables and table lookup.
 *
 * The chain is RSDP -> RSDT (32-bit entries) or XSDT (64-bit entries) ->
 * tables. Every table starts with the 36-byte SDT header whose `length`
 * covers the whole table and whose bytes sum to zero mod 256.
 *
 * Validation order for any table: map the header alone, read `length`
 * once, check it is at least the header and at most ACPI_TABLE_MAX_LEN, map
 * exactly `length` bytes (so the reader decides whether they exist), then
 * checksum. Later code only ever indexes within that verified length.
 *
 * RSDP: the first 20 bytes (ACPI 1.0) have their own checksum; revision 2
 * adds a length, the XSDT address and an extended checksum over `length`
 * bytes. We prefer the XSDT when the revision allows it, but fall back to
 * the RSDT when the XSDT is broken, as Linux does: firmware with a bad XSDT
 * and a good RSDT exists.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "lib/acpi/acpi.h"

#define OFF(type, field) offsetof(struct type, field)

struct acpi_rsdp_raw {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt_addr;
	/* revision >= 2 only: */
	uint32_t length;
	uint64_t xsdt_addr;
	uint8_t ext_checksum;
	uint8_t reserved[3];
} __attribute__((packed));

struct acpi_sdt_raw {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __attribute__((packed));

#define RSDP_V1_LEN OFF(acpi_rsdp_raw, length)
#define RSDP_V2_LEN sizeof(struct acpi_rsdp_raw)

_Static_assert(RSDP_V1_LEN == 20, "ACPI 1.0 RSDP is 20 bytes");
_Static_assert(RSDP_V2_LEN == 36, "ACPI 2.0 RSDP is 36 bytes");
_Static_assert(OFF(acpi_rsdp_raw, xsdt_addr) == 24, "XSDT address");
_Static_assert(sizeof(struct acpi_sdt_raw) == ACPI_SDT_HEADER_LEN,
	       "SDT header");
_Static_assert(OFF(acpi_sdt_raw, checksum) == 9, "SDT checksum");

static uint8_t acpi_sum(const uint8_t *p, size_t len)
{
	uint8_t s = 0;
	for (size_t i = 0; i < len; i++)
		s = (uint8_t)(s + p[i]);
	return s;
}

/* ---- RSDP ---- */

int acpi_rsdp_parse(const void *buf, size_t len, struct acpi_rsdp *out)
{
	const uint8_t *p = buf;
	if (len < RSDP_V1_LEN)
		return ACPI_ERR_LENGTH;
	if (memcmp(p, "RSD PTR ", 8) != 0)
		return ACPI_ERR_SIGNATURE;
	if (acpi_sum(p, RSDP_V1_LEN) != 0)
		return ACPI_ERR_CHECKSUM;
	memset(out, 0, sizeof(*out));
	out->revision = p[OFF(acpi_rsdp_raw, revision)];
	out->rsdt_addr = ld_le32(p + OFF(acpi_rsdp_raw, rsdt_addr));
	memcpy(out->oem_id, p + OFF(acpi_rsdp_raw, oem_id), 6);
	if (out->revision < 2)
		return 0;
	if (len < RSDP_V2_LEN)
		return ACPI_ERR_LENGTH;
	uint32_t xlen = ld_le32(p + OFF(acpi_rsdp_raw, length));
	if (xlen < RSDP_V2_LEN || xlen > len)
		return ACPI_ERR_LENGTH;
	if (acpi_sum(p, xlen) != 0)
		return ACPI_ERR_CHECKSUM;
	out->xsdt_addr = ld_le64(p + OFF(acpi_rsdp_raw, xsdt_addr));
	return 0;
}

int acpi_rsdp_read(const struct phys_reader *rd, uint64_t phys,
		   struct acpi_rsdp *out)
{
	const uint8_t *p = phys_map(rd, phys, RSDP_V1_LEN);
	if (p == NULL)
		return ACPI_ERR_RANGE;
	if (memcmp(p, "RSD PTR ", 8) != 0)
		return ACPI_ERR_SIGNATURE;
	if (p[OFF(acpi_rsdp_raw, revision)] < 2)
		return acpi_rsdp_parse(p, RSDP_V1_LEN, out);
	p = phys_map(rd, phys, RSDP_V2_LEN);
	if (p == NULL)
		return ACPI_ERR_RANGE;
	uint32_t xlen = ld_le32(p + OFF(acpi_rsdp_raw, length));
	if (xlen < RSDP_V2_LEN || xlen > 4096)	/* 36 in every real RSDP */
		return ACPI_ERR_LENGTH;
	p = phys_map(rd, phys, xlen);
	if (p == NULL)
		return ACPI_ERR_RANGE;
	return acpi_rsdp_parse(p, xlen, out);
}

int acpi_rsdp_find(const struct phys_reader *rd, uint64_t start, uint64_t len,
		   struct acpi_rsdp *out, uint64_t *phys_out)
{
	if (len > ACPI_RSDP_SCAN_MAX)
		return ACPI_ERR_LENGTH;
	const uint8_t *w = phys_map(rd, start, len);
	if (w == NULL)
		return ACPI_ERR_RANGE;
	/* Candidates sit on 16-byte physical boundaries; each is parsed
	 * against the rest of the window, so none is read past its end. */
	for (uint64_t i = (16 - start % 16) % 16; i < len; i += 16) {
		if (acpi_rsdp_parse(w + i, len - i, out) == 0) {
			if (phys_out)
				*phys_out = start + i;
			return 0;
		}
	}
	return ACPI_ERR_NOT_FOUND;
}

int acpi_rsdp_find_bios(const struct phys_reader *rd, struct acpi_rsdp *out,
			uint64_t *phys_out)
{
	const uint8_t *bda = phys_map(rd, 0x40E, 2);
	if (bda) {
		uint64_t ebda = (uint64_t)ld_le16(bda) << 4;
		if (ebda > 0x400 && ebda < 0xA0000 &&
		    acpi_rsdp_find(rd, ebda, 1024, out, phys_out) == 0)
			return 0;
	}
	return acpi_rsdp_find(rd, 0xE0000, 0x20000, out, phys_out);
}

/* ---- tables ---- */

int acpi_table_map(const struct phys_reader *rd, uint64_t phys,
		   struct acpi_table *out)
{
	const uint8_t *h = phys_map(rd, phys, ACPI_SDT_HEADER_LEN);
	if (h == NULL)
		return ACPI_ERR_RANGE;
	uint32_t len = ld_le32(h + OFF(acpi_sdt_raw, length));
	if (len < ACPI_SDT_HEADER_LEN || len > ACPI_TABLE_MAX_LEN)
		return ACPI_ERR_LENGTH;
	const uint8_t *p = phys_map(rd, phys, len);
	if (p == NULL)
		return ACPI_ERR_RANGE;
	if (acpi_sum(p, len) != 0)
		return ACPI_ERR_CHECKSUM;
	out->phys = phys;
	out->data = p;
	out->length = len;
	out->revision = p[OFF(acpi_sdt_raw, revision)];
	memcpy(out->signature, p, 4);
	out->signature[4] = '\0';
	return 0;
}

static int acpi_root_try(const struct phys_reader *rd, uint64_t phys,
			 bool xsdt, struct acpi_root *out)
{
	struct acpi_table t;
	if (phys == 0)
		return ACPI_ERR_RANGE;
	int err = acpi_table_map(rd, phys, &t);
	if (err)
		return err;
	if (memcmp(t.signature, xsdt ? "XSDT" : "RSDT", 4) != 0)
		return ACPI_ERR_SIGNATURE;
	out->rd = rd;
	out->phys = phys;
	out->is_xsdt = xsdt;
	out->entry_size = xsdt ? 8 : 4;
	out->entries = t.data + ACPI_SDT_HEADER_LEN;
	/* A ragged tail shorter than one entry is ignored, as Linux does. */
	out->nentries = (t.length - ACPI_SDT_HEADER_LEN) / out->entry_size;
	return 0;
}

int acpi_root_open(const struct phys_reader *rd, const struct acpi_rsdp *rsdp,
		   struct acpi_root *out)
{
	memset(out, 0, sizeof(*out));
	if (rsdp->revision >= 2 && rsdp->xsdt_addr != 0) {
		int err = acpi_root_try(rd, rsdp->xsdt_addr, true, out);
		if (err == 0 || rsdp->rsdt_addr == 0)
			return err;
	}
	return acpi_root_try(rd, rsdp->rsdt_addr, false, out);
}

uint64_t acpi_root_entry(const struct acpi_root *root, uint32_t i)
{
	if (i >= root->nentries)
		return 0;
	const uint8_t *e = root->entries + (size_t)i * root->entry_size;
	return root->is_xsdt ? ld_le64(e) : ld_le32(e);
}

int acpi_table_find(const struct acpi_root *root, const char *sig,
		    unsigned instance, struct acpi_table *out)
{
	for (uint32_t i = 0; i < root->nentries; i++) {
		uint64_t pa = acpi_root_entry(root, i);
		const uint8_t *h = pa ? phys_map(root->rd, pa, 4) : NULL;
		if (h == NULL || memcmp(h, sig, 4) != 0)
			continue;
		if (instance-- > 0)
			continue;
		return acpi_table_map(root->rd, pa, out);
	}
	return ACPI_ERR_NOT_FOUND;
}

const char *acpi_strerror(int err)
{
	switch (err) {
	case ACPI_OK: return "ok";
	case ACPI_ERR_SIGNATURE: return "ACPI signature mismatch";
	case ACPI_ERR_CHECKSUM: return "ACPI checksum mismatch";
	case ACPI_ERR_LENGTH: return "ACPI table length invalid";
	case ACPI_ERR_RANGE: return "ACPI address out of range";
	case ACPI_ERR_NOT_FOUND: return "ACPI table not found";
	case ACPI_ERR_ENTRY_LENGTH: return "MADT entry too short";
	case ACPI_ERR_ENTRY_BOUNDS: return "MADT entry past end of table";
	default: return "unknown ACPI error";
	}
}
