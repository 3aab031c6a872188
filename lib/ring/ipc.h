/* What a server's RECV delivers into its result buffer: a fixed header,
 * the call's framed parameters, then one struct ring_cap_record per
 * capability that rode on the call (already in the server's table;
 * capability pointer i in the parameters refers to record i).
 *
 *   0                 struct ipc_msg_header (64 bytes)
 *   64                params (params_len bytes)
 *   64 + align8(len)  ncaps x struct ring_cap_record
 *
 * The session fields describe the caller's session, never who the caller
 * is: an opaque reference that is the same for one session calling this
 * endpoint and unrelated elsewhere (lib/ident/session_ref.h), the
 * session's epoch, and IPC_SESSION_LIVE while it is live. */
#ifndef CAPOS_LIB_RING_IPC_H
#define CAPOS_LIB_RING_IPC_H
#include <stddef.h>
#include <stdint.h>
#include "lib/ring/ring.h"

#define IPC_MSG_MAGIC 0x4d435049u	/* "IPCM" */
#define IPC_SESSION_LIVE 0x1u

struct ipc_msg_header {
	uint32_t magic;
	uint32_t call_id;	/* name it in RETURN */
	uint64_t interface_id;	/* the client facet's interface */
	uint16_t method;
	uint16_t flags;
	uint32_t params_len;
	uint32_t ncaps;
	uint32_t caps_off;	/* byte offset of the cap records */
	uint64_t session_ref[2];	/* caller-session reference */
	uint32_t session_epoch;
	uint32_t session_flags;	/* IPC_SESSION_LIVE */
	uint64_t reserved;
};

_Static_assert(sizeof(struct ipc_msg_header) == 64, "IPC header is 64 bytes");
_Static_assert(offsetof(struct ipc_msg_header, session_ref) == 32, "session");

static inline uint32_t ipc_caps_offset(uint32_t params_len)
{
	return (uint32_t)sizeof(struct ipc_msg_header) + ((params_len + 7u) & ~7u);
}

#endif
