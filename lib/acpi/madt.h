/* MADT ("APIC") decoding: CPUs, IOAPICs, interrupt source overrides, NMIs.
 *
 * acpi_madt_parse() takes a table already verified by acpi_table_map() or
 * acpi_table_find() and fills fixed-capacity arrays; entries beyond an
 * array's capacity are dropped and flagged in `truncated`.
 */
#ifndef CAPOS_LIB_ACPI_MADT_H
#define CAPOS_LIB_ACPI_MADT_H
#include <stdbool.h>
#include <stdint.h>
#include "lib/acpi/acpi.h"

#define ACPI_MADT_MAX_CPUS       64
#define ACPI_MADT_MAX_IOAPICS    8
#define ACPI_MADT_MAX_ISOS       16
#define ACPI_MADT_MAX_NMIS       8
#define ACPI_MADT_MAX_LAPIC_NMIS 16

#define ACPI_UID_ALL UINT32_MAX	/* lapic NMI applies to every processor */

/* MPS INTI flags bits 0-1 and 2-3; the values are the raw field values. */
enum acpi_polarity {
	ACPI_POLARITY_CONFORM = 0,	/* bus default (ISA: active high) */
	ACPI_POLARITY_HIGH = 1,
	ACPI_POLARITY_RESERVED = 2,
	ACPI_POLARITY_LOW = 3,
};

enum acpi_trigger {
	ACPI_TRIGGER_CONFORM = 0,	/* bus default (ISA: edge) */
	ACPI_TRIGGER_EDGE = 1,
	ACPI_TRIGGER_RESERVED = 2,
	ACPI_TRIGGER_LEVEL = 3,
};

/* acpi_madt_info.truncated */
enum {
	ACPI_MADT_TRUNC_CPUS = 1u << 0,
	ACPI_MADT_TRUNC_IOAPICS = 1u << 1,
	ACPI_MADT_TRUNC_ISOS = 1u << 2,
	ACPI_MADT_TRUNC_NMIS = 1u << 3,
	ACPI_MADT_TRUNC_LAPIC_NMIS = 1u << 4,
};

struct acpi_madt_cpu {
	uint32_t apic_id;
	uint32_t uid;		/* ACPI processor UID */
	bool enabled;		/* usable now */
	bool online_capable;	/* may be brought online later */
	bool x2apic;		/* came from a type 9 entry */
};

struct acpi_madt_ioapic {
	uint32_t id;
	uint32_t addr;
	uint32_t gsi_base;
};

struct acpi_madt_iso {
	uint8_t bus;		/* 0 = ISA */
	uint8_t source;		/* bus IRQ */
	uint32_t gsi;
	uint16_t flags;		/* raw MPS INTI flags */
	enum acpi_polarity polarity;
	enum acpi_trigger trigger;
};

struct acpi_madt_nmi {		/* type 3: an IOAPIC input wired to NMI */
	uint32_t gsi;
	enum acpi_polarity polarity;
	enum acpi_trigger trigger;
};

struct acpi_madt_lapic_nmi {	/* types 4 and 10: a LINT pin wired to NMI */
	uint32_t uid;		/* ACPI_UID_ALL for every processor */
	uint8_t lint;
	enum acpi_polarity polarity;
	enum acpi_trigger trigger;
};

struct acpi_madt_info {
	uint64_t lapic_addr;
	bool lapic_addr_overridden;	/* type 5 entry seen */
	bool pcat_compat;		/* legacy 8259s present: mask them */
	uint32_t truncated;		/* ACPI_MADT_TRUNC_* */
	uint32_t cpus_unusable;		/* neither enabled nor online-capable */
	uint32_t unknown_entries;
	uint32_t ncpus;
	uint32_t nioapics;
	uint32_t nisos;
	uint32_t nnmis;
	uint32_t nlapic_nmis;
	struct acpi_madt_cpu cpus[ACPI_MADT_MAX_CPUS];
	struct acpi_madt_ioapic ioapics[ACPI_MADT_MAX_IOAPICS];
	struct acpi_madt_iso isos[ACPI_MADT_MAX_ISOS];
	struct acpi_madt_nmi nmis[ACPI_MADT_MAX_NMIS];
	struct acpi_madt_lapic_nmi lapic_nmis[ACPI_MADT_MAX_LAPIC_NMIS];
};

/* Resolved routing of an ISA IRQ: polarity is HIGH or LOW, trigger EDGE or
 * LEVEL, never CONFORM or RESERVED. */
struct acpi_irq_route {
	uint32_t gsi;
	enum acpi_polarity polarity;
	enum acpi_trigger trigger;
};

/* Decode a verified MADT. Returns 0, ACPI_ERR_SIGNATURE, ACPI_ERR_LENGTH
 * (table shorter than its fixed part), ACPI_ERR_ENTRY_LENGTH (entry length
 * < 2 or below its type's size) or ACPI_ERR_ENTRY_BOUNDS. */
int acpi_madt_parse(const struct acpi_table *madt, struct acpi_madt_info *out);

/* Where ISA IRQ `irq` arrives: identity, high, edge unless overridden. */
void acpi_madt_isa_route(const struct acpi_madt_info *info, uint8_t irq,
			 struct acpi_irq_route *out);

#endif
