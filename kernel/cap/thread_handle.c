/* ThreadHandle: join a thread once (at once if it has exited), read its
 * tid. Releasing the handle detaches the thread. Not transferable: the
 * handle only makes sense inside its own process. */
#include "capos/thread.h"
#include "kernel/cap/cap_util.h"
#include "kernel/ipc/ring.h"
#include "kernel/mm/aspace.h"
#include "kernel/proc/process.h"

static struct thread_rec *th_self(void *self)
{
	return ((struct cap_call *)self)->slot->obj;
}

static void th_join_cancel(struct ring_pending *op)
{
	struct thread_rec *rec = op->target;
	struct process *p = op->t->proc;
	spin_lock(&p->lock);
	bool mine = rec->joiner == op;
	if (mine)
		rec->joiner = 0, rec->joined = false;
	spin_unlock(&p->lock);
	if (mine)
		ring_pending_put(op);
}

void thread_join_deliver(struct ring_pending *op, int64_t code)
{
	uint8_t msg[64];
	struct capn_builder b;
	capn_build_init(&b, msg, sizeof(msg));
	ThreadHandle_join_Results_b r = { capn_b_root(&b,
		ThreadHandle_join_Results_DATA_WORDS, ThreadHandle_join_Results_PTR_COUNT) };
	ThreadHandle_join_Results_set_exitCode(r, code);
	int n = (int)capn_build_finish(&b);
	if ((uint32_t)n > op->result_len)
		n = ERR_BUFFER_TOO_SMALL;
	else if (aspace_write(&op->t->proc->as, op->result_addr, msg, (size_t)n))
		n = ERR_BAD_ADDRESS;
	if (ring_pending_complete(op, n))
		ring_pending_put(op);
}

static int th_join(void *self, ThreadHandle_join_Params_r p,
		   ThreadHandle_join_Results_b r)
{
	struct cap_call *c = self;
	struct thread_rec *rec = th_self(self);
	struct process *proc = c->t->proc;
	if (rec->tid == c->t->tid)
		return ERR_INVALID;	/* joining oneself never returns */
	int err;
	struct ring_pending *op = ring_pending_new(c->t, c->user_data,
						   LEDGER_ITEMS, &err);
	if (!op)
		return err;
	op->result_addr = c->result_addr;
	op->result_len = c->result_len;
	op->cancel = th_join_cancel;
	op->target = rec;
	op->refs = 2;		/* the pending list + the record */
	ring_pending_add(op);	/* before the record can see it */
	spin_lock(&proc->lock);
	int res = rec->joined ? ERR_ALREADY_WAITED : rec->exited ? 1 : 0;
	rec->joined = true;
	if (!res)
		rec->joiner = op;
	spin_unlock(&proc->lock);
	if (!res)
		return CAP_PENDING;
	if (ring_pending_withdraw(op))
		ring_pending_put(op);
	ring_pending_put(op);
	if (res < 0)
		return res;
	ThreadHandle_join_Results_set_exitCode(r, rec->code);
	return 0;
}

static int th_tid(void *self, ThreadHandle_tid_Params_r p,
		  ThreadHandle_tid_Results_b r)
{
	ThreadHandle_tid_Results_set_tid(r, (uint32_t)th_self(self)->tid);
	return 0;
}

static const struct ThreadHandle_server th_server = {
	.join = th_join, .tid = th_tid,
};

int thread_handle_invoke(struct cap_call *c)
{
	return CAP_DISPATCH(ThreadHandle, &th_server, c);
}

void thread_handle_cap_release(void *obj)
{
	thread_rec_put(obj);
}
