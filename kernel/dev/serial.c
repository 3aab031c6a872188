/* Receive rings for COM1 and COM2. The interrupt handler drains the UART
 * FIFO into the ring; when the ring is full, new bytes are dropped and
 * counted (a reader that never reads must not stall the interrupt).
 *
 * Locks: serial_port.lock protects that port's ring indices and counter;
 * taken in interrupt context and by readers (spin_lock masks interrupts,
 * so a reader cannot be interrupted by its own port's handler). */
#include "kernel/arch/arch.h"
#include "kernel/core/log.h"
#include "kernel/core/spinlock.h"
#include "kernel/dev/serial.h"

LOG_SOURCE(serial_log, "serial");

#define RX_RING 1024
static const int serial_isa_irq[SERIAL_PORTS] = { 4, 3 };

struct serial_port {
	struct spinlock lock;	/* protects: head, tail, dropped, ring */
	uint32_t head, tail;	/* tail - head = bytes waiting */
	uint64_t dropped;
	char ring[RX_RING];
};

static struct serial_port ports[SERIAL_PORTS] = {
	{ .lock = SPINLOCK_INIT("serial0") },
	{ .lock = SPINLOCK_INIT("serial1") },
};

static void serial_rx_irq(int port)
{
	struct serial_port *p = &ports[port];
	spin_lock(&p->lock);
	for (int i = 0, c; i < 64 && (c = arch_uart_getc(port)) >= 0; i++) {
		if (p->tail - p->head < RX_RING)
			p->ring[p->tail++ % RX_RING] = (char)c;
		else
			p->dropped++;
	}
	spin_unlock(&p->lock);
}

static void serial_irq_com1(int vector) { serial_rx_irq(0); }
static void serial_irq_com2(int vector) { serial_rx_irq(1); }

void serial_input_init(void)
{
	irq_handler_fn fns[SERIAL_PORTS] = { serial_irq_com1, serial_irq_com2 };
	for (int port = 0; port < SERIAL_PORTS; port++) {
		if (arch_irq_claim_isa(serial_isa_irq[port], fns[port]))
			log_warn(&serial_log, "COM%d: IRQ %d not routable", port + 1,
				 serial_isa_irq[port]);
		arch_uart_rx_irq_enable(port);
	}
	log_info(&serial_log, "COM1 and COM2 input by interrupt (IRQ 4, 3)");
}

size_t serial_read(int port, char *buf, size_t n)
{
	struct serial_port *p = &ports[port];
	size_t got = 0;
	spin_lock(&p->lock);
	while (got < n && p->head != p->tail)
		buf[got++] = p->ring[p->head++ % RX_RING];
	spin_unlock(&p->lock);
	return got;
}

void serial_write(int port, const char *s, size_t n)
{
	arch_uart_write(port, s, n);
}

uint64_t serial_dropped(int port)
{
	return ports[port].dropped;
}
