/* TerminalSession: line editing, echo and output on a terminal UART, for
 * the session's single (move-only) holder.
 *
 * Operations that complete later, each a pending operation of the
 * calling thread like a Timer sleep:
 *   readLine   one at a time (else ERR_BUSY). The line editor
 *              (lib/term/lineedit) runs on the bytes as they arrive; the
 *              end it reports frames the ReadLine results into a buffer
 *              allocated when the read began (so the interrupt path never
 *              allocates), which are then written to the caller's result
 *              buffer and the completion posted. cancel(), or Ctrl-C
 *              typed, ends it with `cancelled`.
 *   interrupt  one at a time; completes at the next Ctrl-C typed while
 *              no readLine is pending (type-ahead before that Ctrl-C is
 *              dropped, as a terminal's interrupt key does).
 * Each pending op has two references: the thread's pending list and the
 * session slot (read or intr). Whoever takes it out of the slot, under
 * the device lock, owns the slot's reference: the end of a read, the
 * ring's CANCEL and thread teardown (through the cancel hooks), and the
 * release of the session (which ends both with ERR_CANCELLED).
 *
 * Input runs from the UART's receive interrupt (term_session_input) and
 * from readLine/interrupt themselves (type-ahead already waiting). Each
 * entry edits at most TERM_PUMP_BYTES input bytes or TERM_PUMP_ECHO echo
 * bytes (a paste into the middle of a long line redraws it per byte);
 * past that, a kernel timer due at once continues from the timer
 * interrupt. A read stops taking bytes at its end, leaving the rest for
 * the next read.
 *
 * Locks: the device's terminal.lock protects the whole session; see
 * terminal.h for its place in the order. */
#include "capos/console.h"
#include "kernel/cap/cap_util.h"
#include "kernel/cap/terminal.h"
#include "kernel/dev/serial.h"
#include "kernel/ipc/ring.h"
#include "kernel/mm/aspace.h"
#include "kernel/mm/heap.h"
#include "kernel/proc/process.h"
#include "kernel/time/clock.h"

#define TERM_PUMP_BYTES 64	/* input bytes edited per entry */
#define TERM_PUMP_ECHO 4096	/* echo bytes per entry (soft: one key more) */
#define CTRL_C 0x03
#define TERM_EMPTY_RESULT_BYTES 16	/* segment table + root pointer */

_Static_assert((int)LE_ENTER == ReadLine_End_enter &&
	       (int)LE_TOO_LONG == ReadLine_End_tooLong &&
	       (int)LE_CANCELLED == ReadLine_End_cancelled,
	       "lineedit ends follow ReadLine.End");
_Static_assert((int)LE_HIDDEN == EchoMode_hidden &&
	       (int)LE_MASKED == EchoMode_masked, "echo modes follow EchoMode");

/* What ended under the lock, finished after it is dropped. */
struct ts_done {
	struct ring_pending *read;
	uint8_t *msg;
	int result;		/* framed length, or an error */
	struct ring_pending *intr;
	int intr_result;
};

static struct term_session *ts_self(void *self)
{
	return ((struct cap_call *)self)->slot->obj;
}

/* Echo what the editor produced (device lock held: echo stays in order
 * with the input that caused it). */
static void ts_echo_locked(struct term_session *s, struct le_out *o)
{
	if (o->len)
		serial_write_raw(s->dev->port, o->buf, o->len);
	o->len = 0;
}

static int ts_frame(const struct term_session *s, enum le_end end,
		    uint8_t *buf, uint32_t cap)
{
	struct capn_builder b;
	capn_build_init(&b, buf, cap);
	TerminalSession_readLine_Results_b r = { capn_b_root(
		&b, TerminalSession_readLine_Results_DATA_WORDS,
		TerminalSession_readLine_Results_PTR_COUNT) };
	ReadLine_b l = TerminalSession_readLine_Results_init_line(r);
	ReadLine_set_text(l, s->ed.text, s->ed.len);
	ReadLine_set_cursor(l, s->ed.cur);
	ReadLine_set_end(l, (ReadLine_End)end);
	size_t n = capn_build_finish(&b);
	return n ? (int)n : (b.err ? b.err : ERR_INTERNAL);
}

