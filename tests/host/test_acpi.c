/* Host tests for lib/acpi: RSDP/RSDT/XSDT/MADT built by hand in a fake
 * 1 MiB physical memory, the QEMU q35 shape plus hostile variants. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "lib/acpi/acpi.h"
#include "lib/acpi/madt.h"

#define MEM_SIZE 0x100000u
static uint8_t mem[MEM_SIZE];

static const void *mem_map(void *ctx, uint64_t phys, size_t len)
{
	if (phys > MEM_SIZE || len > MEM_SIZE - phys)
		return NULL;
	return mem + phys;
}

static const struct phys_reader RD = { mem_map, NULL };

enum {
	RSDP_AT = 0xf0010, RSDT_AT = 0x80000, XSDT_AT = 0x81000,
	FACP_AT = 0x82000, MADT_AT = 0x83000, MADT2_AT = 0x84000,
	HPET_AT = 0x85000, SSDT1_AT = 0x86000, SSDT2_AT = 0x87000,
};

static void put16(uint32_t at, uint16_t v) { memcpy(mem + at, &v, 2); }
static void put32(uint32_t at, uint32_t v) { memcpy(mem + at, &v, 4); }
static void put64(uint32_t at, uint64_t v) { memcpy(mem + at, &v, 8); }

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;
	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

/* Give the table at `at` its length and a zero checksum. */
static void sdt_seal(uint32_t at, uint32_t len)
{
	put32(at + 4, len);
	mem[at + 9] = 0;
	mem[at + 9] = (uint8_t)-sum(mem + at, len);
}

static void sdt_begin(uint32_t at, const char *sig)
{
	memset(mem + at, 0, 36);
	memcpy(mem + at, sig, 4);
	mem[at + 8] = 1;
	memcpy(mem + at + 10, "CAPOST", 6);
}

static void sdt_simple(uint32_t at, const char *sig)
{
	sdt_begin(at, sig);
	sdt_seal(at, 36 + 8);
}

static void rsdp_build(uint32_t at, uint8_t rev, uint32_t rsdt,
		       uint64_t xsdt)
{
	memset(mem + at, 0, 36);
	memcpy(mem + at, "RSD PTR ", 8);
	memcpy(mem + at + 9, "BOCHS ", 6);
	mem[at + 15] = rev;
	put32(at + 16, rsdt);
	mem[at + 8] = (uint8_t)-sum(mem + at, 20);
	if (rev < 2)
		return;
	put32(at + 20, 36);
	put64(at + 24, xsdt);
	mem[at + 32] = (uint8_t)-sum(mem + at, 36);
}

/* MADT entry writers; each returns the offset after the entry. */
static uint32_t e_lapic(uint32_t at, uint8_t uid, uint8_t id, uint32_t fl)
{
	mem[at] = 0; mem[at + 1] = 8; mem[at + 2] = uid; mem[at + 3] = id;
	put32(at + 4, fl);
	return at + 8;
}

static uint32_t e_ioapic(uint32_t at, uint8_t id, uint32_t addr, uint32_t gsi)
{
	mem[at] = 1; mem[at + 1] = 12; mem[at + 2] = id; mem[at + 3] = 0;
	put32(at + 4, addr);
	put32(at + 8, gsi);
	return at + 12;
}

static uint32_t e_iso(uint32_t at, uint8_t irq, uint32_t gsi, uint16_t fl)
{
	mem[at] = 2; mem[at + 1] = 10; mem[at + 2] = 0; mem[at + 3] = irq;
	put32(at + 4, gsi);
	put16(at + 8, fl);
	return at + 10;
}

static uint32_t e_lapic_nmi(uint32_t at, uint8_t uid, uint16_t fl, uint8_t l)
{
	mem[at] = 4; mem[at + 1] = 6; mem[at + 2] = uid;
	put16(at + 3, fl);
	mem[at + 5] = l;
	return at + 6;
}

static uint32_t e_x2apic(uint32_t at, uint32_t id, uint32_t fl, uint32_t uid)
{
	mem[at] = 9; mem[at + 1] = 16;
	put16(at + 2, 0);
	put32(at + 4, id);
	put32(at + 8, fl);
	put32(at + 12, uid);
	return at + 16;
}

