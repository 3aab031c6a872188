/* adventure-npc: one of the Aurelian Frontier's people as a process of
 * its own. It holds Chat, the world's content (read-only) and a console,
 * and no game authority at all: it cannot see or change any expedition.
 * It joins the Chat channel of its room and answers what players say
 * there with its chatter lines (content: Npc.chatter), prefixed with its
 * name. What the game's people *do* (give evidence, delegate a ward,
 * witness custody) happens only through the server's typed ask().
 *
 * It ignores replayed history (ChatLine.replay), lines of other
 * channels, and lines under its own label: processes of one session are
 * one Chat member, so two NPCs started by init share a label and must not
 * answer each other.
 *
 * Args: npc=<id> (an NPC of the content). Grants: chat, content, console. */
#include <string.h>
#include "capos/boot.h"
#include "capos/chat.h"
#include "lib/fmt/fmt.h"
#include "user/adventure-server/server.h"

static cap_handle_t chat;
static const struct adv_npc *me;
static char channel[Chat_maxChannel + 1], label[64];

static int32_t chat_call(struct capn_call *c, void *r, uint32_t cap)
{
	capn_call_set_results(c, r, cap);
	return rt_call(chat, c);
}

static bool npc_join(uint64_t *next)
{
	static uint8_t r[24576];
	uint8_t p[128];
	struct capn_call c;
	struct capn_msg m;
	Chat_join_Results_r res;
	Chat_join_prepare(&c, p, sizeof p, channel, strlen(channel));
	int32_t st = chat_call(&c, r, sizeof r);
	if (Chat_join_results(&m, &c, st, &res))
		return false;
	struct capn_text l = Chat_join_Results_get_label(res);
	fmt_snprintf(label, sizeof label, "%.*s", (int)l.len, l.str);
	*next = Chat_join_Results_get_next(res);
	return true;
}

static bool has_word(struct capn_text t, struct adv_text k)
{
	for (uint32_t i = 0; k.len && i + k.len <= t.len; i++) {
		uint32_t j = 0;
		while (j < k.len && (t.str[i + j] | 0x20) == (k.s[j] | 0x20))
			j++;
		if (j == k.len)
			return true;
	}
	return false;
}

static const struct adv_text *reply_to(struct capn_text t)
{
	const struct adv_text *fallback = NULL;
	for (unsigned i = 0; i < me->nchatter; i++) {
		const struct adv_chatter *c = &me->chatter[i];
		if (!c->keyword.len && !fallback)
			fallback = &c->reply;
		else if (has_word(t, c->keyword))
			return &c->reply;
	}
	return fallback;
}

static void npc_say(const struct adv_text *reply)
{
	uint8_t p[Chat_maxText + 256], r[256];
	char text[Chat_maxText + 1];
	struct capn_call c;
	size_t n = fmt_snprintf(text, sizeof text, "%.*s: %.*s",
				(int)me->name.len, me->name.s,
				(int)reply->len, reply->s);
	if (n > Chat_maxText)
		n = Chat_maxText;
	Chat_send_prepare(&c, p, sizeof p, channel, strlen(channel), text, n);
	int32_t st = chat_call(&c, r, sizeof r);
	if (st < 0)
		rt_printf("adventure-npc: %s: send failed: %s\n", channel,
			  capos_strerror(st));
}

static void npc_hear(ChatLine_r l)
{
	struct capn_text t = ChatLine_get_text(l);
	if (ChatLine_get_kind(l) != ChatLine_Kind_message ||
	    ChatLine_get_replay(l) ||
	    !capn_text_eq(ChatLine_get_channel(l), channel) ||
	    capn_text_eq(ChatLine_get_label(l), label))
		return;
	const struct adv_text *reply = reply_to(t);
	if (reply)
		npc_say(reply);
}

/* Waits for lines after *next and answers them; false when chat fails. */
static bool npc_listen(uint64_t *next)
{
	static uint8_t r[24576];
	uint8_t p[64];
	struct capn_call c;
	struct capn_msg m;
	Chat_wait_Results_r res;
	Chat_wait_prepare(&c, p, sizeof p, *next);
	int32_t st = chat_call(&c, r, sizeof r);
	if (Chat_wait_results(&m, &c, st, &res) ||
	    Chat_wait_Results_validate(res))
		return false;
	ChatLine_list_r lines = Chat_wait_Results_get_lines(res);
	for (uint32_t i = 0; i < ChatLine_list_len(lines); i++)
		npc_hear(ChatLine_list_get(lines, i));
	*next = Chat_wait_Results_get_next(res);
	return true;
}

static const struct adv_npc *npc_of_args(void)
{
	for (int i = 0; i < rt_argc(); i++) {
		const char *a = rt_argv(i);
		if (a && !strncmp(a, "npc=", 4)) {
			int n = adv_npc_find(&world, adv_text_of(a + 4));
			return n == ADV_NONE ? NULL : &world.npcs[n];
		}
	}
	return NULL;
}

int main(void)
{
	uint64_t next = 0;
	chat = rt_cap_find("chat", Chat_IFACE_ID);
	cap_handle_t content = rt_cap_find("content", Blob_IFACE_ID);
	if (chat == CAP_HANDLE_NONE || content == CAP_HANDLE_NONE) {
		rt_printf("adventure-npc: needs \"chat\" and \"content\"\n");
		return 2;
	}
	if (!content_load(content) || !(me = npc_of_args())) {
		rt_printf("adventure-npc: needs npc=<id> of the content\n");
		return 2;
	}
	const struct adv_text *ch = &world.rooms[me->room].channel;
	fmt_snprintf(channel, sizeof channel, "%.*s", (int)ch->len, ch->s);
	if (!npc_join(&next)) {
		rt_printf("adventure-npc: cannot join %s\n", channel);
		return 1;
	}
	rt_printf("adventure-npc: %.*s listens in %s as %s\n",
		  (int)me->name.len, me->name.s, channel, label);
	while (npc_listen(&next))
		;
	rt_printf("adventure-npc: %.*s: chat stopped answering\n",
		  (int)me->name.len, me->name.s);
	return 1;
}