/* The pending read ends with `end`: frame its results and hand it over. */
static void ts_end_read_locked(struct term_session *s, enum le_end end,
			       struct ts_done *d)
{
	d->result = ts_frame(s, end, s->read_msg, s->read_msg_cap);
	d->read = s->read;
	d->msg = s->read_msg;
	s->read = 0;
	s->read_msg = 0;
}

/* Feed the read its share of input; true if input may be left over. */
static bool ts_pump_read_locked(struct term_session *s, struct ts_done *d)
{
	struct le_out o = { s->echo, 0, sizeof(s->echo), 0 };
	size_t echoed = 0;
	for (int i = 0; i < TERM_PUMP_BYTES && echoed < TERM_PUMP_ECHO; i++) {
		char c;
		if (!serial_read(s->dev->port, &c, 1))
			return false;
		enum le_end e = lineedit_feed(&s->ed, (uint8_t)c, &o);
		echoed += o.len;
		ts_echo_locked(s, &o);
		if (e != LE_MORE) {
			ts_end_read_locked(s, e, d);
			return false;
		}
	}
	return true;
}

static void ts_pump_timer(struct ktimer *k);

/* Take what input there is to whatever waits for it. */
static void ts_pump_locked(struct term_session *s, struct ts_done *d)
{
	if (!s->open)
		return;
	if (s->read) {
		if (ts_pump_read_locked(s, d) && !s->pump_armed) {
			s->pump_armed = true;
			timer_arm(&s->pump_timer, clock_monotonic_ns(),
				  ts_pump_timer);
		}
	} else if (s->intr && serial_take_through(s->dev->port, CTRL_C)) {
		d->intr = s->intr;
		d->intr_result = 0;
		s->intr = 0;
	}
}

/* interrupt() has empty results; frame them like a call that returned
 * at once would, so the caller's stub reads a well-formed message. */
static int ts_write_empty(struct ring_pending *op)
{
	uint8_t buf[TERM_EMPTY_RESULT_BYTES];
	struct capn_builder b;
	capn_build_init(&b, buf, sizeof(buf));
	capn_b_root(&b, 0, 0);
	size_t n = capn_build_finish(&b);
	if (!n)
		return b.err ? b.err : ERR_INTERNAL;
	if (aspace_write(&op->t->proc->as, op->result_addr, buf, n))
		return ERR_BAD_ADDRESS;
	return (int)n;
}

/* Write results, post completions, drop the slots' references. No lock
 * held: this takes the waiter's address-space and ring locks. */
static void ts_finish(struct ts_done *d)
{
	struct ring_pending *op = d->read;
	if (op) {
		int n = d->result;
		if (n > 0 && ((uint32_t)n > op->result_len ||
			      aspace_write(&op->t->proc->as, op->result_addr,
					   d->msg, (size_t)n)))
			n = ERR_BAD_ADDRESS;
		if (ring_pending_complete(op, n))
			ring_pending_put(op);	/* the pending list's ref */
		ring_pending_put(op);		/* the session slot's ref */
	}
	kfree(d->msg);
	if ((op = d->intr)) {
		int n = d->intr_result ? d->intr_result : ts_write_empty(op);
		if (ring_pending_complete(op, n))
			ring_pending_put(op);
		ring_pending_put(op);
	}
}

/* Context: the UART's receive interrupt (or any other, with no lock
 * held). May block: no. Races with readLine, interrupt, cancel and
 * release on other CPUs, all ordered by the device lock. */
void term_session_input(void *terminal)
{
	struct terminal *t = terminal;
	struct ts_done d = { 0 };
	spin_lock(&t->lock);
	ts_pump_locked(&t->session, &d);
	spin_unlock(&t->lock);
	ts_finish(&d);
}

/* The continuation. Context: timer interrupt, no lock held. */
static void ts_pump_timer(struct ktimer *k)
{
	struct term_session *s = (struct term_session *)((char *)k -
		offsetof(struct term_session, pump_timer));
	struct ts_done d = { 0 };
	spin_lock(&s->dev->lock);
	s->pump_armed = false;
	ts_pump_locked(s, &d);
	spin_unlock(&s->dev->lock);
	ts_finish(&d);
}