/* QEMU q35, 2 CPUs: what `-M q35 -smp 2` firmware hands over. */
static uint32_t madt_q35(uint32_t at)
{
	sdt_begin(at, "APIC");
	put32(at + 36, 0xfee00000);
	put32(at + 40, 1);		/* PCAT_COMPAT */
	uint32_t p = at + 44;
	p = e_lapic(p, 0, 0, 1);
	p = e_lapic(p, 1, 1, 1);
	p = e_ioapic(p, 0, 0xfec00000, 0);
	p = e_iso(p, 0, 2, 0);
	p = e_iso(p, 5, 5, 0xd);
	p = e_iso(p, 9, 9, 0xd);	/* active high, level */
	p = e_iso(p, 10, 10, 0xd);
	p = e_iso(p, 11, 11, 0xd);
	p = e_lapic_nmi(p, 0xff, 0, 1);
	sdt_seal(at, p - at);
	return p - at;
}

/* The full image: RSDP v2 -> XSDT {FACP, MADT2}, RSDT {FACP, MADT, HPET,
 * SSDT, SSDT, out-of-range}. MADT2 has 3 CPUs so the two are told apart. */
static void image_build(uint8_t rsdp_rev)
{
	memset(mem, 0, sizeof(mem));
	sdt_simple(FACP_AT, "FACP");
	sdt_simple(HPET_AT, "HPET");
	sdt_simple(SSDT1_AT, "SSDT");
	sdt_simple(SSDT2_AT, "SSDT");
	mem[SSDT2_AT + 36] = 0x42;
	sdt_seal(SSDT2_AT, 44);
	madt_q35(MADT_AT);
	madt_q35(MADT2_AT);
	uint32_t len = mem[MADT2_AT + 4] | mem[MADT2_AT + 5] << 8;
	e_lapic(MADT2_AT + len, 2, 2, 1);
	sdt_seal(MADT2_AT, len + 8);

	sdt_begin(RSDT_AT, "RSDT");
	uint32_t r[] = { FACP_AT, MADT_AT, HPET_AT, SSDT1_AT, SSDT2_AT,
			 0xfffff000 };
	for (int i = 0; i < 6; i++)
		put32(RSDT_AT + 36 + 4 * i, r[i]);
	sdt_seal(RSDT_AT, 36 + 24);
	sdt_begin(XSDT_AT, "XSDT");
	put64(XSDT_AT + 36, FACP_AT);
	put64(XSDT_AT + 44, MADT2_AT);
	sdt_seal(XSDT_AT, 36 + 16);
	rsdp_build(RSDP_AT, rsdp_rev, RSDT_AT, XSDT_AT);
}

static struct acpi_rsdp rsdp;
static struct acpi_root root;
static struct acpi_table tab;
static struct acpi_madt_info mi;

static void test_rsdp_parse(void **state)
{
	image_build(2);
	assert_int_equal(acpi_rsdp_parse(mem + RSDP_AT, 36, &rsdp), 0);
	assert_int_equal(rsdp.revision, 2);
	assert_int_equal(rsdp.rsdt_addr, RSDT_AT);
	assert_int_equal(rsdp.xsdt_addr, XSDT_AT);
	assert_string_equal(rsdp.oem_id, "BOCHS ");
	assert_int_equal(acpi_rsdp_parse(mem + RSDP_AT, 35, &rsdp),
			 ACPI_ERR_LENGTH);
	assert_int_equal(acpi_rsdp_parse(mem + RSDP_AT, 19, &rsdp),
			 ACPI_ERR_LENGTH);
	mem[RSDP_AT + 32]++;			/* extended checksum */
	assert_int_equal(acpi_rsdp_parse(mem + RSDP_AT, 36, &rsdp),
			 ACPI_ERR_CHECKSUM);
	rsdp_build(RSDP_AT, 2, RSDT_AT, XSDT_AT);
	put32(RSDP_AT + 20, 30);		/* v2 length < 36 */
	mem[RSDP_AT + 32] = (uint8_t)(mem[RSDP_AT + 32] + 6);
	assert_int_equal(acpi_rsdp_parse(mem + RSDP_AT, 36, &rsdp),
			 ACPI_ERR_LENGTH);
	rsdp_build(RSDP_AT, 0, RSDT_AT, 0);
	assert_int_equal(acpi_rsdp_parse(mem + RSDP_AT, 20, &rsdp), 0);
	assert_int_equal(rsdp.xsdt_addr, 0);
	mem[RSDP_AT + 16]++;			/* v1 checksum */
	assert_int_equal(acpi_rsdp_parse(mem + RSDP_AT, 20, &rsdp),
			 ACPI_ERR_CHECKSUM);
	mem[RSDP_AT + 3] = 'x';
	assert_int_equal(acpi_rsdp_parse(mem + RSDP_AT, 20, &rsdp),
			 ACPI_ERR_SIGNATURE);
}

