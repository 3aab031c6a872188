/* Threads for programs on the minimal runtime: a stack from
 * VirtualMemory (with a no-access guard page below it), a ThreadSpawner
 * call, and the thread's own ring client. */
#include "capos/memory.h"
#include "capos/thread.h"
#include "user/rt/rt.h"
#include "user/rt/thread.h"

#define RT_STACK_BYTES (64 * 1024)
#define RT_GUARD_BYTES 4096

struct rt_thread rt_main_thread;
bool rt_fs_owned;
struct rt_thread *(*rt_self_hook)(void);

void rt_thread_entry(void);
_Noreturn void rt_thread_main(struct rt_thread *t, struct ring_page *ring);

/* Called by rt_start: own the FS base so every thread finds its client. */
void rt_threads_init(void)
{
	rt_main_thread.self = &rt_main_thread;
	rt_main_thread.ring = rt_ring;
	rt_main_thread.next_user_data = 1;
	cap_handle_t tc = rt_cap_find("thread", ThreadControl_IFACE_ID);
	if (tc == CAP_HANDLE_NONE)
		return;
	uint8_t p[64], r[64];
	struct capn_call c;
	ThreadControl_setFsBase_prepare(&c, p, sizeof(p), (uint64_t)&rt_main_thread);
	capn_call_set_results(&c, r, sizeof(r));
	if (rt_call(tc, &c) >= 0)
		rt_fs_owned = true;
}

_Noreturn void rt_thread_main(struct rt_thread *t, struct ring_page *ring)
{
	t->self = t;
	t->ring = ring;
	t->next_user_data = 1;
	t->fn(t->arg);
	rt_thread_exit(0);
}

static int32_t rt_stack_map(struct rt_thread *t)
{
	cap_handle_t vm = rt_cap_find("vm", VirtualMemory_IFACE_ID);
	uint8_t p[128], r[128];
	struct capn_call c;
	VirtualMemory_map_prepare(&c, p, sizeof(p), 0, RT_STACK_BYTES + RT_GUARD_BYTES,
				  VirtualMemory_protRead | VirtualMemory_protWrite);
	capn_call_set_results(&c, r, sizeof(r));
	int32_t st = rt_call(vm, &c);
	struct capn_msg m;
	VirtualMemory_map_Results_r res;
	if (VirtualMemory_map_results(&m, &c, st, &res))
		return st < 0 ? st : ERR_INTERNAL;
	t->stack = VirtualMemory_map_Results_get_addr(res);
	VirtualMemory_protect_prepare(&c, p, sizeof(p), t->stack, RT_GUARD_BYTES, 0);
	capn_call_set_results(&c, r, sizeof(r));
	st = rt_call(vm, &c);
	return st < 0 ? st : 0;
}

int32_t rt_thread_start(struct rt_thread *t, void (*fn)(void *), void *arg)
{
	*t = (struct rt_thread){ .fn = fn, .arg = arg };
	int32_t st = rt_stack_map(t);
	if (st)
		return st;
	static uint8_t p[128], r[256];
	struct capn_call c;
	uint64_t top = t->stack + RT_GUARD_BYTES + RT_STACK_BYTES;
	ThreadSpawner_spawn_prepare(&c, p, sizeof(p), (uint64_t)rt_thread_entry,
				    (uint64_t)t, top, (uint64_t)t, 0);
	capn_call_set_results(&c, r, sizeof(r));
	struct ring_cqe cqe;
	st = rt_call_xfer(rt_cap_find("threads", ThreadSpawner_IFACE_ID), &c, 0, 0, &cqe);
	struct capn_msg m;
	ThreadSpawner_spawn_Results_r res;
	if (ThreadSpawner_spawn_results(&m, &c, st, &res))
		return st < 0 ? st : ERR_INTERNAL;
	t->handle = rt_result_cap(&c, &cqe, 0, ThreadHandle_IFACE_ID);
	t->tid = (int32_t)ThreadSpawner_spawn_Results_get_tid(res);
	return 0;
}

int64_t rt_thread_join(struct rt_thread *t)
{
	uint8_t p[64], r[64];
	struct capn_call c;
	ThreadHandle_join_prepare(&c, p, sizeof(p));
	capn_call_set_results(&c, r, sizeof(r));
	int32_t st = rt_call(t->handle, &c);
	struct capn_msg m;
	ThreadHandle_join_Results_r res;
	int64_t code = ThreadHandle_join_results(&m, &c, st, &res) ? (st < 0 ? st : ERR_INTERNAL)
		       : ThreadHandle_join_Results_get_exitCode(res);
	rt_release(t->handle);
	VirtualMemory_unmap_prepare(&c, p, sizeof(p), t->stack,
				    RT_STACK_BYTES + RT_GUARD_BYTES);
	capn_call_set_results(&c, r, sizeof(r));
	rt_call(rt_cap_find("vm", VirtualMemory_IFACE_ID), &c);
	return code;
}

_Noreturn void rt_thread_exit(int64_t code)
{
	rt_flush();
	uint8_t p[64], r[64];
	struct capn_call c;
	ThreadControl_exitThread_prepare(&c, p, sizeof(p), code);
	capn_call_set_results(&c, r, sizeof(r));
	rt_call(rt_cap_find("thread", ThreadControl_IFACE_ID), &c);
	rt_exit(code);	/* no ThreadControl: the whole process ends */
}
