/* chat-server: the Chat service (schema/chat.capnp) over lib/chat/room.
 *
 * One thread, one event loop. It serves every Endpoint in its CapSet:
 * the export "chat" (the broker hands copies of its client facet out in
 * operator bundles) and one export per resident actor (chat-bot, the
 * adventure NPCs). Every call's member is the caller-session reference
 * in its IPC header; the kernel derives it per endpoint, so actors that
 * all live in the boot session are still one member each, through their
 * own door, while people are one member per session through "chat". A
 * wait with nothing to hear stays pending: the server keeps its call id
 * (and endpoint) and answers it when a line it can hear is logged (or
 * ends it empty to make room, see schema Chat.wait). */
#ifndef CAPOS_CHAT_SERVER_H
#define CAPOS_CHAT_SERVER_H
#include "capos/chat.h"
#include "lib/chat/room.h"
#include "user/rt/evloop.h"
#include "user/rt/ipc.h"

#define CHAT_WAITERS 64
#define CHAT_DOORS 8		/* endpoints served */
#define CHAT_PENDING 1		/* a handler's status: answered later */
#define CHAT_WHY 160

struct chat_waiter {
	bool used;
	cap_handle_t ep;	/* where the call came in */
	uint32_t call_id;
	struct chat_ref who;
	uint64_t after;
	uint64_t born;		/* order of arrival, for eviction */
};

/* One call being handled. */
struct chat_call {
	const struct rt_incoming *in;
	cap_handle_t ep;
	struct chat_ref who;
	char why[CHAT_WHY];	/* the refusal's message */
};

struct chat_door {
	cap_handle_t ep;
	uint8_t in[8192];	/* the receive buffer */
};

struct chat_server {
	struct chat_door doors[CHAT_DOORS];
	uint32_t ndoors;
	struct rt_loop loop;
	struct chat_room room;
	struct chat_waiter waiters[CHAT_WAITERS];
	uint64_t born;
};

extern struct chat_server chat;

/* calls.c */
void chat_on_call(struct rt_loop *l, void *ctx, const struct rt_incoming *in);

/* waiters.c */
int chat_wait_begin(struct chat_call *x, uint64_t after);
void chat_waiters_wake(void);
/* Fill a ChatLine list from room lines. */
void chat_lines_put(ChatLine_list_b l, const struct chat_line *const *lines,
		    uint32_t n, bool replay);

#endif