static void test_rsdp_find(void **state)
{
	uint64_t at = 0;
	image_build(2);
	rsdp_build(0xe0100, 2, 0x1234, 0x5678);	/* decoy, bad checksum */
	mem[0xe0100 + 8]++;
	assert_int_equal(acpi_rsdp_find(&RD, 0xe0000, 0x20000, &rsdp, &at), 0);
	assert_int_equal(at, RSDP_AT);
	assert_int_equal(rsdp.rsdt_addr, RSDT_AT);
	/* A window ending inside the RSDP does not find it. */
	assert_int_equal(acpi_rsdp_find(&RD, 0xe0000, RSDP_AT - 0xe0000 + 19,
					&rsdp, &at), ACPI_ERR_NOT_FOUND);
	/* Only 16-byte aligned candidates count. */
	memmove(mem + RSDP_AT + 8, mem + RSDP_AT, 36);
	memset(mem + RSDP_AT, 0, 8);
	assert_int_equal(acpi_rsdp_find(&RD, 0xe0000, 0x20000, &rsdp, &at),
			 ACPI_ERR_NOT_FOUND);
	/* Windows are mapped whole and bounded. */
	assert_int_equal(acpi_rsdp_find(&RD, MEM_SIZE - 64, 65, &rsdp, &at),
			 ACPI_ERR_RANGE);
	assert_int_equal(acpi_rsdp_find(&RD, 0, UINT64_MAX, &rsdp, &at),
			 ACPI_ERR_LENGTH);
	assert_int_equal(acpi_rsdp_find(&RD, UINT64_MAX - 15, 16, &rsdp, &at),
			 ACPI_ERR_RANGE);
	/* The BIOS search looks in the EBDA first. */
	rsdp_build(0x9fc00, 0, RSDT_AT, 0);
	put16(0x40e, 0x9fc0);
	assert_int_equal(acpi_rsdp_find_bios(&RD, &rsdp, &at), 0);
	assert_int_equal(at, 0x9fc00);
	assert_int_equal(rsdp.revision, 0);
}

static void test_root_xsdt_preferred(void **state)
{
	image_build(2);
	assert_int_equal(acpi_rsdp_read(&RD, RSDP_AT, &rsdp), 0);
	assert_int_equal(acpi_root_open(&RD, &rsdp, &root), 0);
	assert_true(root.is_xsdt);
	assert_int_equal(root.nentries, 2);
	assert_int_equal(acpi_root_entry(&root, 1), MADT2_AT);
	assert_int_equal(acpi_root_entry(&root, 2), 0);
	assert_int_equal(acpi_table_find(&root, "APIC", 0, &tab), 0);
	assert_int_equal(tab.phys, MADT2_AT);
	assert_int_equal(acpi_table_find(&root, "HPET", 0, &tab),
			 ACPI_ERR_NOT_FOUND);

	image_build(0);				/* ACPI 1.0: RSDT only */
	assert_int_equal(acpi_rsdp_read(&RD, RSDP_AT, &rsdp), 0);
	assert_int_equal(acpi_root_open(&RD, &rsdp, &root), 0);
	assert_false(root.is_xsdt);
	assert_int_equal(root.nentries, 6);
	assert_int_equal(acpi_table_find(&root, "APIC", 0, &tab), 0);
	assert_int_equal(tab.phys, MADT_AT);
}

