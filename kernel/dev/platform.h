/* What firmware told us about the machine's interrupt topology, in one
 * form whatever the source (ACPI MADT, or defaults when ACPI is missing
 * or refused). Filled once at boot by kernel/dev/acpi.c. */
#ifndef CAPOS_DEV_PLATFORM_H
#define CAPOS_DEV_PLATFORM_H
#include <stdbool.h>
#include <stdint.h>

#define PLATFORM_CPUS_MAX 64
#define PLATFORM_IOAPICS_MAX 8
#define ISA_IRQS 16

struct platform_ioapic {
	uint64_t pa;
	uint32_t gsi_base;
};

/* How an ISA IRQ reaches an IOAPIC pin (identity unless overridden). */
struct platform_isa_route {
	uint32_t gsi;
	bool active_low;
	bool level;
};

struct platform {
	bool from_acpi;
	uint64_t lapic_pa;
	int ncpus;
	uint32_t cpu_apic_ids[PLATFORM_CPUS_MAX];
	int nioapics;
	struct platform_ioapic ioapics[PLATFORM_IOAPICS_MAX];
	struct platform_isa_route isa[ISA_IRQS];
};

extern struct platform platform;

struct boot_info;
void platform_discover(const struct boot_info *bi);

#endif
