/* chat-bot: a resident member of #lobby holding nothing but Chat (and
 * Console for its log). It answers the first live message it hears from
 * each member, once: a newcomer learns the room is alive and the bot
 * never starts a conversation with itself or with history (ChatLine
 * replay lines and its own lines are ignored). Members it has answered
 * are kept by label, at most BOT_ANSWERED (then the oldest is forgotten
 * and may be greeted again). */
#include <string.h>
#include "capos/chat.h"
#include "lib/chat/room.h"
#include "lib/fmt/fmt.h"
#include "user/rt/rt.h"

#define BOT_CHANNEL "#lobby"
#define BOT_ANSWERED 64

static cap_handle_t bot_chat;
static char bot_label[CHAT_LABEL_MAX];
static char bot_answered[BOT_ANSWERED][CHAT_LABEL_MAX];
static uint32_t bot_nanswered;
static uint8_t bot_results[24576];

static int32_t bot_join(uint64_t *next)
{
	uint8_t par[128];
	struct capn_call c;
	struct capn_msg m;
	Chat_join_Results_r r;
	char why[160];
	Chat_join_prepare(&c, par, sizeof par, BOT_CHANNEL, strlen(BOT_CHANNEL));
	capn_call_set_results(&c, bot_results, sizeof bot_results);
	int32_t st = rt_call(bot_chat, &c);
	if (Chat_join_results(&m, &c, st, &r)) {
		rt_printf("join %s: %s\n", BOT_CHANNEL,
			  rt_call_error(&c, st, why, sizeof why));
		return st < 0 ? st : ERR_INTERNAL;
	}
	struct capn_text t = Chat_join_Results_get_label(r);
	fmt_snprintf(bot_label, sizeof bot_label, "%.*s", (int)t.len, t.str);
	*next = Chat_join_Results_get_next(r);
	rt_printf("in %s as %s\n", BOT_CHANNEL, bot_label);
	return 0;
}

/* True the first time a label is seen (then remembered). */
static bool bot_first_from(struct capn_text who)
{
	for (uint32_t i = 0; i < bot_nanswered && i < BOT_ANSWERED; i++)
		if (capn_text_eq(who, bot_answered[i]))
			return false;
	fmt_snprintf(bot_answered[bot_nanswered++ % BOT_ANSWERED],
		     CHAT_LABEL_MAX, "%.*s", (int)who.len, who.str);
	return true;
}

static void bot_answer(struct capn_text who)
{
	uint8_t par[CHAT_TEXT_MAX + 128], res[128];
	char text[96];
	struct capn_call c;
	size_t n = fmt_snprintf(text, sizeof text, "[chat-bot] heard you, "
				"%.*s. Welcome to %s.", (int)who.len, who.str,
				BOT_CHANNEL);
	Chat_send_prepare(&c, par, sizeof par, BOT_CHANNEL, strlen(BOT_CHANNEL),
			  text, n);
	capn_call_set_results(&c, res, sizeof res);
	int32_t st = rt_call(bot_chat, &c);
	if (st < 0)
		rt_printf("answer %.*s: %s\n", (int)who.len, who.str,
			  capos_strerror(st));
}

static void bot_hear(ChatLine_r l)
{
	struct capn_text who = ChatLine_get_label(l);
	if (ChatLine_get_kind(l) != ChatLine_Kind_message ||
	    ChatLine_get_replay(l) || capn_text_eq(who, bot_label) ||
	    !capn_text_eq(ChatLine_get_channel(l), BOT_CHANNEL))
		return;
	if (bot_first_from(who))
		bot_answer(who);
}

/* One Chat.wait; false when the service is gone. */
static bool bot_listen(uint64_t *next)
{
	uint8_t par[64];
	struct capn_call c;
	struct capn_msg m;
	Chat_wait_Results_r r;
	Chat_wait_prepare(&c, par, sizeof par, *next);
	capn_call_set_results(&c, bot_results, sizeof bot_results);
	int32_t st = rt_call(bot_chat, &c);
	if (Chat_wait_results(&m, &c, st, &r)) {
		rt_printf("wait: %s\n", capos_strerror(st < 0 ? st : ERR_INTERNAL));
		return false;
	}
	ChatLine_list_r l = Chat_wait_Results_get_lines(r);
	*next = Chat_wait_Results_get_next(r);
	for (uint32_t i = 0; i < ChatLine_list_len(l); i++)
		bot_hear(ChatLine_list_get(l, i));
	return true;
}

int main(void)
{
	uint64_t next;
	bot_chat = rt_cap_find("chat", Chat_IFACE_ID);
	if (bot_chat == CAP_HANDLE_NONE) {
		rt_printf("missing grant: chat (Chat)\n");
		return 2;
	}
	if (bot_join(&next))
		return 1;
	while (bot_listen(&next))
		;
	return 1;
}
