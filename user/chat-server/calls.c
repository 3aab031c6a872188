/* The Chat methods. Each decodes and checks its params (the generated
 * dispatch validated the message), asks lib/chat/room, and on a refusal
 * leaves a message for the CapException that says what to do instead. */
#include <string.h>
#include "capos/exception.h"
#include "lib/fmt/fmt.h"
#include "user/chat-server/chat.h"

static uint8_t call_out[24576];

static const char chat_names[] =
	"channel names are '#' and 1-31 of a-z 0-9 . _ -";

static int chat_refuse(struct chat_call *x, err_t e, const char *method,
		       const char *ch)
{
	const char *why = e == ERR_INVALID ? chat_names :
			  e == ERR_DENIED ? "you have not joined" :
			  e == ERR_QUOTA ? "chat is full (members or channels)" :
			  e == ERR_NOT_FOUND ? "no such channel" :
			  capos_strerror(e);
	fmt_snprintf(x->why, sizeof x->why, "%s %s: %s", method, ch, why);
	return e;
}

static int chat_join(void *self, Chat_join_Params_r p, Chat_join_Results_b r)
{
	struct chat_call *x = self;
	struct capn_text ch = Chat_join_Params_get_channel(p);
	const struct chat_line *hist[CHAT_HISTORY];
	uint32_t label, n = chat_room_history(&chat.room, ch.str, ch.len, hist);
	uint64_t next;
	err_t e = chat_room_join(&chat.room, &x->who, ch.str, ch.len, &label,
				 &next);
	if (e)
		return chat_refuse(x, e, "join", ch.len ? ch.str : "\"\"");
	char text[CHAT_LABEL_MAX];
	chat_label_format(label, text);
	Chat_join_Results_set_label(r, text, strlen(text));
	chat_lines_put(Chat_join_Results_init_history(r, n), hist, n, true);
	Chat_join_Results_set_next(r, next);
	return 0;
}

static int chat_leave(void *self, Chat_leave_Params_r p, Chat_leave_Results_b r)
{
	struct chat_call *x = self;
	struct capn_text ch = Chat_leave_Params_get_channel(p);
	err_t e = chat_room_leave(&chat.room, &x->who, ch.str, ch.len);
	return e ? chat_refuse(x, e, "leave", ch.str) : 0;
}

static int chat_send(void *self, Chat_send_Params_r p, Chat_send_Results_b r)
{
	struct chat_call *x = self;
	struct capn_text ch = Chat_send_Params_get_channel(p);
	struct capn_text t = Chat_send_Params_get_text(p);
	uint64_t seq;
	err_t e = chat_room_send(&chat.room, &x->who, ch.str, ch.len, t.str,
				 t.len, &seq);
	if (e == ERR_INVALID && !chat_channel_check(ch.str, ch.len)) {
		fmt_snprintf(x->why, sizeof x->why, "send: a message is 1-%u "
			     "bytes of UTF-8 text without control characters "
			     "or line breaks", (unsigned)Chat_maxText);
		return e;
	}
	if (e)
		return chat_refuse(x, e, "send to", ch.str);
	Chat_send_Results_set_seq(r, seq);
	return 0;
}

static int chat_who(void *self, Chat_who_Params_r p, Chat_who_Results_b r)
{
	struct chat_call *x = self;
	struct capn_text ch = Chat_who_Params_get_channel(p);
	uint32_t labels[CHAT_MEMBERS], n;
	err_t e = chat_room_who(&chat.room, ch.str, ch.len, labels,
				CHAT_MEMBERS, &n);
	if (e)
		return chat_refuse(x, e, "who", ch.str);
	struct capn_list_b l = Chat_who_Results_init_members(r, n);
	char text[CHAT_LABEL_MAX];
	for (uint32_t i = 0; i < n; i++) {
		chat_label_format(labels[i], text);
		capn_lb_text(&l, i, text, strlen(text));
	}
	return 0;
}

static int chat_wait(void *self, Chat_wait_Params_r p, Chat_wait_Results_b r)
{
	struct chat_call *x = self;
	uint64_t after = Chat_wait_Params_get_after(p), next;
	const struct chat_line *lines[Chat_maxBatch];
	uint32_t missed, n = chat_room_collect(&chat.room, &x->who, after,
					      lines, Chat_maxBatch, &next,
					      &missed);
	if (!n && !missed)
		return chat_wait_begin(x, after);
	chat_lines_put(Chat_wait_Results_init_lines(r, n), lines, n, false);
	Chat_wait_Results_set_next(r, next);
	Chat_wait_Results_set_missed(r, missed);
	return 0;
}

static int chat_quit(void *self, Chat_quit_Params_r p, Chat_quit_Results_b r)
{
	struct chat_call *x = self;
	return chat_room_quit(&chat.room, &x->who);
}

static const struct Chat_server chat_server = {
	.join = chat_join, .leave = chat_leave, .send = chat_send,
	.who = chat_who, .wait = chat_wait, .quit = chat_quit,
};

void chat_on_call(struct rt_loop *l, void *ctx, const struct rt_incoming *in)
{
	if (in->status < 0) {
		rt_printf("endpoint failed: %s\n", capos_strerror(in->status));
		return;
	}
	for (uint32_t i = 0; i < in->hdr->ncaps; i++)
		rt_release(in->caps[i].handle);	/* Chat takes none */
	const struct chat_door *door = ctx;
	struct chat_call x = { .in = in, .ep = door->ep };
	memcpy(x.who.w, in->hdr->session_ref, sizeof x.who.w);
	struct capn_dispatch d;
	capn_dispatch_init(&d, in->hdr->method, in->params, in->hdr->params_len,
			   call_out, sizeof call_out);
	int st = Chat_dispatch(&chat_server, &x, &d);
	if (st < 0)
		rt_return_exception(x.ep, in, x.why[0] ? x.why :
						 capos_strerror(st));
	else if (st != CHAT_PENDING)
		rt_return(x.ep, in->hdr->call_id, call_out,
			  (uint32_t)d.results_len, 0, 0, false);
	if (in->hdr->method != Chat_who_METHOD &&
	    in->hdr->method != Chat_wait_METHOD)
		chat_waiters_wake();
}
