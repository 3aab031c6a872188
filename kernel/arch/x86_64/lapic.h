#ifndef CAPOS_ARCH_LAPIC_H
#define CAPOS_ARCH_LAPIC_H
#include <stdint.h>

#define VEC_TIMER    0x20
#define VEC_IRQ_BASE 0x30	/* legacy ISA IRQ n arrives at 0x30 + n */
#define VEC_IPI_RESCHED 0xF0
#define VEC_IPI_TLB  0xF1
#define VEC_SPURIOUS 0xFF

void lapic_init(uint64_t base_pa);	/* on each CPU */
void lapic_timer_calibrate(void);	/* once, on the boot CPU */
void lapic_eoi(void);
uint32_t lapic_id(void);
void lapic_send_ipi(uint32_t apic_id, uint32_t icr_low);

#endif
