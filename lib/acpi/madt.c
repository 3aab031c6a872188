/* MADT decoding.
 *
 * After the SDT header the MADT has a u32 local APIC address and u32 flags,
 * then a run of variable-length entries {u8 type, u8 length, ...} to the
 * end of the table. The walk keeps `off + 2 <= len` before reading an entry
 * header and `length <= len - off` before reading its body, and rejects
 * length < 2, so the cursor strictly advances and never leaves the table.
 * Each known type also has a minimum length (the size of its struct below);
 * a shorter one is an error rather than a silent skip, because reading past
 * it would read the next entry. Longer entries are fine (later ACPI
 * revisions append fields) and unknown types are skipped by their length.
 *
 * CPUs: entries that are neither enabled nor online-capable are counted but
 * not stored, so placeholder entries cannot crowd out real CPUs; an APIC ID
 * seen twice (firmware listing the same CPU as both type 0 and type 9) is
 * stored once.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "lib/acpi/madt.h"

#define OFF(type, field) offsetof(struct type, field)

enum {
	MADT_LAPIC = 0,
	MADT_IOAPIC = 1,
	MADT_ISO = 2,
	MADT_NMI_SRC = 3,
	MADT_LAPIC_NMI = 4,
	MADT_LAPIC_ADDR = 5,
	MADT_X2APIC = 9,
	MADT_X2APIC_NMI = 10,
};

enum {
	MADT_CPU_ENABLED = 1u << 0,
	MADT_CPU_ONLINE_CAPABLE = 1u << 1,
	MADT_PCAT_COMPAT = 1u << 0,
};

struct madt_fixed {
	uint8_t header[ACPI_SDT_HEADER_LEN];
	uint32_t lapic_addr;
	uint32_t flags;
} __attribute__((packed));

struct madt_lapic {
	uint8_t type, length, uid, apic_id;
	uint32_t flags;
} __attribute__((packed));

struct madt_ioapic {
	uint8_t type, length, id, reserved;
	uint32_t addr;
	uint32_t gsi_base;
} __attribute__((packed));

struct madt_iso {
	uint8_t type, length, bus, source;
	uint32_t gsi;
	uint16_t flags;
} __attribute__((packed));

struct madt_nmi_src {
	uint8_t type, length;
	uint16_t flags;
	uint32_t gsi;
} __attribute__((packed));

struct madt_lapic_nmi {
	uint8_t type, length, uid;
	uint16_t flags;
	uint8_t lint;
} __attribute__((packed));

struct madt_lapic_addr {
	uint8_t type, length;
	uint16_t reserved;
	uint64_t addr;
} __attribute__((packed));

struct madt_x2apic {
	uint8_t type, length;
	uint16_t reserved;
	uint32_t x2apic_id;
	uint32_t flags;
	uint32_t uid;
} __attribute__((packed));

struct madt_x2apic_nmi {
	uint8_t type, length;
	uint16_t flags;
	uint32_t uid;
	uint8_t lint;
	uint8_t reserved[3];
} __attribute__((packed));

_Static_assert(sizeof(struct madt_fixed) == 44, "MADT fixed part");
_Static_assert(sizeof(struct madt_lapic) == 8, "MADT type 0");
_Static_assert(sizeof(struct madt_ioapic) == 12, "MADT type 1");
_Static_assert(sizeof(struct madt_iso) == 10, "MADT type 2");
_Static_assert(sizeof(struct madt_nmi_src) == 8, "MADT type 3");
_Static_assert(sizeof(struct madt_lapic_nmi) == 6, "MADT type 4");
_Static_assert(sizeof(struct madt_lapic_addr) == 12, "MADT type 5");
_Static_assert(sizeof(struct madt_x2apic) == 16, "MADT type 9");
_Static_assert(sizeof(struct madt_x2apic_nmi) == 12, "MADT type 10");

static enum acpi_polarity madt_polarity(uint16_t flags)
{
	return (enum acpi_polarity)(flags & 3);
}

static enum acpi_trigger madt_trigger(uint16_t flags)
{
	return (enum acpi_trigger)((flags >> 2) & 3);
}

static void madt_cpu_add(struct acpi_madt_info *out, uint32_t apic_id,
			 uint32_t uid, uint32_t flags, bool x2apic)
{
	if (!(flags & (MADT_CPU_ENABLED | MADT_CPU_ONLINE_CAPABLE))) {
		out->cpus_unusable++;
		return;
	}
	for (uint32_t i = 0; i < out->ncpus; i++)
		if (out->cpus[i].apic_id == apic_id)
			return;
	if (out->ncpus == ACPI_MADT_MAX_CPUS) {
		out->truncated |= ACPI_MADT_TRUNC_CPUS;
		return;
	}
	struct acpi_madt_cpu *c = &out->cpus[out->ncpus++];
	c->apic_id = apic_id;
	c->uid = uid;
	c->enabled = flags & MADT_CPU_ENABLED;
	c->online_capable = !c->enabled && (flags & MADT_CPU_ONLINE_CAPABLE);
	c->x2apic = x2apic;
}

static void madt_ioapic_add(struct acpi_madt_info *out, const uint8_t *e)
{
	if (out->nioapics == ACPI_MADT_MAX_IOAPICS) {
		out->truncated |= ACPI_MADT_TRUNC_IOAPICS;
		return;
	}
	struct acpi_madt_ioapic *io = &out->ioapics[out->nioapics++];
	io->id = e[OFF(madt_ioapic, id)];
	io->addr = ld_le32(e + OFF(madt_ioapic, addr));
	io->gsi_base = ld_le32(e + OFF(madt_ioapic, gsi_base));
}

static void madt_iso_add(struct acpi_madt_info *out, const uint8_t *e)
{
	if (out->nisos == ACPI_MADT_MAX_ISOS) {
		out->truncated |= ACPI_MADT_TRUNC_ISOS;
		return;
	}
	struct acpi_madt_iso *iso = &out->isos[out->nisos++];
	iso->bus = e[OFF(madt_iso, bus)];
	iso->source = e[OFF(madt_iso, source)];
	iso->gsi = ld_le32(e + OFF(madt_iso, gsi));
	iso->flags = ld_le16(e + OFF(madt_iso, flags));
	iso->polarity = madt_polarity(iso->flags);
	iso->trigger = madt_trigger(iso->flags);
}

static void madt_nmi_add(struct acpi_madt_info *out, const uint8_t *e)
{
	if (out->nnmis == ACPI_MADT_MAX_NMIS) {
		out->truncated |= ACPI_MADT_TRUNC_NMIS;
		return;
	}
	struct acpi_madt_nmi *n = &out->nmis[out->nnmis++];
	uint16_t flags = ld_le16(e + OFF(madt_nmi_src, flags));
	n->gsi = ld_le32(e + OFF(madt_nmi_src, gsi));
	n->polarity = madt_polarity(flags);
	n->trigger = madt_trigger(flags);
}

static void madt_lapic_nmi_add(struct acpi_madt_info *out, uint32_t uid,
			       uint16_t flags, uint8_t lint)
{
	if (out->nlapic_nmis == ACPI_MADT_MAX_LAPIC_NMIS) {
		out->truncated |= ACPI_MADT_TRUNC_LAPIC_NMIS;
		return;
	}
	struct acpi_madt_lapic_nmi *n = &out->lapic_nmis[out->nlapic_nmis++];
	n->uid = uid;
	n->lint = lint;
	n->polarity = madt_polarity(flags);
	n->trigger = madt_trigger(flags);
}

/* Minimum length of each known entry type; 0 for unknown types. */
static uint8_t madt_entry_min(uint8_t type)
{
	switch (type) {
	case MADT_LAPIC: return sizeof(struct madt_lapic);
	case MADT_IOAPIC: return sizeof(struct madt_ioapic);
	case MADT_ISO: return sizeof(struct madt_iso);
	case MADT_NMI_SRC: return sizeof(struct madt_nmi_src);
	case MADT_LAPIC_NMI: return sizeof(struct madt_lapic_nmi);
	case MADT_LAPIC_ADDR: return sizeof(struct madt_lapic_addr);
	case MADT_X2APIC: return sizeof(struct madt_x2apic);
	case MADT_X2APIC_NMI: return sizeof(struct madt_x2apic_nmi);
	default: return 0;
	}
}

