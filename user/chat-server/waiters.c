/* Pending Chat.wait calls: at most CHAT_WAITERS in all and
 * Chat_maxWaiters per member. A newer wait past either bound ends the
 * oldest one (the member's own, else anyone's) with no lines, which its
 * client takes as "ask again": a client killed while waiting, or one
 * that floods waits, only ever costs its own slots or an extra round. */
#include <string.h>
#include "lib/fmt/fmt.h"
#include "user/chat-server/chat.h"

static uint8_t wait_out[24576];
_Static_assert(sizeof wait_out >= 16 + Chat_maxBatch *
		       (8 * 5 + CHAT_CHANNEL_MAX + CHAT_LABEL_MAX +
			CHAT_TEXT_MAX + 24),
	       "a full batch fits");

void chat_lines_put(ChatLine_list_b l, const struct chat_line *const *lines,
		    uint32_t n, bool replay)
{
	char label[CHAT_LABEL_MAX];
	for (uint32_t i = 0; i < n; i++) {
		const struct chat_line *s = lines[i];
		ChatLine_b b = ChatLine_list_at(l, i);
		chat_label_format(s->label, label);
		ChatLine_set_seq(b, s->seq);
		ChatLine_set_channel(b, s->channel, strlen(s->channel));
		ChatLine_set_label(b, label, strlen(label));
		ChatLine_set_text(b, s->text, s->len);
		ChatLine_set_kind(b, (ChatLine_Kind)s->kind);
		ChatLine_set_replay(b, replay);
	}
}

/* RETURN what waiter w can hear now (maybe nothing) and free it. */
static void chat_waiter_answer(struct chat_waiter *w)
{
	const struct chat_line *lines[Chat_maxBatch];
	uint64_t next;
	uint32_t missed, n = chat_room_collect(&chat.room, &w->who, w->after,
					      lines, Chat_maxBatch, &next,
					      &missed);
	struct capn_builder b;
	capn_build_init(&b, wait_out, sizeof wait_out);
	Chat_wait_Results_b r = { capn_b_root(&b, Chat_wait_Results_DATA_WORDS,
					      Chat_wait_Results_PTR_COUNT) };
	chat_lines_put(Chat_wait_Results_init_lines(r, n), lines, n, false);
	Chat_wait_Results_set_next(r, next);
	Chat_wait_Results_set_missed(r, missed);
	size_t len = capn_build_finish(&b);
	w->used = false;
	if (len)	/* a caller that has gone away only fails the RETURN */
		rt_return(w->ep, w->call_id, wait_out, (uint32_t)len, 0, 0,
			  false);
}

static bool chat_waiter_hears(const struct chat_waiter *w)
{
	const struct chat_line *one[1];
	uint64_t next;
	uint32_t missed;
	return chat_room_collect(&chat.room, &w->who, w->after, one, 1, &next,
				 &missed) > 0 || missed;
}

void chat_waiters_wake(void)
{
	for (uint32_t i = 0; i < CHAT_WAITERS; i++)
		if (chat.waiters[i].used && chat_waiter_hears(&chat.waiters[i]))
			chat_waiter_answer(&chat.waiters[i]);
}

static bool chat_same(const struct chat_ref *a, const struct chat_ref *b)
{
	return a->w[0] == b->w[0] && a->w[1] == b->w[1];
}

/* The oldest waiter (of `who` if not NULL); how many `who` has. */
static struct chat_waiter *chat_waiter_oldest(const struct chat_ref *who,
					      uint32_t *count)
{
	struct chat_waiter *best = 0;
	*count = 0;
	for (uint32_t i = 0; i < CHAT_WAITERS; i++) {
		struct chat_waiter *w = &chat.waiters[i];
		if (!w->used || (who && !chat_same(&w->who, who)))
			continue;
		++*count;
		if (!best || w->born < best->born)
			best = w;
	}
	return best;
}

static struct chat_waiter *chat_waiter_slot(const struct chat_ref *who)
{
	uint32_t mine, all;
	struct chat_waiter *old = chat_waiter_oldest(who, &mine);
	if (mine >= Chat_maxWaiters)
		chat_waiter_answer(old);
	old = chat_waiter_oldest(0, &all);
	if (all >= CHAT_WAITERS)
		chat_waiter_answer(old);
	for (uint32_t i = 0; i < CHAT_WAITERS; i++)
		if (!chat.waiters[i].used)
			return &chat.waiters[i];
	return 0;	/* not reached: one was just freed */
}

/* Park the call x; the caller hears from chat_waiter_answer. */
int chat_wait_begin(struct chat_call *x, uint64_t after)
{
	struct chat_waiter *w = chat_waiter_slot(&x->who);
	if (!w) {
		fmt_snprintf(x->why, sizeof x->why, "wait: too many waiting");
		return ERR_QUOTA;
	}
	*w = (struct chat_waiter){ .used = true, .ep = x->ep,
				   .call_id = x->in->hdr->call_id,
				   .who = x->who, .after = after,
				   .born = ++chat.born };
	return CHAT_PENDING;
}
