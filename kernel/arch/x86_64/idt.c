/* The IDT: every vector points at its stub in trap.S. Exceptions that can
 * arrive on a broken stack run on their own IST stacks. */
#include <stdint.h>
#include "kernel/arch/x86_64/gdt.h"
#include "kernel/arch/x86_64/idt.h"

struct idt_gate {
	uint16_t off_lo;
	uint16_t sel;
	uint8_t ist;
	uint8_t type;
	uint16_t off_mid;
	uint32_t off_hi;
	uint32_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate is 16 bytes");

#define GATE_INTERRUPT 0x8E /* present, DPL0, 64-bit interrupt gate */

extern const uint64_t trap_stub_table[256];
static struct idt_gate idt[256] __attribute__((aligned(16)));

static void idt_set(int vec, enum ist_slot ist)
{
	uint64_t off = trap_stub_table[vec];
	idt[vec] = (struct idt_gate){
		.off_lo = off & 0xFFFF, .sel = SEL_KCODE, .ist = ist,
		.type = GATE_INTERRUPT, .off_mid = off >> 16 & 0xFFFF,
		.off_hi = off >> 32,
	};
}

void idt_build(void)
{
	for (int v = 0; v < 256; v++)
		idt_set(v, IST_NONE);
	idt_set(TRAP_DF, IST_DF);
	idt_set(TRAP_NMI, IST_NMI);
	idt_set(TRAP_MC, IST_MC);
}

void idt_load(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof(idt) - 1, (uint64_t)idt };
	__asm__ volatile("lidt %0" : : "m"(ptr));
}
