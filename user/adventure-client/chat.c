/* Speech in the room: the client is in the Chat channel of the room it
 * stands in (Adventure.roomChannel), joining the new one and leaving the
 * old one as it moves. Chat.wait stays pending on the event loop beside
 * the terminal read, so lines of others (players, the NPC processes)
 * appear as they are said. History handed out on join is replay and is
 * not shown; lines of a channel we already left are dropped. */
#include <string.h>
#include "capos/chat.h"
#include "lib/fmt/fmt.h"
#include "user/adventure-client/client.h"

static char channel[Chat_maxChannel + 1];
static uint64_t cursor;
static bool waiting;

static int32_t chat_simple(struct capn_call *c, int prep_err)
{
	static uint8_t r[8192];
	if (prep_err)
		return ERR_INVALID;
	capn_call_set_results(c, r, sizeof r);
	return rt_call(cl.chat, c);
}

static void chat_arm(void);

/* A line said in our channel, added to the batch. */
static size_t chat_format(ChatLine_r l, char *buf, size_t cap)
{
	struct capn_text ch = ChatLine_get_channel(l);
	struct capn_text who = ChatLine_get_label(l);
	struct capn_text t = ChatLine_get_text(l);
	if (ChatLine_get_kind(l) != ChatLine_Kind_message ||
	    ChatLine_get_replay(l) || !capn_text_eq(ch, channel))
		return 0;
	size_t n = fmt_snprintf(buf, cap, "[chat %.*s] <%.*s> %.*s\n",
				(int)ch.len, ch.str, (int)who.len, who.str,
				(int)t.len, t.str);
	return n < cap ? n : cap - 1;
}

/* One StdIO write per batch: the shell redraws the prompt and the line
 * being typed once after it, not once per chat line. */
static void chat_show(ChatLine_list_r lines)
{
	static char batch[4096];
	size_t len = 0;
	for (uint32_t i = 0; i < ChatLine_list_len(lines); i++) {
		char line[Chat_maxText + 128];
		size_t n = chat_format(ChatLine_list_get(lines, i), line,
				       sizeof line);
		if (len + n > sizeof batch) {
			rt_stdio_write(batch, (uint32_t)len);
			len = 0;
		}
		memcpy(batch + len, line, n);
		len += n;
	}
	if (len)
		rt_stdio_write(batch, (uint32_t)len);
}

static uint8_t wait_p[64], wait_r[24576];
static struct capn_call wait_c;

static void chat_heard(struct rt_loop *l, void *ctx, const struct ring_cqe *q)
{
	struct capn_msg m;
	Chat_wait_Results_r r;
	waiting = false;
	if (Chat_wait_results(&m, &wait_c, q->result, &r) ||
	    Chat_wait_Results_validate(r)) {
		outf("[chat] the chat service stopped answering\n");
		return;
	}
	chat_show(Chat_wait_Results_get_lines(r));
	cursor = Chat_wait_Results_get_next(r);
	if (!cl.quit)
		chat_arm();
}

static void chat_arm(void)
{
	if (waiting || cl.chat == CAP_HANDLE_NONE || !channel[0])
		return;
	Chat_wait_prepare(&wait_c, wait_p, sizeof wait_p, cursor);
	capn_call_set_results(&wait_c, wait_r, sizeof wait_r);
	waiting = !rt_loop_call(&cl.loop, cl.chat, &wait_c, 0, 0, chat_heard,
				0);
}

void chat_start(void)
{
	if (cl.chat == CAP_HANDLE_NONE)
		out("(no chat capability: `say` is off)\n");
}

static void chat_join(const char *name)
{
	static uint8_t r[24576];
	uint8_t p[128];
	struct capn_call c;
	struct capn_msg m;
	Chat_join_Results_r res;
	Chat_join_prepare(&c, p, sizeof p, name, strlen(name));
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call(cl.chat, &c);
	if (Chat_join_results(&m, &c, st, &res)) {
		char buf[160];
		outf("[chat] cannot join %s: %s\n", name,
		     rt_call_error(&c, st < 0 ? st : ERR_INVALID, buf,
				   sizeof buf));
		return;
	}
	struct capn_text label = Chat_join_Results_get_label(res);
	if (Chat_join_Results_get_next(res) > cursor)
		cursor = Chat_join_Results_get_next(res);
	fmt_snprintf(channel, sizeof channel, "%s", name);
	outf("[chat] you are %.*s in %s\n", (int)label.len, label.str, name);
}

void chat_enter(const char *name)
{
	uint8_t p[128];
	struct capn_call c;
	if (cl.chat == CAP_HANDLE_NONE || !strcmp(name, channel))
		return;
	if (channel[0])
		chat_simple(&c, Chat_leave_prepare(&c, p, sizeof p, channel,
						   strlen(channel)));
	channel[0] = '\0';
	if (name[0])
		chat_join(name);
	chat_arm();
}

void chat_say(const char *text)
{
	uint8_t p[Chat_maxText + 256];
	struct capn_call c;
	char buf[160];
	if (cl.chat == CAP_HANDLE_NONE || !channel[0]) {
		out("say: there is no one to hear you (no chat channel)\n");
		return;
	}
	if (strlen(text) > Chat_maxText) {
		outf("say: at most %u bytes\n", Chat_maxText);
		return;
	}
	int32_t st = chat_simple(&c, Chat_send_prepare(&c, p, sizeof p,
				 channel, strlen(channel), text, strlen(text)));
	if (st < 0)
		outf("say: %s\n", rt_call_error(&c, st, buf, sizeof buf));
}

void chat_quit(void)
{
	uint8_t p[64];
	struct capn_call c;
	if (cl.chat != CAP_HANDLE_NONE && channel[0])
		chat_simple(&c, Chat_quit_prepare(&c, p, sizeof p));
	channel[0] = '\0';
}
