/* Serial ports: the log UART (COM1) and up to two terminal UARTs whose
 * I/O base and ISA IRQ are chosen at run time. Each port's receive
 * interrupt moves bytes into a bounded ring (bytes that do not fit are
 * dropped and counted); readers take them from there. Output is polled. */
#ifndef CAPOS_DEV_SERIAL_H
#define CAPOS_DEV_SERIAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "capos/err.h"

enum { SERIAL_LOG = 0, SERIAL_TERM0 = 1, SERIAL_TERM1 = 2, SERIAL_PORTS = 3 };

/* Called after a receive interrupt of the port moved bytes into its
 * ring. Context: interrupt, no lock held; must not block. */
typedef void (*serial_rx_fn)(void *arg);

/* The log port's receive interrupt (IRQ 4). */
void serial_input_init(void);

/* Program terminal port `port` (SERIAL_TERM0 or SERIAL_TERM1) at I/O base
 * `io_base`, route ISA IRQ `irq` to it and enable its receive interrupt;
 * rx (may be NULL) runs after each interrupt that received something.
 * Errors: ERR_INVALID (not a terminal port, base 0, IRQ outside 1..15 or
 * the cascade IRQ 2), ERR_EXISTS (port already set up), ERR_BUSY (the
 * base or IRQ is another port's), ERR_NOT_FOUND (no UART answers at that
 * base, or it is the log's), ERR_IO (the IRQ cannot be routed). */
err_t serial_setup(int port, uint16_t io_base, uint8_t irq, serial_rx_fn rx,
		   void *arg);
bool serial_ready(int port);

/* Copies up to n received bytes; returns how many (0 if none waiting). */
size_t serial_read(int port, char *buf, size_t n);
/* If byte c is waiting, drop everything up to and including its first
 * occurrence and return true (an interrupt key flushes type-ahead). */
bool serial_take_through(int port, char c);
/* Output with each \n sent as \r\n. */
void serial_write(int port, const char *s, size_t n);
/* Output exactly these bytes (escape sequences, echo). One call's bytes
 * are never interleaved with another's. */
void serial_write_raw(int port, const char *s, size_t n);
uint64_t serial_dropped(int port);

#endif
