/* chat-forge: a hostile chat member (system/test-chat.capnp), started
 * from a logged-in shell: run "chat-forge" with { stdio: @stdio, chat:
 * client @chat }. It tries what a client would try to speak as someone
 * else or to break the server, and prints `chat-forge: NAME ... ok` (or
 * FAILED and why) per check, then `chat-forge: done, N failed`, on its
 * stdio (else the kernel log). Holds StdIO and Chat only. It ends by
 * leaving #lobby for a channel of its own (the wait flood), so it should
 * run before a chat-client of the same session. */
#include <stdarg.h>
#include <string.h>
#include "capos/chat.h"
#include "lib/fmt/fmt.h"
#include "user/rt/evloop.h"
#include "user/rt/rt.h"

static cap_handle_t chat;
static char my_label[32];
static uint8_t res[24576];
static int failures;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	char buf[320];
	va_list ap;
	va_start(ap, fmt);
	size_t n = fmt_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (rt_stdio() == CAP_HANDLE_NONE)
		rt_printf("%s", buf);
	else
		rt_stdio_write(buf, (uint32_t)(n < sizeof buf ? n : sizeof buf - 1));
}

static void check(const char *name, bool ok, const char *why)
{
	if (!ok)
		failures++;
	say("chat-forge: %s ... %s%s\n", name, ok ? "ok" : "FAILED: ",
	    ok ? "" : why);
}

/* The call's failure text ("" if it succeeded). */
static const char *call_text(struct capn_call *c, int32_t st)
{
	static char buf[200];
	if (st >= 0)
		return "";
	return rt_call_error(c, st, buf, sizeof buf);
}

static int32_t send_text(const char *ch, const char *text, struct capn_call *c)
{
	static uint8_t par[1024];
	Chat_send_prepare(c, par, sizeof par, ch, strlen(ch), text, strlen(text));
	capn_call_set_results(c, res, sizeof res);
	return rt_call(chat, c);
}

static int32_t join(const char *ch, struct capn_call *c, uint64_t *next)
{
	static uint8_t par[256];
	struct capn_msg m;
	Chat_join_Results_r r;
	Chat_join_prepare(c, par, sizeof par, ch, strlen(ch));
	capn_call_set_results(c, res, sizeof res);
	int32_t st = rt_call(chat, c);
	if (Chat_join_results(&m, c, st, &r))
		return st < 0 ? st : ERR_INTERNAL;
	struct capn_text t = Chat_join_Results_get_label(r);
	fmt_snprintf(my_label, sizeof my_label, "%.*s", (int)t.len, t.str);
	*next = Chat_join_Results_get_next(r);
	return 0;
}

static bool contains(const char *s, const char *part)
{
	size_t n = strlen(part);
	for (; *s; s++)
		if (!strncmp(s, part, n))
			return true;
	return false;
}

static void forge_refusals(void)
{
	struct capn_call c;
	uint64_t next;
	int32_t st = join("lobby", &c, &next);
	check("join_bad_name_refused", st < 0 &&
	      contains(call_text(&c, st), "channel names"), call_text(&c, st));
	st = send_text("#lobby", "before joining", &c);
	check("send_before_join_refused", st < 0 &&
	      contains(call_text(&c, st), "not joined"), call_text(&c, st));
	st = join("#lobby", &c, &next);
	check("join", st == 0 && !strncmp(my_label, "member-", 7),
	      call_text(&c, st));
	st = send_text("#lobby", "hi\n[chat] #lobby <member-1> I am the bot", &c);
	check("line_break_refused", st < 0 &&
	      contains(call_text(&c, st), "control characters"),
	      call_text(&c, st));
	st = send_text("#lobby", "\x1b[2K\r[chat] #lobby <member-1> hi", &c);
	check("escape_refused", st < 0, "accepted");
}

/* A send whose params carry a third pointer, "label": the schema has no
 * such field, so the server never reads it; the line is ours. */
static int32_t send_with_label(const char *label, uint64_t *seq)
{
	static uint8_t par[512];
	struct capn_builder b;
	capn_build_init(&b, par, sizeof par);
	struct capn_struct_b root = capn_b_root(&b, Chat_send_Params_DATA_WORDS,
						Chat_send_Params_PTR_COUNT + 1);
	capn_b_text(&root, 0, "#lobby", 6);
	capn_b_text(&root, 1, "who am I", 8);
	capn_b_text(&root, 2, label, strlen(label));
	size_t n = capn_build_finish(&b);
	struct capn_call c = { .interface_id = Chat_IFACE_ID,
			       .method = Chat_send_METHOD, .params = par,
			       .params_len = n };
	capn_call_set_results(&c, res, sizeof res);
	int32_t st = rt_call(chat, &c);
	struct capn_msg m;
	Chat_send_Results_r r;
	if (Chat_send_results(&m, &c, st, &r))
		return st < 0 ? st : ERR_INTERNAL;
	*seq = Chat_send_Results_get_seq(r);
	return 0;
}

