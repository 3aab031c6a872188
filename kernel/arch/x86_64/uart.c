/* 16550 UART driver. COM1 carries the kernel log; COM2 is reserved for the
 * user terminal. Output is polled (the log must work before interrupts and
 * inside the panic path); input by interrupt comes with the IOAPIC. */
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/arch.h"

enum {
	UART_DATA = 0, UART_IER = 1, UART_FCR = 2, UART_LCR = 3,
	UART_MCR = 4, UART_LSR = 5,
};
#define LSR_THR_EMPTY 0x20
#define LSR_DATA_READY 0x01

static const uint16_t uart_base[] = { 0x3f8, 0x2f8 };

void arch_uart_init(int port)
{
	uint16_t b = uart_base[port];
	outb(b + UART_IER, 0x00);
	outb(b + UART_LCR, 0x80);	/* DLAB: set divisor */
	outb(b + 0, 0x01);		/* 115200 baud */
	outb(b + 1, 0x00);
	outb(b + UART_LCR, 0x03);	/* 8N1 */
	outb(b + UART_FCR, 0xC7);	/* FIFO on, cleared, 14-byte trigger */
	outb(b + UART_MCR, 0x0B);	/* DTR, RTS, OUT2 (IRQ gate) */
}

void arch_uart_putc(int port, char c)
{
	uint16_t b = uart_base[port];
	/* bounded spin: a wedged UART must not hang the panic path */
	for (int i = 0; i < 100000 && !(inb(b + UART_LSR) & LSR_THR_EMPTY); i++)
		cpu_pause();
	outb(b + UART_DATA, (uint8_t)c);
}

void arch_uart_write(int port, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			arch_uart_putc(port, '\r');
		arch_uart_putc(port, s[i]);
	}
}

int arch_uart_getc(int port)
{
	uint16_t b = uart_base[port];
	if (!(inb(b + UART_LSR) & LSR_DATA_READY))
		return -1;
	return inb(b + UART_DATA);
}

void arch_uart_rx_irq_enable(int port)
{
	uint16_t b = uart_base[port];
	outb(b + UART_IER, 0x01);	/* received-data interrupt */
	/* drop what arrived before we listened (bounded: a broken UART may
	 * claim data forever) */
	for (int i = 0; i < 256 && arch_uart_getc(port) >= 0; i++)
		;
}
