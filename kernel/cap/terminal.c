/* Terminal: a terminal UART as a device capability. Its only method,
 * open(), hands out the device's TerminalSession, move-only (the slot
 * flag CAP_SLOT_MOVE_ONLY refuses copies), so there is exactly one
 * holder; open() says ERR_BUSY until that capability is released (by its
 * holder, or when the holder ends), then a new session can be opened (a
 * restarted shell).
 *
 * The device objects are static (one per terminal UART) and hold no
 * references; the Terminal capability may be copied freely, since all it
 * gives is the right to ask for the session. */
#include "capos/console.h"
#include "kernel/cap/cap_util.h"
#include "kernel/cap/terminal.h"
#include "kernel/core/log.h"
#include "kernel/dev/serial.h"
#include "kernel/proc/process.h"

LOG_SOURCE(term_log, "terminal");

static struct terminal terminals[TERM_DEVICES] = {
	{ .lock = SPINLOCK_INIT("terminal0") },
	{ .lock = SPINLOCK_INIT("terminal1") },
};

err_t terminal_setup(unsigned which, uint16_t port, uint8_t irq)
{
	if (which >= TERM_DEVICES)
		return ERR_INVALID;
	struct terminal *t = &terminals[which];
	if (t->ready)
		return ERR_EXISTS;
	t->port = SERIAL_TERM0 + (int)which;
	t->session.dev = t;
	t->session.pump_timer.cpu = -1;
	err_t e = serial_setup(t->port, port, irq, term_session_input, t);
	if (e) {
		log_warn(&term_log, "terminal %u (0x%x, IRQ %u): %s", which, port,
			 irq, capos_strerror(e));
		return e;
	}
	t->ready = true;
	return ERR_OK;
}

err_t terminal_grant(struct process *p, const char *name, unsigned which)
{
	if (which >= TERM_DEVICES || !terminals[which].ready)
		return ERR_NOT_FOUND;
	return process_grant(p, name, CAP_TERMINAL, Terminal_IFACE_ID,
			     &terminals[which]);
}

static int terminal_open(void *self, Terminal_open_Params_r params,
			 Terminal_open_Results_b r)
{
	struct cap_call *c = self;
	struct terminal *t = c->slot->obj;
	if (!term_session_claim(t))
		return ERR_BUSY;
	uint32_t idx;
	/* on failure the release closes the session again */
	int err = cap_call_return_cap(c, CAP_TERM_SESSION,
				      TerminalSession_IFACE_ID, &t->session,
				      CAP_SLOT_MOVE_ONLY, &idx);
	if (err) {
		term_session_cap_release(&t->session);
		return err;
	}
	Terminal_open_Results_set_session(r, idx);
	return 0;
}

static const struct Terminal_server terminal_server = {
	.open = terminal_open,
};

int terminal_invoke(struct cap_call *c)
{
	return CAP_DISPATCH(Terminal, &terminal_server, c);
}
