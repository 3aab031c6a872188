/* Serial ports: receive rings filled by interrupt, and polled output.
 *
 * The log port (COM1, IRQ 4) is set up at boot. Terminal ports are set up
 * once, at run time, on the UART and ISA IRQ their owner names
 * (serial_setup); until then they have no input and ignore output.
 *
 * The interrupt handler drains the UART FIFO into the port's ring (at
 * most 64 bytes per interrupt); when the ring is full, new bytes are
 * dropped and counted (a reader that never reads must not stall the
 * interrupt). It then calls the port's rx hook, outside the ring lock,
 * so the consumer can take bytes with serial_read.
 *
 * Locks (both leaves: nothing is taken under them):
 *   serial_port.lock     the ring indices, bytes and drop counter; taken
 *                        in interrupt context and by readers
 *   serial_port.tx_lock  the transmitter, so one raw write (an escape
 *                        sequence, an echo) is never split by another
 * Setup fields (base, irq, rx) are written once, before the port's
 * interrupt is routed, and only read afterwards; setup itself is
 * serialised by serial_setup_lock, which is taken before ioapic_lock
 * (claiming the IRQ) and never in interrupt context. */
#include "kernel/arch/arch.h"
#include "kernel/core/log.h"
#include "kernel/core/spinlock.h"
#include "kernel/dev/serial.h"

LOG_SOURCE(serial_log, "serial");

#define RX_RING 1024
#define RX_PER_IRQ 64
#define TX_CHUNK 256		/* converted output: bytes per tx_lock hold */
#define LOG_IRQ 4

struct serial_port {
	struct spinlock lock;	/* protects: head, tail, dropped, ring */
	uint32_t head, tail;	/* tail - head = bytes waiting */
	uint64_t dropped;
	char ring[RX_RING];
	struct spinlock tx_lock;	/* protects: the UART's transmitter */
	/* written once by setup, before the interrupt is routed */
	bool ready;
	uint16_t base;
	int irq;
	serial_rx_fn rx;
	void *rx_arg;
};

static struct spinlock serial_setup_lock = SPINLOCK_INIT("serial_setup");

static struct serial_port ports[SERIAL_PORTS] = {
	{ .lock = SPINLOCK_INIT("serial0"), .tx_lock = SPINLOCK_INIT("serial0_tx") },
	{ .lock = SPINLOCK_INIT("serial1"), .tx_lock = SPINLOCK_INIT("serial1_tx") },
	{ .lock = SPINLOCK_INIT("serial2"), .tx_lock = SPINLOCK_INIT("serial2_tx") },
};

/* Context: interrupt. Bounded: one FIFO's worth (and a bit) per entry. */
static void serial_rx_irq(int port)
{
	struct serial_port *p = &ports[port];
	int got = 0;
	spin_lock(&p->lock);
	for (int c; got < RX_PER_IRQ && (c = arch_uart_getc(port)) >= 0; got++) {
		if (p->tail - p->head < RX_RING)
			p->ring[p->tail++ % RX_RING] = (char)c;
		else
			p->dropped++;
	}
	spin_unlock(&p->lock);
	if (got && p->rx)
		p->rx(p->rx_arg);
}

static void serial_irq_log(int vector) { serial_rx_irq(SERIAL_LOG); }
static void serial_irq_term0(int vector) { serial_rx_irq(SERIAL_TERM0); }
static void serial_irq_term1(int vector) { serial_rx_irq(SERIAL_TERM1); }

static const irq_handler_fn serial_irq_fns[SERIAL_PORTS] = {
	serial_irq_log, serial_irq_term0, serial_irq_term1,
};

void serial_input_init(void)
{
	struct serial_port *p = &ports[SERIAL_LOG];
	p->irq = LOG_IRQ;
	p->ready = true;
	if (arch_irq_claim_isa(LOG_IRQ, serial_irq_fns[SERIAL_LOG]))
		log_warn(&serial_log, "COM1: IRQ %d not routable", LOG_IRQ);
	arch_uart_rx_irq_enable(SERIAL_LOG);
	log_info(&serial_log, "COM1 input by interrupt (IRQ %d)", LOG_IRQ);
}

/* Is base or irq taken by another port? (serial_setup_lock held) */
static bool serial_conflict(int port, uint16_t base, int irq)
{
	for (int i = 0; i < SERIAL_PORTS; i++)
		if (i != port && ports[i].ready &&
		    (ports[i].irq == irq || (i != SERIAL_LOG && ports[i].base == base)))
			return true;
	return false;
}

static err_t serial_setup_check(int port, uint16_t base, uint8_t irq)
{
	if (port != SERIAL_TERM0 && port != SERIAL_TERM1)
		return ERR_INVALID;
	if (!base || irq < 1 || irq > 15 || irq == 2)
		return ERR_INVALID;
	if (ports[port].ready)
		return ERR_EXISTS;
	if (serial_conflict(port, base, irq))
		return ERR_BUSY;
	return ERR_OK;
}

err_t serial_setup(int port, uint16_t io_base, uint8_t irq, serial_rx_fn rx,
		   void *arg)
{
	spin_lock(&serial_setup_lock);
	err_t e = serial_setup_check(port, io_base, irq);
	if (!e && !arch_uart_attach(port, io_base))
		e = ERR_NOT_FOUND;
	if (!e) {
		struct serial_port *p = &ports[port];
		p->base = io_base;
		p->irq = irq;
		p->rx = rx;
		p->rx_arg = arg;
		if (arch_irq_claim_isa(irq, serial_irq_fns[port]))
			e = ERR_IO;
	}
	if (!e) {
		ports[port].ready = true;
		arch_uart_rx_irq_enable(port);
	}
	spin_unlock(&serial_setup_lock);
	if (!e)
		log_info(&serial_log, "terminal UART %d at 0x%x, IRQ %u",
			 port - SERIAL_TERM0, io_base, irq);
	return e;
}

bool serial_ready(int port)
{
	return port >= 0 && port < SERIAL_PORTS && ports[port].ready;
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

bool serial_take_through(int port, char c)
{
	struct serial_port *p = &ports[port];
	bool found = false;
	spin_lock(&p->lock);
	for (uint32_t i = p->head; !found && i != p->tail; i++)
		if (p->ring[i % RX_RING] == c) {
			p->head = i + 1;
			found = true;
		}
	spin_unlock(&p->lock);
	return found;
}

void serial_write(int port, const char *s, size_t n)
{
	struct serial_port *p = &ports[port];
	while (n) {
		size_t k = n < TX_CHUNK ? n : TX_CHUNK;
		spin_lock(&p->tx_lock);
		arch_uart_write(port, s, k);
		spin_unlock(&p->tx_lock);
		s += k, n -= k;
	}
}

void serial_write_raw(int port, const char *s, size_t n)
{
	struct serial_port *p = &ports[port];
	spin_lock(&p->tx_lock);
	for (size_t i = 0; i < n; i++)
		arch_uart_putc(port, s[i]);
	spin_unlock(&p->tx_lock);
}

uint64_t serial_dropped(int port)
{
	return ports[port].dropped;
}