static void forge_label_field(void)
{
	uint64_t seq = 0;
	int32_t st = send_with_label("member-1", &seq);
	check("extra_label_field_sent", st == 0, capos_strerror(st));
	uint8_t par[64];
	struct capn_call c;
	struct capn_msg m;
	Chat_wait_Results_r r;
	Chat_wait_prepare(&c, par, sizeof par, seq - 1);
	capn_call_set_results(&c, res, sizeof res);
	st = rt_call(chat, &c);
	bool ok = !Chat_wait_results(&m, &c, st, &r);
	ChatLine_list_r l = Chat_wait_Results_get_lines(r);
	ok = ok && ChatLine_list_len(l) >= 1;
	ChatLine_r line = ChatLine_list_get(l, 0);
	check("extra_label_field_ignored", ok &&
	      ChatLine_get_seq(line) == seq &&
	      capn_text_eq(ChatLine_get_label(line), my_label),
	      "the line did not carry our own label");
}

static void forge_garbage(void)
{
	static const uint8_t junk[] = { 0xff, 0xff, 0xff, 0x7f, 1, 2, 3, 4,
					9, 9, 9, 9, 9, 9, 9, 9 };
	struct capn_call c = { .interface_id = Chat_IFACE_ID,
			       .method = Chat_send_METHOD, .params = junk,
			       .params_len = sizeof junk };
	capn_call_set_results(&c, res, sizeof res);
	int32_t st = rt_call(chat, &c);
	check("garbage_params_refused", st < 0, "accepted");
	c.method = 99;
	c.params_len = 0;
	st = rt_call(chat, &c);
	check("unknown_method_refused", st < 0, "accepted");
	uint8_t par[128];
	Chat_who_prepare(&c, par, sizeof par, "#lobby", 6);
	capn_call_set_results(&c, res, sizeof res);
	st = rt_call(chat, &c);
	check("server_still_serves", st >= 0, call_text(&c, st));
}

/* More waits than a member may hold: the oldest end at once, empty. */
static uint32_t flood_done, flood_empty;
static struct rt_loop flood_loop;

static void flood_on_done(struct rt_loop *l, void *ctx,
			  const struct ring_cqe *cqe)
{
	struct capn_msg m;
	Chat_wait_Results_r r;
	flood_done++;
	if (!Chat_wait_results(&m, ctx, cqe->result, &r) &&
	    !ChatLine_list_len(Chat_wait_Results_get_lines(r)))
		flood_empty++;
	if (flood_done == 2)
		rt_loop_stop(l);
}

static void forge_wait_flood(void)
{
	static struct capn_call c[Chat_maxWaiters + 2];
	static uint8_t par[Chat_maxWaiters + 2][64], out[Chat_maxWaiters + 2][512];
	uint8_t qp[64];
	uint64_t next;
	/* alone in a channel of its own, so no one else's line ends a wait */
	Chat_quit_prepare(&c[0], qp, sizeof qp);
	capn_call_set_results(&c[0], res, sizeof res);
	rt_call(chat, &c[0]);
	join("#forge", &c[0], &next);
	rt_loop_init(&flood_loop, CAP_HANDLE_NONE);
	for (uint32_t i = 0; i < Chat_maxWaiters + 2; i++) {
		Chat_wait_prepare(&c[i], par[i], sizeof par[i], UINT64_MAX);
		capn_call_set_results(&c[i], out[i], sizeof out[i]);
		rt_loop_call(&flood_loop, chat, &c[i], 0, 0, flood_on_done,
			     &c[i]);
	}
	rt_loop_run(&flood_loop);
	check("wait_flood_bounded", flood_done == 2 && flood_empty == 2,
	      "the oldest waits did not end");
}

int main(void)
{
	chat = rt_cap_find("chat", Chat_IFACE_ID);
	if (chat == CAP_HANDLE_NONE) {
		say("chat-forge: missing grant: chat (Chat)\n");
		return 2;
	}
	forge_refusals();
	forge_label_field();
	forge_garbage();
	forge_wait_flood();
	say("chat-forge: done, %d failed\n", failures);
	return failures ? 1 : 0;
}
