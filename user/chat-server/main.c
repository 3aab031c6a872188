/* chat-server's start: every Endpoint in the CapSet (the "chat" export
 * and one per resident actor) and a timer for the event loop, then serve
 * for ever. */
#include <string.h>
#include "capos/ipc.h"
#include "capos/time.h"
#include "user/chat-server/chat.h"

struct chat_server chat;
_Static_assert(sizeof chat.doors[0].in >= sizeof(struct ipc_msg_header) +
			64 + CHAT_CHANNEL_MAX + Chat_maxText + 64,
	       "the largest valid call fits the receive buffer");

static bool chat_serve_doors(void)
{
	bool have_chat = false;
	for (uint32_t i = 0; i < rt_capset->count && i < CAPSET_MAX; i++) {
		const struct capset_entry *e = &rt_capset->entries[i];
		if (e->interface_id != Endpoint_IFACE_ID)
			continue;
		if (chat.ndoors == CHAT_DOORS) {
			rt_printf("export %s: more than %u endpoints; not served\n",
				  e->name, CHAT_DOORS);
			continue;
		}
		struct chat_door *d = &chat.doors[chat.ndoors];
		d->ep = e->handle;
		if (rt_loop_serve(&chat.loop, d->ep, d->in, sizeof d->in,
				  chat_on_call, d))
			return false;
		chat.ndoors++;
		have_chat |= !strcmp(e->name, "chat");
	}
	return have_chat;
}

int main(void)
{
	cap_handle_t timer = rt_cap_find("timer", Timer_IFACE_ID);
	if (timer == CAP_HANDLE_NONE) {
		rt_printf("missing grant: timer (Timer)\n");
		return 2;
	}
	chat_room_init(&chat.room);
	rt_loop_init(&chat.loop, timer);
	if (!chat_serve_doors()) {
		rt_printf("missing grant: the chat export (Endpoint)\n");
		return 2;
	}
	rt_printf("serving %u endpoints\n", chat.ndoors);
	rt_loop_run(&chat.loop);
	return 0;
}
