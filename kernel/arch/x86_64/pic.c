/* The legacy 8259 PICs. The BIOS leaves them mapped over the CPU exception
 * vectors (IRQ0 would arrive as vector 8, a fake double fault), so we remap
 * them to 0x20-0x2f and mask every line; interrupts are routed through the
 * IOAPIC instead. */
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/pic.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1

void pic_disable(void)
{
	outb(PIC1_CMD, 0x11);	/* ICW1: init, expect ICW4 */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, 0x20);	/* ICW2: vector bases */
	outb(PIC2_DATA, 0x28);
	outb(PIC1_DATA, 0x04);	/* ICW3: slave on IRQ2 */
	outb(PIC2_DATA, 0x02);
	outb(PIC1_DATA, 0x01);	/* ICW4: 8086 mode */
	outb(PIC2_DATA, 0x01);
	outb(PIC1_DATA, 0xFF);	/* mask all */
	outb(PIC2_DATA, 0xFF);
}
