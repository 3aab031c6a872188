/* The one dispatch switch: a capability call goes to its object type's
 * invoke function. Inline in the ring (its only caller), because under
 * TCG every function return is a translated-block lookup. */
#ifndef CAPOS_CAP_INVOKE_H
#define CAPOS_CAP_INVOKE_H
#include "capos/err.h"
#include "kernel/cap/cap.h"
#include "lib/cap/captable.h"

static inline int cap_invoke(struct cap_call *c)
{
	enum cap_type type = (enum cap_type)c->slot->type;
	switch (type) {
	case CAP_CONSOLE: return console_invoke(c);
	case CAP_TIMER: return timer_invoke(c);
	case CAP_VMEM: return vmem_invoke(c);
	case CAP_FRAME_ALLOC: return frame_alloc_invoke(c);
	case CAP_MEMOBJ: return memobj_invoke(c);
	case CAP_BOOTPKG: return bootpkg_invoke(c);
	case CAP_BLOB: return blob_invoke(c);
	case CAP_SPAWNER: return spawner_invoke(c);
	case CAP_PROC_HANDLE: return proc_handle_invoke(c);
	case CAP_ENTROPY: return entropy_invoke(c);
	case CAP_THREAD_CTL: return thread_ctl_invoke(c);
	case CAP_DIAG: return diag_invoke(c);
	case CAP_ENDPOINT: return endpoint_invoke(c);
	case CAP_THREAD_SPAWNER: return thread_spawner_invoke(c);
	case CAP_THREAD_HANDLE: return thread_handle_invoke(c);
	case CAP_PARKSPACE: return parkspace_invoke(c);
	case CAP_EP_FACTORY: return ep_factory_invoke(c);
	case CAP_TERMINAL: return terminal_invoke(c);
	case CAP_TERM_SESSION: return term_session_invoke(c);
	case CAP_SESSION_AUTH: return session_auth_invoke(c);
	case CAP_USER_SESSION: return user_session_invoke(c);
	case CAP_EP_CLIENT:	/* forwarded to the server by the ring layer */
	case CAP_NONE:
	case CAP_TYPE_COUNT:
		break;
	}
	return ERR_INTERNAL;
}

#endif
