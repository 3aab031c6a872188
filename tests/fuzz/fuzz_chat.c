/* lib/chat/room under arbitrary sequences of joins, leaves, quits, sends,
 * who and collect from a handful of sessions with arbitrary channel
 * names and text. Beyond "no crash": the tables stay consistent (every
 * channel member is a live member, listed once), a member's label never
 * changes while it is remembered, an accepted message is valid text, and
 * collect never hands out a line twice or out of order. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lib/chat/room.h"

static struct chat_room room;
static uint32_t seen_label[8];

static struct chat_ref who_of(uint8_t b)
{
	return (struct chat_ref){ { b & 7u, 0x5eed } };
}

static void check_tables(void)
{
	for (int c = 0; c < CHAT_CHANNELS; c++) {
		const struct chat_channel *k = &room.channels[c];
		if (!k->used)
			continue;
		if (k->n > CHAT_MEMBERS)
			abort();
		for (uint32_t i = 0; i < k->n; i++) {
			if (k->member[i] >= CHAT_MEMBERS ||
			    !room.members[k->member[i]].used)
				abort();
			for (uint32_t j = 0; j < i; j++)
				if (k->member[j] == k->member[i])
					abort();
		}
	}
}

static void check_label(uint8_t b)
{
	struct chat_ref w = who_of(b);
	int m = chat_room_member(&room, &w);
	if (m < 0) {
		seen_label[b & 7u] = 0;	/* forgotten: may get a new one */
		return;
	}
	uint32_t l = room.members[m].label;
	if (seen_label[b & 7u] && seen_label[b & 7u] != l)
		abort();
	seen_label[b & 7u] = l;
}

static void do_collect(const struct chat_ref *w, uint64_t after)
{
	const struct chat_line *out[CHAT_HISTORY + 12];
	uint64_t next;
	uint32_t missed, n = chat_room_collect(&room, w, after, out, 32,
					      &next, &missed);
	for (uint32_t i = 0; i < n; i++)
		if (out[i]->seq <= after || (i && out[i]->seq <= out[i - 1]->seq) ||
		    out[i]->seq > next)
			abort();
}

static void do_op(const uint8_t *d, size_t len)
{
	struct chat_ref w = who_of(d[1]);
	const char *ch = (const char *)d + 3;
	size_t chn = d[2] % 40 < len - 3 ? d[2] % 40 : len - 3;
	const char *text = ch + chn;
	size_t tn = len - 3 - chn;
	uint32_t label, labels[CHAT_MEMBERS], count;
	uint64_t next, seq;
	switch (d[0] % 6) {
	case 0: chat_room_join(&room, &w, ch, chn, &label, &next); break;
	case 1: chat_room_leave(&room, &w, ch, chn); break;
	case 2: chat_room_quit(&room, &w); break;
	case 3:
		if (!chat_room_send(&room, &w, ch, chn, text, tn, &seq) &&
		    chat_text_check(text, tn))
			abort();
		break;
	case 4: chat_room_who(&room, ch, chn, labels, CHAT_MEMBERS, &count); break;
	default: do_collect(&w, (uint64_t)d[2] * 3); break;
	}
	for (uint8_t b = 0; b < 8; b++)
		check_label(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	chat_room_init(&room);
	memset(seen_label, 0, sizeof seen_label);
	/* ops: [len][op][who][chlen] channel text, len bytes after len */
	while (size >= 4) {
		size_t len = data[0] < size - 1 ? data[0] : size - 1;
		if (len >= 3)
			do_op(data + 1, len);
		data += len + 1, size -= len + 1;
		check_tables();
	}
	return 0;
}
