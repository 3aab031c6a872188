/* The kernel terminal: a terminal UART as the Terminal device
 * (terminal.c) and the one TerminalSession it hands out at a time
 * (term_session.c). Boot code sets the UARTs up and grants the devices;
 * everything else happens through the capabilities.
 *
 * Lock order: terminal.lock comes after thread.ring_lock (a pending
 * read's cancel hook takes it with the ring lock held) and before the
 * serial port locks (the receive path reads bytes and echoes under it)
 * and timer_queue.lock (it arms the input continuation).
 * Nothing that takes a process, address-space, ring or heap lock runs
 * under it: finished reads are detached under the lock and their results
 * written and posted (and buffers freed) after it is dropped. */
#ifndef CAPOS_CAP_TERMINAL_H
#define CAPOS_CAP_TERMINAL_H
#include <stdbool.h>
#include <stdint.h>
#include "capos/err.h"
#include "kernel/core/spinlock.h"
#include "kernel/time/timer.h"
#include "lib/term/lineedit.h"

#define TERM_DEVICES 2
#include "capos/console.h"
#define TERM_LINE_MAX TerminalSession_maxLineBytes	/* readLine maxBytes */
#define TERM_WRITE_MAX 4096	/* bytes per write */
#define TERM_COLUMNS 80
#define TERM_ROWS 24

/* The framed readLine results for a line of up to max bytes: segment
 * table, root pointer, the results struct, ReadLine (one data word, one
 * pointer) and the text with its NUL, word-aligned. A readLine's result
 * buffer must hold this much, so typed input is never lost to a small
 * buffer. */
#define TERM_RESULT_BYTES(max) (40u + (((uint32_t)(max) + 8u) & ~7u))

struct ring_pending;
struct process;
struct terminal;

/* Every field is protected by the device's lock. */
struct term_session {
	struct terminal *dev;		/* fixed */
	bool open;			/* a capability table holds it */
	struct ring_pending *read;	/* the pending readLine, or NULL */
	uint8_t *read_msg;		/* its results buffer (heap) */
	uint32_t read_msg_cap;
	struct ring_pending *intr;	/* the pending interrupt(), or NULL */
	struct lineedit ed;
	struct ktimer pump_timer;	/* continues input past one entry's share */
	bool pump_armed;
	char line[TERM_LINE_MAX];
	char echo[LINEEDIT_ECHO_MAX(TERM_LINE_MAX)];
};

struct terminal {
	int port;			/* serial port; fixed by setup */
	bool ready;			/* set up (write-once) */
	struct spinlock lock;		/* protects: session */
	struct term_session session;	/* storage of the one session */
};

/* Program terminal UART `which` (0 or 1) at I/O base `port` and route ISA
 * IRQ `irq` to it through the IOAPIC. Call once per terminal, at boot.
 * Errors: ERR_INVALID (which, port or irq out of range), ERR_EXISTS
 * (already set up), and those of serial_setup. */
err_t terminal_setup(unsigned which, uint16_t port, uint8_t irq);
/* Give p (not yet started) the Terminal device `which` under `name`.
 * ERR_NOT_FOUND if that terminal was not set up. */
err_t terminal_grant(struct process *p, const char *name, unsigned which);

/* Session side (term_session.c), for the device. */
bool term_session_claim(struct terminal *t);	/* false: one is open */
void term_session_input(void *terminal);	/* the serial rx hook */

#endif