bool term_session_claim(struct terminal *t)
{
	struct term_session *s = &t->session;
	spin_lock(&t->lock);
	bool free = !s->open;
	if (free) {
		s->open = true;
		s->ed = (struct lineedit){ 0 };
	}
	spin_unlock(&t->lock);
	return free;
}

/* The table's (only) reference is gone: end what is pending and let the
 * device be opened again. */
void term_session_cap_release(void *obj)
{
	struct term_session *s = obj;
	struct ts_done d = { .result = ERR_CANCELLED,
			     .intr_result = ERR_CANCELLED };
	spin_lock(&s->dev->lock);
	s->open = false;
	d.read = s->read;
	d.msg = s->read_msg;
	d.intr = s->intr;
	s->read = s->intr = 0;
	s->read_msg = 0;
	spin_unlock(&s->dev->lock);
	ts_finish(&d);
}

/* Cancel hooks. Context: the ring's CANCEL or thread teardown, with the
 * thread's ring_lock held; they take the device lock after it. */
static void ts_read_cancel(struct ring_pending *op)
{
	struct term_session *s = op->target;
	uint8_t *msg = 0;
	spin_lock(&s->dev->lock);
	bool mine = s->read == op;
	if (mine) {
		msg = s->read_msg;
		s->read = 0;
		s->read_msg = 0;
		lineedit_abort(&s->ed);
	}
	spin_unlock(&s->dev->lock);
	kfree(msg);
	if (mine)
		ring_pending_put(op);	/* the slot's ref; the list's remains */
}

static void ts_intr_cancel(struct ring_pending *op)
{
	struct term_session *s = op->target;
	spin_lock(&s->dev->lock);
	bool mine = s->intr == op;
	if (mine)
		s->intr = 0;
	spin_unlock(&s->dev->lock);
	if (mine)
		ring_pending_put(op);
}

static int ts_write(void *self, TerminalSession_write_Params_r params,
		    TerminalSession_write_Results_b r)
{
	struct term_session *s = ts_self(self);
	struct capn_data data = TerminalSession_write_Params_get_data(params);
	if (data.len > TERM_WRITE_MAX)
		return ERR_TOO_LARGE;
	serial_write(s->dev->port, (const char *)data.ptr, data.len);
	return 0;
}

/* A new pending op of the caller on session s (two references). */
static struct ring_pending *ts_pending_new(struct cap_call *c,
					   struct term_session *s,
					   void (*cancel)(struct ring_pending *),
					   int *err)
{
	struct ring_pending *op = ring_pending_new(c->t, c->user_data,
						   LEDGER_ITEMS, err);
	if (!op)
		return 0;
	op->cancel = cancel;
	op->target = s;
	op->result_addr = c->result_addr;
	op->result_len = c->result_len;
	op->refs = 2;		/* the pending list + the session slot */
	ring_pending_add(op);
	return op;
}

/* An op that never made it into its slot: take it back. */
static void ts_pending_drop(struct ring_pending *op)
{
	if (ring_pending_withdraw(op))
		ring_pending_put(op);
	ring_pending_put(op);
}

/* Is this readLine acceptable? Checks only; changes nothing. */
static int ts_read_decode(struct cap_call *c,
			  TerminalSession_readLine_Params_r p)
{
	struct capn_text init = TerminalSession_readLine_Params_get_initial(p);
	uint32_t max = TerminalSession_readLine_Params_get_maxBytes(p);
	/* Is the line bounded by what the kernel keeps? */
	if (max > TERM_LINE_MAX)
		return ERR_TOO_LARGE;
	/* Does the initial text fit in the line? */
	if (init.len > max)
		return ERR_TOO_LARGE;
	/* Is it text, not terminal control? */
	for (uint32_t i = 0; i < init.len; i++)
		if ((uint8_t)init.str[i] < 0x20 || init.str[i] == 0x7f)
			return ERR_INVALID;
	/* Is the echo mode one the schema knows? */
	if (TerminalSession_readLine_Params_get_echo(p) >= EchoMode_COUNT)
		return ERR_INVALID;
	/* Can the caller's buffer take the longest result? */
	if (c->result_len < TERM_RESULT_BYTES(max))
		return ERR_BUFFER_TOO_SMALL;
	return 0;
}

