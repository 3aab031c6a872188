#include "user/rt/rt.h"
#include "user/rt/thread.h"

struct ring_page *rt_ring;
const struct capset_page *rt_capset;

_Noreturn void rt_start(struct ring_page *ring, const struct capset_page *cs);
_Noreturn void rt_start(struct ring_page *ring, const struct capset_page *cs)
{
	rt_ring = ring;
	rt_capset = cs;
	rt_threads_init();
	int code = main();
	rt_flush();
	rt_exit(code);
}

uint64_t rt_cap_enter(uint32_t min_complete, uint64_t timeout_ns)
{
	return rt_cap_enter_inline(min_complete, timeout_ns);
}

_Noreturn void rt_exit(int64_t code)
{
	__asm__ volatile("syscall" : : "a"((uint64_t)SYS_EXIT), "D"(code)
			 : "rcx", "r11", "memory");
	__builtin_unreachable();
}

cap_handle_t rt_cap_find(const char *name, uint64_t iface)
{
	if (!rt_capset || rt_capset->magic != CAPSET_MAGIC)
		return CAP_HANDLE_NONE;
	for (uint32_t i = 0; i < rt_capset->count && i < CAPSET_MAX; i++) {
		const struct capset_entry *e = &rt_capset->entries[i];
		if (e->interface_id == iface &&
		    !__builtin_strncmp(e->name, name, CAPSET_NAME_MAX))
			return e->handle;
	}
	return CAP_HANDLE_NONE;
}

static uint8_t rt_arena[256 * 1024] __attribute__((aligned(16)));
static size_t rt_arena_used;

void *rt_alloc(size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (n > sizeof(rt_arena) - rt_arena_used)
		return 0;
	void *p = rt_arena + rt_arena_used;
	rt_arena_used += n;
	return p;
}
