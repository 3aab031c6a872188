/* The single dispatch switch over kernel capability types, and the
 * helpers every type shares. */
#include "capos/boot.h"
#include "capos/console.h"
#include "capos/diag.h"
#include "capos/entropy.h"
#include "capos/ipc.h"
#include "capos/err.h"
#include "capos/identity.h"
#include "capos/memory.h"
#include "capos/process.h"
#include "capos/thread.h"
#include "capos/time.h"
#include "kernel/cap/cap.h"
#include "kernel/cap/memobj.h"
#include "kernel/ipc/endpoint.h"
#include "kernel/proc/process.h"
#include "kernel/proc/session.h"

/* Singletons and per-process views hold no reference; objects do. */
void cap_release(enum cap_type type, void *obj)
{
	switch (type) {
	case CAP_MEMOBJ: memobj_cap_release(obj); break;
	case CAP_BLOB: blob_cap_release(obj); break;
	case CAP_PROC_HANDLE: proc_handle_cap_release(obj); break;
	case CAP_ENDPOINT: endpoint_put(obj, true); break;
	case CAP_EP_CLIENT: endpoint_put(obj, false); break;
	case CAP_THREAD_HANDLE: thread_handle_cap_release(obj); break;
	case CAP_TERM_SESSION: term_session_cap_release(obj); break;
	case CAP_USER_SESSION: session_put(obj); break;
	case CAP_SESSION_AUTH:
	case CAP_TERMINAL:
	case CAP_THREAD_SPAWNER:
	case CAP_PARKSPACE:
	case CAP_EP_FACTORY:
	case CAP_CONSOLE:
	case CAP_TIMER:
	case CAP_VMEM:
	case CAP_FRAME_ALLOC:
	case CAP_BOOTPKG:
	case CAP_SPAWNER:
	case CAP_ENTROPY:
	case CAP_THREAD_CTL:
	case CAP_DIAG:
	case CAP_NONE:
	case CAP_TYPE_COUNT:
		break;
	}
}

/* The types whose capability holds an object (cap_release frees
 * something); every other type is a singleton or a per-process view. */
const bool cap_type_has_object[CAP_TYPE_COUNT] = {
	[CAP_MEMOBJ] = true, [CAP_BLOB] = true, [CAP_PROC_HANDLE] = true,
	[CAP_ENDPOINT] = true, [CAP_EP_CLIENT] = true,
	[CAP_THREAD_HANDLE] = true, [CAP_TERM_SESSION] = true,
	[CAP_USER_SESSION] = true,
};

/* Timer: reading the clock, or arming one ktimer for a sleep. Console
 * is not brief (a write may be a few hundred bytes to the UART), nor is
 * anything that allocates pages, copies large buffers or wakes others. */
const bool cap_type_brief[CAP_TYPE_COUNT] = {
	[CAP_TIMER] = true,
};

int cap_ref(void *ctx, uint32_t type, void *obj)
{
	switch ((enum cap_type)type) {
	case CAP_MEMOBJ: memobj_get(obj); return 0;
	case CAP_ENDPOINT: endpoint_get(obj, true); return 0;
	case CAP_EP_CLIENT: endpoint_get(obj, false); return 0;
	case CAP_USER_SESSION: session_get(obj); return 0;
	case CAP_PROC_HANDLE:
	case CAP_THREAD_HANDLE:
	case CAP_TERM_SESSION:	/* move-only: never a second reference */
		return ERR_NOT_TRANSFERABLE;
	case CAP_TERMINAL:
	case CAP_THREAD_SPAWNER:
	case CAP_PARKSPACE:
	case CAP_EP_FACTORY:
	case CAP_CONSOLE:
	case CAP_TIMER:
	case CAP_VMEM:
	case CAP_FRAME_ALLOC:
	case CAP_BLOB:
	case CAP_BOOTPKG:
	case CAP_SPAWNER:
	case CAP_ENTROPY:
	case CAP_THREAD_CTL:
	case CAP_DIAG:
	case CAP_SESSION_AUTH:
		return 0;
	case CAP_NONE:
	case CAP_TYPE_COUNT:
		break;
	}
	return ERR_INTERNAL;
}

void cap_unref(void *ctx, uint32_t type, void *obj)
{
	cap_release((enum cap_type)type, obj);
}

uint64_t cap_type_interface(enum cap_type type)
{
	switch (type) {
	case CAP_CONSOLE: return Console_IFACE_ID;
	case CAP_TIMER: return Timer_IFACE_ID;
	case CAP_VMEM: return VirtualMemory_IFACE_ID;
	case CAP_FRAME_ALLOC: return FrameAllocator_IFACE_ID;
	case CAP_MEMOBJ: return MemoryObject_IFACE_ID;
	case CAP_BOOTPKG: return BootPackage_IFACE_ID;
	case CAP_BLOB: return Blob_IFACE_ID;
	case CAP_SPAWNER: return ProcessSpawner_IFACE_ID;
	case CAP_PROC_HANDLE: return ProcessHandle_IFACE_ID;
	case CAP_ENTROPY: return EntropySource_IFACE_ID;
	case CAP_THREAD_CTL: return ThreadControl_IFACE_ID;
	case CAP_DIAG: return KernelDiag_IFACE_ID;
	case CAP_ENDPOINT: return Endpoint_IFACE_ID;
	case CAP_EP_CLIENT: return ClientEndpoint_IFACE_ID;
	case CAP_THREAD_SPAWNER: return ThreadSpawner_IFACE_ID;
	case CAP_THREAD_HANDLE: return ThreadHandle_IFACE_ID;
	case CAP_PARKSPACE: return ParkSpace_IFACE_ID;
	case CAP_EP_FACTORY: return EndpointFactory_IFACE_ID;
	case CAP_TERMINAL: return Terminal_IFACE_ID;
	case CAP_TERM_SESSION: return TerminalSession_IFACE_ID;
	case CAP_SESSION_AUTH: return SessionAuthority_IFACE_ID;
	case CAP_USER_SESSION: return UserSession_IFACE_ID;
	case CAP_NONE:
	case CAP_TYPE_COUNT:
		break;
	}
	return 0;
}

const char *cap_type_name(enum cap_type type)
{
	static const char *const names[CAP_TYPE_COUNT] = {
		"none", "Console", "Timer", "VirtualMemory", "FrameAllocator",
		"MemoryObject", "BootPackage", "Blob", "ProcessSpawner",
		"ProcessHandle", "EntropySource", "ThreadControl", "KernelDiag",
		"Endpoint", "ClientEndpoint", "ThreadSpawner", "ThreadHandle",
		"ParkSpace", "EndpointFactory", "Terminal", "TerminalSession",
		"SessionAuthority", "UserSession",
	};
	return type < CAP_TYPE_COUNT ? names[type] : "?";
}

int cap_call_return_cap(struct cap_call *c, enum cap_type type,
			uint64_t iface, void *obj, uint16_t flags,
			uint32_t *index)
{
	if (c->nresult_caps >= CAP_RESULT_CAPS_MAX)
		return ERR_TOO_LARGE;
	cap_handle_t h;
	int err = process_insert_cap(c->t->proc, type, iface, obj, flags, &h);
	if (err)
		return err;
	*index = c->nresult_caps;
	c->result_caps[c->nresult_caps++] =
		(struct ring_cap_record){ .handle = h, .interface_id = iface };
	return 0;
}

void cap_call_drop_result_caps(struct cap_call *c)
{
	for (uint32_t i = 0; i < c->nresult_caps; i++)
		process_drop_cap(c->t->proc, c->result_caps[i].handle);
	c->nresult_caps = 0;
}
