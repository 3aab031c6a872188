/* libFuzzer target for lib/acpi: the input is a fake physical memory image
 * with an RSDP at address 0; the whole chain RSDP -> RSDT/XSDT -> tables ->
 * MADT runs over it. Random bytes rarely have valid checksums, so when the
 * last input byte is odd the harness first repairs every checksum it can
 * find (RSDP, root table, each table the root points at), letting the
 * fuzzer reach the length and entry checks; even inputs test the checksum
 * checks themselves. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lib/acpi/acpi.h"
#include "lib/acpi/madt.h"
#include "tests/fuzz/fuzz_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fix_sum(uint8_t *p, size_t len, size_t at)
{
	uint8_t s = 0;
	p[at] = 0;
	for (size_t i = 0; i < len; i++)
		s = (uint8_t)(s + p[i]);
	p[at] = (uint8_t)-s;
}

static void fix_table(uint8_t *m, size_t size, uint64_t at)
{
	if (at > size || size - at < 36)
		return;
	uint32_t len = ld_le32(m + at + 4);
	if (len >= 36 && len <= size - at)
		fix_sum(m + at, len, 9);
}

static void fix_root(uint8_t *m, size_t size, uint64_t at, unsigned esize)
{
	fix_table(m, size, at);
	if (at > size || size - at < 36)
		return;
	uint32_t len = ld_le32(m + at + 4);
	if (len < 36 || len > size - at)
		return;
	/* Fix the tables first, then the root, whose entries we don't touch. */
	for (uint32_t off = 36; off + esize <= len; off += esize)
		fix_table(m, size, esize == 8 ? ld_le64(m + at + off) :
			  ld_le32(m + at + off));
	fix_sum(m + at, len, 9);
}

static void fix_all(uint8_t *m, size_t size)
{
	if (size < 36)
		return;
	fix_sum(m, 20, 8);
	if (m[15] >= 2)
		fix_sum(m, 36, 32);
	fix_root(m, size, ld_le32(m + 16), 4);
	if (m[15] >= 2)
		fix_root(m, size, ld_le64(m + 24), 8);
}

static void check_table(const struct image *img, const struct acpi_table *t)
{
	if (t->data < img->mem || t->length > img->size ||
	    (size_t)(t->data - img->mem) > img->size - t->length)
		abort();
}

static void run_madt(const struct image *img, const struct acpi_root *root)
{
	static struct acpi_madt_info mi;
	struct acpi_table t;
	struct acpi_irq_route r;
	for (unsigned inst = 0; inst < 3; inst++) {
		if (acpi_table_find(root, "APIC", inst, &t) != 0)
			continue;
		check_table(img, &t);
		if (acpi_madt_parse(&t, &mi) != 0)
			continue;
		if (mi.ncpus > ACPI_MADT_MAX_CPUS ||
		    mi.nioapics > ACPI_MADT_MAX_IOAPICS ||
		    mi.nisos > ACPI_MADT_MAX_ISOS || mi.nnmis > ACPI_MADT_MAX_NMIS ||
		    mi.nlapic_nmis > ACPI_MADT_MAX_LAPIC_NMIS)
			abort();
		for (uint8_t irq = 0; irq < 16; irq++) {
			acpi_madt_isa_route(&mi, irq, &r);
			if ((r.polarity != ACPI_POLARITY_HIGH &&
			     r.polarity != ACPI_POLARITY_LOW) ||
			    (r.trigger != ACPI_TRIGGER_EDGE &&
			     r.trigger != ACPI_TRIGGER_LEVEL))
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *m = malloc(size ? size : 1);
	memcpy(m, data, size);
	if (size && (data[size - 1] & 1))
		fix_all(m, size);
	struct image img = { m, size };
	struct phys_reader rd = { image_map, &img };
	struct acpi_rsdp rsdp;
	struct acpi_root root;
	struct acpi_table t;
	uint64_t at;
	acpi_strerror(acpi_rsdp_find(&rd, 0, size, &rsdp, &at));
	if (acpi_rsdp_read(&rd, 0, &rsdp) == 0 &&
	    acpi_root_open(&rd, &rsdp, &root) == 0) {
		for (uint32_t i = 0; i < root.nentries && i < 64; i++)
			if (acpi_table_map(&rd, acpi_root_entry(&root, i), &t) == 0)
				check_table(&img, &t);
		run_madt(&img, &root);
	}
	free(m);
	return 0;
}