static void test_root_fallback_and_errors(void **state)
{
	image_build(2);
	acpi_rsdp_read(&RD, RSDP_AT, &rsdp);
	mem[XSDT_AT + 40]++;			/* break the XSDT checksum */
	assert_int_equal(acpi_root_open(&RD, &rsdp, &root), 0);
	assert_false(root.is_xsdt);
	mem[RSDT_AT + 40]++;			/* and the RSDT: XSDT's error */
	assert_int_equal(acpi_root_open(&RD, &rsdp, &root), ACPI_ERR_CHECKSUM);

	image_build(0);
	acpi_rsdp_read(&RD, RSDP_AT, &rsdp);
	rsdp.rsdt_addr = MEM_SIZE - 20;		/* header runs off memory */
	assert_int_equal(acpi_root_open(&RD, &rsdp, &root), ACPI_ERR_RANGE);
	rsdp.rsdt_addr = 0xfffffff0;
	assert_int_equal(acpi_root_open(&RD, &rsdp, &root), ACPI_ERR_RANGE);
	rsdp.rsdt_addr = FACP_AT;		/* a table, but not RSDT */
	assert_int_equal(acpi_root_open(&RD, &rsdp, &root), ACPI_ERR_SIGNATURE);
	rsdp.rsdt_addr = RSDT_AT;
	put32(RSDT_AT + 4, 35);			/* shorter than a header */
	assert_int_equal(acpi_root_open(&RD, &rsdp, &root), ACPI_ERR_LENGTH);
	put32(RSDT_AT + 4, MEM_SIZE);		/* longer than memory */
	assert_int_equal(acpi_root_open(&RD, &rsdp, &root), ACPI_ERR_RANGE);
	put32(RSDT_AT + 4, 0xffffffff);		/* absurd */
	assert_int_equal(acpi_root_open(&RD, &rsdp, &root), ACPI_ERR_LENGTH);
	sdt_seal(RSDT_AT, 36 + 6);		/* ragged: 1 entry + 2 bytes */
	assert_int_equal(acpi_root_open(&RD, &rsdp, &root), 0);
	assert_int_equal(root.nentries, 1);
}

static void test_table_find(void **state)
{
	image_build(0);
	acpi_rsdp_read(&RD, RSDP_AT, &rsdp);
	assert_int_equal(acpi_root_open(&RD, &rsdp, &root), 0);
	assert_int_equal(acpi_table_find(&root, "SSDT", 1, &tab), 0);
	assert_int_equal(tab.phys, SSDT2_AT);
	assert_int_equal(tab.length, 44);
	assert_int_equal(tab.data[36], 0x42);
	assert_string_equal(tab.signature, "SSDT");
	assert_int_equal(acpi_table_find(&root, "SSDT", 2, &tab),
			 ACPI_ERR_NOT_FOUND);
	assert_int_equal(acpi_table_find(&root, "DSDT", 0, &tab),
			 ACPI_ERR_NOT_FOUND);	/* past the bad entry, too */
	mem[HPET_AT + 20]++;
	assert_int_equal(acpi_table_find(&root, "HPET", 0, &tab),
			 ACPI_ERR_CHECKSUM);
	put32(HPET_AT + 4, 20);
	assert_int_equal(acpi_table_find(&root, "HPET", 0, &tab),
			 ACPI_ERR_LENGTH);
	assert_int_equal(acpi_table_map(&RD, MEM_SIZE - 36, &tab),
			 ACPI_ERR_LENGTH);	/* zeroes: length 0 */
	assert_int_equal(acpi_table_map(&RD, MEM_SIZE - 35, &tab),
			 ACPI_ERR_RANGE);
}

