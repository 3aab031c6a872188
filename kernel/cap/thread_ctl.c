/* ThreadControl: the calling thread's own state. The FS base is the user
 * thread pointer (musl's TLS); it is saved per thread and loaded on every
 * switch to that thread. */
#include "capos/thread.h"
#include "kernel/arch/arch.h"
#include "kernel/cap/cap_util.h"
#include "kernel/proc/process.h"
#include "lib/ring/abi.h"

static struct thread *tc_thread(void *self)
{
	return ((struct cap_call *)self)->t;
}

static int tc_get_fs(void *self, ThreadControl_getFsBase_Params_r p,
		     ThreadControl_getFsBase_Results_b r)
{
	ThreadControl_getFsBase_Results_set_base(r, tc_thread(self)->fs_base);
	return 0;
}

static int tc_set_fs(void *self, ThreadControl_setFsBase_Params_r p,
		     ThreadControl_setFsBase_Results_b r)
{
	uint64_t base = ThreadControl_setFsBase_Params_get_base(p);
	if (base >= USER_TOP)
		return ERR_BAD_ADDRESS;	/* user addresses only: canonical */
	tc_thread(self)->fs_base = base;
	arch_set_fs_base(base);
	return 0;
}

static int tc_exit(void *self, ThreadControl_exitThread_Params_r p,
		   ThreadControl_exitThread_Results_b r)
{
	/* the last thread's exit ends the process */
	thread_exit_self(ThreadControl_exitThread_Params_get_code(p));
}

static int tc_tid(void *self, ThreadControl_tid_Params_r p,
		  ThreadControl_tid_Results_b r)
{
	ThreadControl_tid_Results_set_tid(r, (uint32_t)tc_thread(self)->tid);
	return 0;
}

static const struct ThreadControl_server tc_server = {
	.getFsBase = tc_get_fs, .setFsBase = tc_set_fs, .exitThread = tc_exit,
	.tid = tc_tid,
};

int thread_ctl_invoke(struct cap_call *c)
{
	return CAP_DISPATCH(ThreadControl, &tc_server, c);
}
