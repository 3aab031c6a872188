/* 16550 UART driver. COM1 carries the kernel log; indices 1 and 2 are
 * terminal UARTs whose I/O base is chosen at run time (COM2 by default
 * for index 1). Output is polled (the log must work before interrupts and
 * inside the panic path); input by interrupt comes with the IOAPIC. */
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/arch.h"

enum {
	UART_DATA = 0, UART_IER = 1, UART_FCR = 2, UART_LCR = 3,
	UART_MCR = 4, UART_LSR = 5,
};
#define UART_SCR 7
#define LSR_THR_EMPTY 0x20
#define LSR_DATA_READY 0x01

/* 0: no UART at this index. Written only at boot and by attach, before
 * the index's interrupt is routed. */
static uint16_t uart_base[ARCH_UARTS] = { 0x3f8, 0x2f8, 0 };

/* A 16550 keeps what is written to its scratch register; an empty ISA
 * slot reads back 0xff. */
static bool uart_probe(uint16_t b)
{
	outb(b + UART_SCR, 0xa5);
	if (inb(b + UART_SCR) != 0xa5)
		return false;
	outb(b + UART_SCR, 0x5a);
	return inb(b + UART_SCR) == 0x5a;
}

bool arch_uart_attach(int port, uint16_t io_base)
{
	/* never the log's UART: a terminal must not read or scribble on it */
	if (port <= 0 || port >= ARCH_UARTS || !io_base ||
	    io_base == uart_base[0] || !uart_probe(io_base))
		return false;
	uart_base[port] = io_base;
	arch_uart_init(port);
	return true;
}

void arch_uart_init(int port)
{
	uint16_t b = uart_base[port];
	if (!b)
		return;
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
	if (!b)
		return;
	/* bounded spin: a wedged UART must not hang the panic path */
	for (int i = 0; i < 100000 && !(inb(b + UART_LSR) & LSR_THR_EMPTY); i++)
		cpu_pause();
	outb(b + UART_DATA, (uint8_t)c);
}

/* With the FIFO on (uart_init), THR-empty means the whole 16-byte
 * transmit FIFO is free: wait for it once per 16 bytes instead of once
 * per byte. Port reads are what make logging slow under emulation. */
#define UART_TX_FIFO 16

static void uart_wait_fifo_empty(uint16_t b)
{
	for (int i = 0; i < 100000 && !(inb(b + UART_LSR) & LSR_THR_EMPTY); i++)
		cpu_pause();
}

void arch_uart_write(int port, const char *s, size_t n)
{
	uint16_t b = uart_base[port];
	int room = 0;
	if (!b)
		return;
	for (size_t i = 0; i < n; i++) {
		int need = s[i] == '\n' ? 2 : 1;
		if (room < need) {
			uart_wait_fifo_empty(b);
			room = UART_TX_FIFO;
		}
		if (s[i] == '\n')
			outb(b + UART_DATA, '\r');
		outb(b + UART_DATA, (uint8_t)s[i]);
		room -= need;
	}
}

int arch_uart_getc(int port)
{
	uint16_t b = uart_base[port];
	if (!b || !(inb(b + UART_LSR) & LSR_DATA_READY))
		return -1;
	return inb(b + UART_DATA);
}

void arch_uart_rx_irq_enable(int port)
{
	uint16_t b = uart_base[port];
	if (!b)
		return;
	outb(b + UART_IER, 0x01);	/* received-data interrupt */
	/* drop what arrived before we listened (bounded: a broken UART may
	 * claim data forever) */
	for (int i = 0; i < 256 && arch_uart_getc(port) >= 0; i++)
		;
}