static void test_madt_q35(void **state)
{
	image_build(0);
	acpi_rsdp_read(&RD, RSDP_AT, &rsdp);
	acpi_root_open(&RD, &rsdp, &root);
	assert_int_equal(acpi_table_find(&root, "APIC", 0, &tab), 0);
	assert_int_equal(acpi_madt_parse(&tab, &mi), 0);
	assert_int_equal(mi.lapic_addr, 0xfee00000);
	assert_true(mi.pcat_compat);
	assert_false(mi.lapic_addr_overridden);
	assert_int_equal(mi.ncpus, 2);
	assert_int_equal(mi.cpus[1].apic_id, 1);
	assert_int_equal(mi.cpus[1].uid, 1);
	assert_true(mi.cpus[1].enabled);
	assert_false(mi.cpus[1].x2apic);
	assert_int_equal(mi.nioapics, 1);
	assert_int_equal(mi.ioapics[0].addr, 0xfec00000);
	assert_int_equal(mi.ioapics[0].gsi_base, 0);
	assert_int_equal(mi.nisos, 5);
	assert_int_equal(mi.isos[2].source, 9);
	assert_int_equal(mi.isos[2].polarity, ACPI_POLARITY_HIGH);
	assert_int_equal(mi.isos[2].trigger, ACPI_TRIGGER_LEVEL);
	assert_int_equal(mi.isos[0].polarity, ACPI_POLARITY_CONFORM);
	assert_int_equal(mi.nlapic_nmis, 1);
	assert_int_equal(mi.lapic_nmis[0].uid, ACPI_UID_ALL);
	assert_int_equal(mi.lapic_nmis[0].lint, 1);
	assert_int_equal(mi.truncated, 0);

	struct acpi_irq_route r;
	acpi_madt_isa_route(&mi, 0, &r);
	assert_int_equal(r.gsi, 2);
	assert_int_equal(r.polarity, ACPI_POLARITY_HIGH);
	assert_int_equal(r.trigger, ACPI_TRIGGER_EDGE);
	acpi_madt_isa_route(&mi, 9, &r);
	assert_int_equal(r.gsi, 9);
	assert_int_equal(r.trigger, ACPI_TRIGGER_LEVEL);
	acpi_madt_isa_route(&mi, 4, &r);
	assert_int_equal(r.gsi, 4);
	assert_int_equal(r.trigger, ACPI_TRIGGER_EDGE);
}

/* Re-seal the q35 MADT after poking at entry bytes; parse it. */
static int madt_reparse(uint32_t len)
{
	sdt_seal(MADT_AT, len);
	if (acpi_table_map(&RD, MADT_AT, &tab))
		return 99;
	return acpi_madt_parse(&tab, &mi);
}

static void test_madt_hostile(void **state)
{
	memset(mem, 0, sizeof(mem));
	uint32_t len = madt_q35(MADT_AT), first = MADT_AT + 44;
	mem[first + 1] = 0;			/* zero-length entry */
	assert_int_equal(madt_reparse(len), ACPI_ERR_ENTRY_LENGTH);
	mem[first + 1] = 1;
	assert_int_equal(madt_reparse(len), ACPI_ERR_ENTRY_LENGTH);
	mem[first + 1] = 8;
	mem[first + 8 + 8 + 1] = 8;		/* IOAPIC entry shorter than 12 */
	assert_int_equal(madt_reparse(len), ACPI_ERR_ENTRY_LENGTH);
	mem[first + 8 + 8 + 1] = 12;
	mem[MADT_AT + len - 6 + 1] = 7;		/* last entry runs past end */
	assert_int_equal(madt_reparse(len), ACPI_ERR_ENTRY_BOUNDS);
	mem[MADT_AT + len - 6 + 1] = 6;
	assert_int_equal(madt_reparse(len + 1), ACPI_ERR_ENTRY_BOUNDS);
	assert_int_equal(madt_reparse(43), ACPI_ERR_LENGTH);
	assert_int_equal(madt_reparse(44), 0);	/* no entries is fine */
	assert_int_equal(mi.ncpus, 0);
	mem[first] = 0x7f;			/* unknown type: skipped */
	assert_int_equal(madt_reparse(len), 0);
	assert_int_equal(mi.unknown_entries, 1);
	assert_int_equal(mi.ncpus, 1);
	mem[first] = 2;				/* an ISO must be 10 bytes */
	assert_int_equal(madt_reparse(len), ACPI_ERR_ENTRY_LENGTH);
	memcpy(mem + MADT_AT, "APIX", 4);
	assert_int_equal(madt_reparse(len), ACPI_ERR_SIGNATURE);
}

