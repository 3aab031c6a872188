/* Platform discovery from ACPI: find the RSDP (multiboot2 tag, else the
 * BIOS areas), open the XSDT/RSDT, decode the MADT into struct platform.
 * Every table is checked by lib/acpi before use. If anything is missing or
 * refused, we say why in the log and carry on with what can be trusted:
 * the boot CPU alone, the LAPIC address from its MSR, the standard IOAPIC
 * address and identity ISA routing. */
#include "kernel/core/log.h"
#include "kernel/dev/platform.h"
#include "kernel/mm/kmap.h"
#include "lib/acpi/acpi.h"
#include "lib/acpi/madt.h"
#include "lib/boot/boot_info.h"

LOG_SOURCE(acpi_log, "acpi");

#define DEFAULT_LAPIC_PA 0xFEE00000ul
#define DEFAULT_IOAPIC_PA 0xFEC00000ul

struct platform platform;

static const void *acpi_phys_map(void *ctx, uint64_t phys, size_t len)
{
	return kmap_firmware(phys, len);
}

static const struct phys_reader acpi_reader = { acpi_phys_map, 0 };

static void platform_defaults(void)
{
	platform.lapic_pa = DEFAULT_LAPIC_PA;
	platform.ncpus = 1;
	platform.cpu_apic_ids[0] = 0;
	platform.nioapics = 1;
	platform.ioapics[0] = (struct platform_ioapic){ DEFAULT_IOAPIC_PA, 0 };
	for (int irq = 0; irq < ISA_IRQS; irq++)
		platform.isa[irq] = (struct platform_isa_route){ .gsi = (uint32_t)irq };
}

static int acpi_find_rsdp(const struct boot_info *bi, struct acpi_rsdp *r,
			  const char **how)
{
	if (bi->flags & BOOT_HAS_RSDP) {
		*how = "multiboot2 tag";
		return acpi_rsdp_parse(bi->rsdp, bi->rsdp_len, r);
	}
	*how = "BIOS area scan";
	return acpi_rsdp_find_bios(&acpi_reader, r, 0);
}

static void platform_from_madt(const struct acpi_madt_info *m)
{
	platform.lapic_pa = m->lapic_addr;
	platform.ncpus = 0;
	for (uint32_t i = 0; i < m->ncpus; i++)
		if (m->cpus[i].enabled && platform.ncpus < PLATFORM_CPUS_MAX)
			platform.cpu_apic_ids[platform.ncpus++] = m->cpus[i].apic_id;
	platform.nioapics = 0;
	for (uint32_t i = 0; i < m->nioapics; i++)
		platform.ioapics[platform.nioapics++] = (struct platform_ioapic){
			m->ioapics[i].addr, m->ioapics[i].gsi_base };
	for (int irq = 0; irq < ISA_IRQS; irq++) {
		struct acpi_irq_route r;
		acpi_madt_isa_route(m, (uint8_t)irq, &r);
		platform.isa[irq] = (struct platform_isa_route){
			r.gsi, r.polarity == ACPI_POLARITY_LOW,
			r.trigger == ACPI_TRIGGER_LEVEL };
	}
	platform.from_acpi = true;
}

static void platform_log(const struct acpi_madt_info *m)
{
	log_info(&acpi_log, "MADT: %d CPUs, %d IOAPICs, %u overrides, LAPIC at 0x%lx",
		 platform.ncpus, platform.nioapics, m->nisos, platform.lapic_pa);
	for (int i = 0; i < platform.ncpus; i++)
		log_info(&acpi_log, "  cpu %d: APIC id %u", i, platform.cpu_apic_ids[i]);
	for (uint32_t i = 0; i < m->nisos; i++)
		log_info(&acpi_log, "  override: ISA IRQ %u -> GSI %u (%s, %s)",
			 m->isos[i].source, m->isos[i].gsi,
			 m->isos[i].polarity == ACPI_POLARITY_LOW ? "active low" : "active high",
			 m->isos[i].trigger == ACPI_TRIGGER_LEVEL ? "level" : "edge");
	if (m->truncated)
		log_warn(&acpi_log, "MADT had more entries than we keep (flags 0x%x)",
			 m->truncated);
}

static int acpi_refused(const char *what, int err)
{
	log_warn(&acpi_log, "%s refused: %s", what, acpi_strerror(err));
	return err;
}

static int platform_try_acpi(const struct boot_info *bi,
			     struct acpi_madt_info *m)
{
	struct acpi_rsdp rsdp;
	struct acpi_root root;
	struct acpi_table madt;
	const char *how;
	int err = acpi_find_rsdp(bi, &rsdp, &how);
	if (err)
		return acpi_refused(how[0] == 'm' ? "RSDP from the multiboot2 tag"
						  : "RSDP from the BIOS scan", err);
	log_info(&acpi_log, "RSDP revision %u, OEM \"%s\", found by %s",
		 rsdp.revision, rsdp.oem_id, how);
	if ((err = acpi_root_open(&acpi_reader, &rsdp, &root)))
		return acpi_refused("root table (XSDT/RSDT)", err);
	if ((err = acpi_table_find(&root, "APIC", 0, &madt)))
		return acpi_refused("MADT", err);
	if ((err = acpi_madt_parse(&madt, m)))
		return acpi_refused("MADT entries", err);
	return 0;
}

void platform_discover(const struct boot_info *bi)
{
	static struct acpi_madt_info madt;
	platform_defaults();
	if (platform_try_acpi(bi, &madt) == 0 && madt.ncpus && madt.nioapics) {
		platform_from_madt(&madt);
		platform_log(&madt);
		return;
	}
	log_warn(&acpi_log, "using defaults: boot CPU only, IOAPIC at 0x%lx, "
		 "identity ISA routing", DEFAULT_IOAPIC_PA);
}
