#ifndef CAPOS_ARCH_IOAPIC_H
#define CAPOS_ARCH_IOAPIC_H
#include <stdint.h>
#include "kernel/dev/platform.h"

#define IOAPIC_MAX PLATFORM_IOAPICS_MAX

void ioapic_init(const struct platform *p);
/* Route ISA irq to `vector` on the CPU with `apic_id` and unmask it. */
int ioapic_route_isa(int irq, uint8_t vector, uint32_t apic_id);
void ioapic_mask_isa(int irq);

#endif
