/* IOAPICs: every redirection entry starts masked and stays masked until a
 * driver claims its line. ISA IRQs go through the MADT's interrupt source
 * overrides (on QEMU: IRQ0 -> GSI2, and IRQ5/9/10/11 level, active high).
 *
 * Locks: ioapic_lock protects the index/data register pairs (a select
 * followed by a read or write must not interleave with another CPU's). */
#include "kernel/arch/x86_64/ioapic.h"
#include "kernel/core/log.h"
#include "kernel/core/spinlock.h"
#include "kernel/mm/kmap.h"

LOG_SOURCE(ioapic_log, "ioapic");

#define IOREGSEL 0x00
#define IOWIN 0x10
#define IOAPIC_VER 0x01
#define IOREDTBL(n) (0x10 + 2 * (n))
#define RTE_MASKED (1u << 16)
#define RTE_LEVEL (1u << 15)
#define RTE_ACTIVE_LOW (1u << 13)

struct ioapic {
	volatile uint32_t *regs;
	uint32_t gsi_base;
	uint32_t lines;
};

/* protects: every ioapic's IOREGSEL/IOWIN pair */
static struct spinlock ioapic_lock = SPINLOCK_INIT("ioapic");
static struct ioapic ioapics[IOAPIC_MAX];
static int ioapic_count;
static struct platform_isa_route isa_routes[ISA_IRQS];

static uint32_t ioapic_read(struct ioapic *io, uint32_t reg)
{
	io->regs[IOREGSEL / 4] = reg;
	return io->regs[IOWIN / 4];
}

static void ioapic_write(struct ioapic *io, uint32_t reg, uint32_t v)
{
	io->regs[IOREGSEL / 4] = reg;
	io->regs[IOWIN / 4] = v;
}

static struct ioapic *ioapic_for_gsi(uint32_t gsi)
{
	for (int i = 0; i < ioapic_count; i++)
		if (gsi >= ioapics[i].gsi_base &&
		    gsi < ioapics[i].gsi_base + ioapics[i].lines)
			return &ioapics[i];
	return 0;
}

static void ioapic_mask_all(struct ioapic *io)
{
	for (uint32_t i = 0; i < io->lines; i++) {
		ioapic_write(io, IOREDTBL(i), RTE_MASKED);
		ioapic_write(io, IOREDTBL(i) + 1, 0);
	}
}

void ioapic_init(const struct platform *p)
{
	const struct platform_ioapic *d = p->ioapics;
	for (int i = 0; i < p->nioapics && ioapic_count < IOAPIC_MAX; i++) {
		struct ioapic *io = &ioapics[ioapic_count++];
		io->regs = kmap_mmio(d[i].pa, 4096);
		io->gsi_base = d[i].gsi_base;
		io->lines = ((ioapic_read(io, IOAPIC_VER) >> 16) & 0xFF) + 1;
		ioapic_mask_all(io);
		log_info(&ioapic_log, "IOAPIC at 0x%lx: GSI %u..%u, all masked",
			 d[i].pa, io->gsi_base, io->gsi_base + io->lines - 1);
	}
	for (int irq = 0; irq < ISA_IRQS; irq++)
		isa_routes[irq] = p->isa[irq];
}

int ioapic_route_isa(int irq, uint8_t vector, uint32_t apic_id)
{
	if (irq < 0 || irq >= ISA_IRQS)
		return -1;
	const struct platform_isa_route *r = &isa_routes[irq];
	struct ioapic *io = ioapic_for_gsi(r->gsi);
	if (!io)
		return -1;
	uint32_t pin = r->gsi - io->gsi_base;
	uint32_t lo = vector | (r->level ? RTE_LEVEL : 0) |
		      (r->active_low ? RTE_ACTIVE_LOW : 0);
	spin_lock(&ioapic_lock);
	ioapic_write(io, IOREDTBL(pin) + 1, apic_id << 24);
	ioapic_write(io, IOREDTBL(pin), lo);
	spin_unlock(&ioapic_lock);
	return 0;
}

void ioapic_mask_isa(int irq)
{
	struct ioapic *io = ioapic_for_gsi(isa_routes[irq].gsi);
	if (!io)
		return;
	uint32_t pin = isa_routes[irq].gsi - io->gsi_base;
	spin_lock(&ioapic_lock);
	ioapic_write(io, IOREDTBL(pin), RTE_MASKED);
	spin_unlock(&ioapic_lock);
}