/* e has at least madt_entry_min(e[0]) bytes. */
static void madt_entry_decode(struct acpi_madt_info *out, const uint8_t *e)
{
	switch (e[0]) {
	case MADT_LAPIC:
		madt_cpu_add(out, e[OFF(madt_lapic, apic_id)],
			     e[OFF(madt_lapic, uid)],
			     ld_le32(e + OFF(madt_lapic, flags)), false);
		break;
	case MADT_IOAPIC:
		madt_ioapic_add(out, e);
		break;
	case MADT_ISO:
		madt_iso_add(out, e);
		break;
	case MADT_NMI_SRC:
		madt_nmi_add(out, e);
		break;
	case MADT_LAPIC_NMI: {
		uint8_t uid = e[OFF(madt_lapic_nmi, uid)];
		madt_lapic_nmi_add(out, uid == 0xFF ? ACPI_UID_ALL : uid,
				   ld_le16(e + OFF(madt_lapic_nmi, flags)),
				   e[OFF(madt_lapic_nmi, lint)]);
		break;
	}
	case MADT_LAPIC_ADDR:
		out->lapic_addr = ld_le64(e + OFF(madt_lapic_addr, addr));
		out->lapic_addr_overridden = true;
		break;
	case MADT_X2APIC:
		madt_cpu_add(out, ld_le32(e + OFF(madt_x2apic, x2apic_id)),
			     ld_le32(e + OFF(madt_x2apic, uid)),
			     ld_le32(e + OFF(madt_x2apic, flags)), true);
		break;
	case MADT_X2APIC_NMI:
		madt_lapic_nmi_add(out, ld_le32(e + OFF(madt_x2apic_nmi, uid)),
				   ld_le16(e + OFF(madt_x2apic_nmi, flags)),
				   e[OFF(madt_x2apic_nmi, lint)]);
		break;
	default:
		out->unknown_entries++;
		break;
	}
}