/* Begin the edit (device lock held): draw the initial text, then take
 * any type-ahead. */
static void ts_read_start_locked(struct term_session *s,
				 TerminalSession_readLine_Params_r p,
				 struct ts_done *d)
{
	struct capn_text init = TerminalSession_readLine_Params_get_initial(p);
	struct le_out o = { s->echo, 0, sizeof(s->echo), 0 };
	lineedit_start(&s->ed, s->line,
		       TerminalSession_readLine_Params_get_maxBytes(p),
		       init.str, init.len,
		       TerminalSession_readLine_Params_get_cursor(p),
		       (enum le_echo)TerminalSession_readLine_Params_get_echo(p),
		       &o);
	ts_echo_locked(s, &o);
	ts_pump_locked(s, d);
}

static int ts_read_line(void *self, TerminalSession_readLine_Params_r p,
			TerminalSession_readLine_Results_b r)
{
	struct cap_call *c = self;
	struct term_session *s = ts_self(self);
	int err = ts_read_decode(c, p);
	if (err)
		return err;
	uint32_t cap = TERM_RESULT_BYTES(TerminalSession_readLine_Params_get_maxBytes(p));
	uint8_t *msg = kmalloc(cap);
	struct ring_pending *op = msg ? ts_pending_new(c, s, ts_read_cancel, &err)
				      : 0;
	if (!op) {
		kfree(msg);
		return msg ? err : ERR_NO_MEMORY;
	}
	struct ts_done d = { 0 };
	spin_lock(&s->dev->lock);
	bool busy = s->read || !s->open;
	if (!busy) {
		s->read = op;
		s->read_msg = msg;
		s->read_msg_cap = cap;
		ts_read_start_locked(s, p, &d);
	}
	spin_unlock(&s->dev->lock);
	ts_finish(&d);
	if (!busy)
		return CAP_PENDING;
	kfree(msg);
	ts_pending_drop(op);
	return ERR_BUSY;
}

static int ts_cancel(void *self, TerminalSession_cancel_Params_r p,
		     TerminalSession_cancel_Results_b r)
{
	struct term_session *s = ts_self(self);
	struct ts_done d = { 0 };
	spin_lock(&s->dev->lock);
	if (s->read) {
		lineedit_abort(&s->ed);
		ts_end_read_locked(s, LE_CANCELLED, &d);
	}
	spin_unlock(&s->dev->lock);
	ts_finish(&d);
	return 0;
}

static int ts_window_size(void *self, TerminalSession_windowSize_Params_r p,
			  TerminalSession_windowSize_Results_b r)
{
	TerminalSession_windowSize_Results_set_columns(r, TERM_COLUMNS);
	TerminalSession_windowSize_Results_set_rows(r, TERM_ROWS);
	return 0;
}

static int ts_interrupt(void *self, TerminalSession_interrupt_Params_r p,
			TerminalSession_interrupt_Results_b r)
{
	struct cap_call *c = self;
	struct term_session *s = ts_self(self);
	int err;
	/* the (empty) results are framed when the call returns pending */
	if (c->result_len < TERM_EMPTY_RESULT_BYTES)
		return ERR_BUFFER_TOO_SMALL;
	struct ring_pending *op = ts_pending_new(c, s, ts_intr_cancel, &err);
	if (!op)
		return err;
	struct ts_done d = { 0 };
	spin_lock(&s->dev->lock);
	bool busy = s->intr || !s->open;
	if (!busy) {
		s->intr = op;
		ts_pump_locked(s, &d);	/* a Ctrl-C may be waiting */
	}
	spin_unlock(&s->dev->lock);
	ts_finish(&d);
	if (!busy)
		return CAP_PENDING;
	ts_pending_drop(op);
	return ERR_BUSY;
}

static const struct TerminalSession_server ts_server = {
	.write = ts_write,
	.readLine = ts_read_line,
	.cancel = ts_cancel,
	.windowSize = ts_window_size,
	.interrupt = ts_interrupt,
};

int term_session_invoke(struct cap_call *c)
{
	return CAP_DISPATCH(TerminalSession, &ts_server, c);
}
