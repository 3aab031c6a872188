/* chat-server's start: the "chat" export (a raw Endpoint) and a timer for
 * the event loop, then serve for ever. */
#include "capos/ipc.h"
#include "capos/time.h"
#include "user/chat-server/chat.h"

struct chat_server chat;
static uint8_t chat_in[8192];
_Static_assert(sizeof chat_in >= sizeof(struct ipc_msg_header) + 64 +
			CHAT_CHANNEL_MAX + Chat_maxText + 64,
	       "the largest valid call fits the receive buffer");

int main(void)
{
	chat.ep = rt_cap_find("chat", Endpoint_IFACE_ID);
	cap_handle_t timer = rt_cap_find("timer", Timer_IFACE_ID);
	if (chat.ep == CAP_HANDLE_NONE || timer == CAP_HANDLE_NONE) {
		rt_printf("missing grant: the chat export and timer (Timer)\n");
		return 2;
	}
	chat_room_init(&chat.room);
	rt_loop_init(&chat.loop, timer);
	if (rt_loop_serve(&chat.loop, chat.ep, chat_in, sizeof chat_in,
			  chat_on_call, 0))
		return 3;
	rt_printf("serving\n");
	rt_loop_run(&chat.loop);
	return 0;
}