int acpi_madt_parse(const struct acpi_table *madt, struct acpi_madt_info *out)
{
	const uint8_t *p = madt->data;
	uint32_t len = madt->length;
	memset(out, 0, sizeof(*out));
	if (memcmp(madt->signature, "APIC", 4) != 0)
		return ACPI_ERR_SIGNATURE;
	if (len < sizeof(struct madt_fixed))
		return ACPI_ERR_LENGTH;
	uint64_t lapic32 = ld_le32(p + OFF(madt_fixed, lapic_addr));
	uint32_t flags = ld_le32(p + OFF(madt_fixed, flags));
	out->pcat_compat = flags & MADT_PCAT_COMPAT;
	for (uint32_t off = sizeof(struct madt_fixed); off < len;) {
		if (len - off < 2)
			return ACPI_ERR_ENTRY_BOUNDS;
		uint8_t elen = p[off + 1];
		if (elen < 2 || elen < madt_entry_min(p[off]))
			return ACPI_ERR_ENTRY_LENGTH;
		if (elen > len - off)
			return ACPI_ERR_ENTRY_BOUNDS;
		madt_entry_decode(out, p + off);
		off += elen;
	}
	if (!out->lapic_addr_overridden)
		out->lapic_addr = lapic32;
	return 0;
}

void acpi_madt_isa_route(const struct acpi_madt_info *info, uint8_t irq,
			 struct acpi_irq_route *out)
{
	out->gsi = irq;
	out->polarity = ACPI_POLARITY_HIGH;
	out->trigger = ACPI_TRIGGER_EDGE;
	for (uint32_t i = 0; i < info->nisos; i++) {
		const struct acpi_madt_iso *iso = &info->isos[i];
		if (iso->bus != 0 || iso->source != irq)
			continue;
		out->gsi = iso->gsi;
		if (iso->polarity == ACPI_POLARITY_LOW)
			out->polarity = ACPI_POLARITY_LOW;
		if (iso->trigger == ACPI_TRIGGER_LEVEL)
			out->trigger = ACPI_TRIGGER_LEVEL;
		return;
	}
}