static void test_madt_x2apic_and_limits(void **state)
{
	memset(mem, 0, sizeof(mem));
	sdt_begin(MADT_AT, "APIC");
	put32(MADT_AT + 36, 0xfee00000);
	uint32_t p = MADT_AT + 44;
	p = e_lapic(p, 0, 0, 1);
	p = e_x2apic(p, 0, 1, 0);		/* same CPU again: deduped */
	p = e_lapic(p, 1, 1, 0);		/* disabled: counted only */
	p = e_lapic(p, 2, 2, 2);		/* online-capable */
	for (uint32_t i = 0; i < 70; i++)
		p = e_x2apic(p, 300 + i, 1, 100 + i);
	for (uint32_t i = 0; i < 9; i++)
		p = e_ioapic(p, (uint8_t)i, 0xfec00000 + 0x1000 * i, 24 * i);
	mem[p] = 5; mem[p + 1] = 12;		/* 64-bit LAPIC address */
	put64(p + 4, 0x1fee00000ull);
	p += 12;
	mem[p] = 3; mem[p + 1] = 8;		/* NMI source, low/level */
	put16(p + 2, 0xf);
	put32(p + 4, 23);
	p += 8;
	mem[p] = 10; mem[p + 1] = 12;		/* x2APIC NMI */
	put32(p + 4, 0xffffffff);
	mem[p + 8] = 1;
	p += 12;
	mem[p] = 0; mem[p + 1] = 10;		/* longer than needed: ok */
	mem[p + 3] = 9;
	mem[p + 4] = 1;
	p += 10;
	sdt_seal(MADT_AT, p - MADT_AT);
	assert_int_equal(acpi_table_map(&RD, MADT_AT, &tab), 0);
	assert_int_equal(acpi_madt_parse(&tab, &mi), 0);
	assert_int_equal(mi.ncpus, ACPI_MADT_MAX_CPUS);
	assert_int_equal(mi.cpus_unusable, 1);
	assert_false(mi.cpus[0].x2apic);
	assert_true(mi.cpus[1].online_capable);
	assert_false(mi.cpus[1].enabled);
	assert_int_equal(mi.cpus[2].apic_id, 300);
	assert_int_equal(mi.cpus[2].uid, 100);
	assert_true(mi.cpus[2].x2apic);
	assert_int_equal(mi.nioapics, ACPI_MADT_MAX_IOAPICS);
	assert_int_equal(mi.ioapics[7].gsi_base, 24 * 7);
	assert_int_equal(mi.truncated,
			 ACPI_MADT_TRUNC_CPUS | ACPI_MADT_TRUNC_IOAPICS);
	assert_true(mi.lapic_addr_overridden);
	assert_int_equal(mi.lapic_addr, 0x1fee00000ull);
	assert_int_equal(mi.nnmis, 1);
	assert_int_equal(mi.nmis[0].gsi, 23);
	assert_int_equal(mi.nmis[0].polarity, ACPI_POLARITY_LOW);
	assert_int_equal(mi.nmis[0].trigger, ACPI_TRIGGER_LEVEL);
	assert_int_equal(mi.nlapic_nmis, 1);
	assert_int_equal(mi.lapic_nmis[0].uid, ACPI_UID_ALL);
}

static void test_strerror(void **state)
{
	assert_string_equal(acpi_strerror(ACPI_ERR_CHECKSUM),
			    "ACPI checksum mismatch");
	for (int e = ACPI_ERR_ENTRY_BOUNDS; e <= 0; e++)
		assert_string_not_equal(acpi_strerror(e), "unknown ACPI error");
	assert_string_equal(acpi_strerror(1), "unknown ACPI error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsdp_parse),
		cmocka_unit_test(test_rsdp_find),
		cmocka_unit_test(test_root_xsdt_preferred),
		cmocka_unit_test(test_root_fallback_and_errors),
		cmocka_unit_test(test_table_find),
		cmocka_unit_test(test_madt_q35),
		cmocka_unit_test(test_madt_hostile),
		cmocka_unit_test(test_madt_x2apic_and_limits),
		cmocka_unit_test(test_strerror),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
