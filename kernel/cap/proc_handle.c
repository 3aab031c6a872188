/* ProcessHandle: the spawner's view of a child: wait for its exit status
 * (once), kill it, ask its pid and name. Not transferable. The handle
 * holds a reference on the process, so the status outlives the process.
 *
 * A wait on a running child is a pending operation of the waiting thread,
 * queued on the child; when the child has fully ended the status is
 * written into the waiter's result buffer through its frames and the
 * completion posted. A waiter that dies first cancels its wait. */
#include "capos/process.h"
#include "kernel/cap/cap_util.h"
#include "kernel/ipc/ring.h"
#include "kernel/mm/aspace.h"
#include "kernel/proc/process.h"

#define STATUS_MSG_MAX 128

static struct process *ph_self(void *self)
{
	return ((struct cap_call *)self)->slot->obj;
}

static void ph_fill_status(const struct process *p, ExitStatus_b st)
{
	switch (p->end) {
	case PROC_END_EXIT:
		ExitStatus_set_exited(st, p->exit_code);
		break;
	case PROC_END_KILLED:
		ExitStatus_set_killed(st);
		break;
	case PROC_END_FAULT: {
		Fault_b f = ExitStatus_init_faulted(st);
		Fault_set_vector(f, p->fault.vector);
		Fault_set_address(f, p->fault.addr);
		Fault_set_errorCode(f, p->fault.error);
		Fault_set_ip(f, p->fault.ip);
		break;
	}
	}
}

/* Frame the wait results for p into buf; returns the length or error. */
static int ph_status_message(const struct process *p, uint8_t *buf, size_t cap)
{
	struct capn_builder b;
	capn_build_init(&b, buf, cap);
	ProcessHandle_wait_Results_b r = { capn_b_root(
		&b, ProcessHandle_wait_Results_DATA_WORDS,
		ProcessHandle_wait_Results_PTR_COUNT) };
	ph_fill_status(p, ProcessHandle_wait_Results_init_status(r));
	size_t n = capn_build_finish(&b);
	return n ? (int)n : (b.err ? b.err : ERR_INTERNAL);
}

static void ph_wait_cancel(struct ring_pending *op)
{
	struct process *p = op->target;
	spin_lock(&p->lock);
	for (struct ring_pending **pp = &p->waiters; *pp; pp = &(*pp)->wait_next)
		if (*pp == op) {
			*pp = op->wait_next;
			ring_pending_put(op);	/* the waiters list's reference */
			break;
		}
	spin_unlock(&p->lock);
}

/* The decision (already ended? already waited?) and the queueing happen
 * under one hold of the child's lock, the lock under which the child's
 * end is recorded and its waiters taken: no end can slip between. */
static int ph_wait(void *self, ProcessHandle_wait_Params_r params,
		   ProcessHandle_wait_Results_b r)
{
	struct cap_call *c = self;
	struct process *p = ph_self(self);
	int err;
	struct ring_pending *op = ring_pending_new(c->t, c->user_data,
						   LEDGER_ITEMS, &err);
	if (!op)
		return err;
	op->cancel = ph_wait_cancel;
	op->target = p;
	op->result_addr = c->result_addr;
	op->result_len = c->result_len;
	op->refs = 2;		/* the thread's pending list + p's waiters */
	ring_pending_add(op);
	spin_lock(&p->lock);
	bool ended = p->state == PROC_DEAD, waited = p->waited;
	p->waited = true;
	if (!ended && !waited) {
		op->wait_next = p->waiters;
		p->waiters = op;
	}
	spin_unlock(&p->lock);
	if (!ended && !waited)
		return CAP_PENDING;
	if (ring_pending_withdraw(op))
		ring_pending_put(op);
	ring_pending_put(op);
	if (waited)
		return ERR_ALREADY_WAITED;
	ph_fill_status(p, ProcessHandle_wait_Results_init_status(r));
	return 0;
}

static void ph_complete_waiter(struct process *p, struct ring_pending *op)
{
	uint8_t msg[STATUS_MSG_MAX];
	int n = ph_status_message(p, msg, sizeof(msg));
	if (n > 0 && (uint32_t)n > op->result_len)
		n = ERR_BUFFER_TOO_SMALL;
	if (n > 0 && aspace_write(&op->t->proc->as, op->result_addr, msg, (size_t)n))
		n = ERR_BAD_ADDRESS;
	if (ring_pending_complete(op, n))
		ring_pending_put(op);	/* the thread's pending list reference */
	ring_pending_put(op);		/* the waiters list's reference */
}

void proc_handle_notify_end(struct process *p)
{
	spin_lock(&p->lock);
	struct ring_pending *op = p->waiters;
	p->waiters = 0;
	spin_unlock(&p->lock);
	while (op) {
		struct ring_pending *next = op->wait_next;
		ph_complete_waiter(p, op);
		op = next;
	}
}

static int ph_kill(void *self, ProcessHandle_kill_Params_r params,
		   ProcessHandle_kill_Results_b r)
{
	struct process *p = ph_self(self);
	if (p->state == PROC_DEAD || p->state == PROC_EXITING)
		return ERR_EXITED;
	process_kill(p);
	return 0;
}

static int ph_info(void *self, ProcessHandle_info_Params_r params,
		   ProcessHandle_info_Results_b r)
{
	struct process *p = ph_self(self);
	ProcessHandle_info_Results_set_pid(r, (uint32_t)p->pid);
	return ProcessHandle_info_Results_set_name(r, p->name, strlen(p->name));
}

static const struct ProcessHandle_server ph_server = {
	.wait = ph_wait, .kill = ph_kill, .info = ph_info,
};

int proc_handle_invoke(struct cap_call *c)
{
	return CAP_DISPATCH(ProcessHandle, &ph_server, c);
}

void proc_handle_cap_release(void *obj)
{
	process_put(obj);
}
