/* ThreadSpawner: new threads in the caller's own process. The new thread
 * starts at `entry` with rdi = arg, rsi = its own ring page, rsp =
 * stackTop and the given FS base. Entry, stack and FS base must be user
 * addresses; the stack itself is the caller's memory to provide. */
#include "capos/thread.h"
#include "kernel/cap/cap_util.h"
#include "kernel/proc/process.h"
#include "kernel/proc/sched.h"
#include "lib/ring/abi.h"

static int ts_spawn(void *self, ThreadSpawner_spawn_Params_r p,
		    ThreadSpawner_spawn_Results_b r)
{
	struct cap_call *c = self;
	uint64_t entry = ThreadSpawner_spawn_Params_get_entry(p);
	uint64_t stack = ThreadSpawner_spawn_Params_get_stackTop(p);
	uint64_t fs = ThreadSpawner_spawn_Params_get_fsBase(p);
	uint64_t ctid = ThreadSpawner_spawn_Params_get_clearTid(p);
	if (entry >= USER_TOP || stack >= USER_TOP || fs >= USER_TOP ||
	    entry < USER_SPACE_LO || (stack & 15) || (ctid & 3) ||
	    ctid >= USER_TOP - 4)
		return ERR_BAD_ADDRESS;
	err_t err;
	struct thread *t = process_add_thread(c->t->proc, entry,
					      ThreadSpawner_spawn_Params_get_arg(p),
					      stack, fs, &err);
	if (!t)
		return err;
	t->clear_tid = ctid;
	uint32_t idx;
	__atomic_fetch_add(&t->rec->refs, 1, __ATOMIC_RELAXED);
	err = cap_call_return_cap(c, CAP_THREAD_HANDLE, ThreadHandle_IFACE_ID,
				  t->rec, CAP_SLOT_NO_TRANSFER, &idx);
	if (err)
		thread_rec_put(t->rec);	/* the thread runs detached */
	else
		ThreadSpawner_spawn_Results_set_thread(r, idx);
	ThreadSpawner_spawn_Results_set_tid(r, (uint32_t)t->tid);
	ThreadSpawner_spawn_Results_set_ring(r, t->ring_uva);
	sched_enqueue(t);
	return 0;
}

static const struct ThreadSpawner_server ts_server = { .spawn = ts_spawn };

int thread_spawner_invoke(struct cap_call *c)
{
	return CAP_DISPATCH(ThreadSpawner, &ts_server, c);
}
