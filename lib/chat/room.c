/* Chat room state: see room.h. Tables are small and scanned linearly;
 * every call's work is bounded by the table sizes. */
#include <string.h>
#include "lib/chat/room.h"
#include "lib/fmt/fmt.h"

void chat_room_init(struct chat_room *r)
{
	memset(r, 0, sizeof *r);
	r->next_seq = 1;
	r->next_label = 1;
}

void chat_label_format(uint32_t label, char *buf)
{
	fmt_snprintf(buf, CHAT_LABEL_MAX, "member-%u", label);
}

static bool chat_name_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
	       c == '_' || c == '-';
}

err_t chat_channel_check(const char *s, size_t n)
{
	if (n < 2 || n >= CHAT_CHANNEL_MAX || s[0] != '#')
		return ERR_INVALID;
	for (size_t i = 1; i < n; i++)
		if (!chat_name_byte(s[i]))
			return ERR_INVALID;
	return ERR_OK;
}

/* Length of the UTF-8 sequence at s (n bytes left), 0 if malformed or a
 * control character (U+0080..U+009F, the C1 set). */
static size_t chat_utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
	if (c >= 0xf5 || !len || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0) ||
	    (c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] >= 0x90))
		return 0;	/* overlong, surrogate, beyond U+10FFFF */
	if (c == 0xc2 && s[1] < 0xa0)
		return 0;	/* C1 controls */
	return len;
}

err_t chat_text_check(const char *s, size_t n)
{
	if (n == 0 || n > CHAT_TEXT_MAX)
		return ERR_INVALID;
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		if (u[i] < 0x80) {
			if (u[i] < 0x20 || u[i] == 0x7f)
				return ERR_INVALID;
			i++;
			continue;
		}
		size_t k = chat_utf8_len(u + i, n - i);
		if (!k)
			return ERR_INVALID;
		i += k;
	}
	return ERR_OK;
}

/* ---- tables ------------------------------------------------------------ */

int chat_room_member(const struct chat_room *r, const struct chat_ref *who)
{
	for (int i = 0; i < CHAT_MEMBERS; i++)
		if (r->members[i].used &&
		    r->members[i].ref.w[0] == who->w[0] &&
		    r->members[i].ref.w[1] == who->w[1])
			return i;
	return -1;
}

static int chat_channel_find(const struct chat_room *r, const char *ch,
			     size_t n)
{
	for (int i = 0; i < CHAT_CHANNELS; i++)
		if (r->channels[i].used && strlen(r->channels[i].name) == n &&
		    !memcmp(r->channels[i].name, ch, n))
			return i;
	return -1;
}

static int chat_channel_pos(const struct chat_channel *c, int m)
{
	for (uint32_t i = 0; i < c->n; i++)
		if (c->member[i] == m)
			return (int)i;
	return -1;
}

static uint32_t chat_member_channels(const struct chat_room *r, int m)
{
	uint32_t k = 0;
	for (int i = 0; i < CHAT_CHANNELS; i++)
		if (r->channels[i].used &&
		    chat_channel_pos(&r->channels[i], m) >= 0)
			k++;
	return k;
}

/* A slot for a new member: a free one, else the longest-idle member in
 * no channel; -1 if every member is in some channel. */
static int chat_member_slot(const struct chat_room *r)
{
	int best = -1;
	for (int i = 0; i < CHAT_MEMBERS; i++) {
		if (!r->members[i].used)
			return i;
		if (!chat_member_channels(r, i) &&
		    (best < 0 || r->members[i].active < r->members[best].active))
			best = i;
	}
	return best;
}

/* A slot for a new channel: a free one, else the longest-idle channel
 * without members (its lines stay in the log under its name); -1 if
 * every channel has members. */
static int chat_channel_slot(const struct chat_room *r)
{
	int best = -1;
	for (int i = 0; i < CHAT_CHANNELS; i++) {
		const struct chat_channel *c = &r->channels[i];
		if (!c->used)
			return i;
		if (!c->n && (best < 0 || c->active < r->channels[best].active))
			best = i;
	}
	return best;
}

static void chat_log_append(struct chat_room *r, enum chat_kind kind,
			    uint32_t label, const char *ch, const char *text,
			    size_t len)
{
	struct chat_line *l = &r->log[(r->next_seq - 1) % CHAT_LOG];
	*l = (struct chat_line){ .seq = r->next_seq++, .kind = kind,
				 .label = label, .len = (uint16_t)len };
	fmt_snprintf(l->channel, sizeof l->channel, "%s", ch);
	memcpy(l->text, text, len);
}

static void chat_channel_remove(struct chat_channel *c, int pos)
{
	memmove(&c->member[pos], &c->member[pos + 1],
		(c->n - (uint32_t)pos - 1) * sizeof c->member[0]);
	memmove(&c->since[pos], &c->since[pos + 1],
		(c->n - (uint32_t)pos - 1) * sizeof c->since[0]);
	c->n--;
}

/* ---- operations -------------------------------------------------------- */

static int chat_member_add(struct chat_room *r, const struct chat_ref *who,
			   int m)
{
	if (m >= 0)
		return m;
	m = chat_member_slot(r);
	r->members[m] = (struct chat_member){ .used = true, .ref = *who,
					      .label = r->next_label++ };
	return m;
}

static int chat_channel_add(struct chat_room *r, const char *ch, size_t n,
			    int c)
{
	if (c >= 0)
		return c;
	c = chat_channel_slot(r);
	struct chat_channel *k = &r->channels[c];
	*k = (struct chat_channel){ .used = true };
	memcpy(k->name, ch, n);
	return c;
}

err_t chat_room_join(struct chat_room *r, const struct chat_ref *who,
		     const char *ch, size_t n, uint32_t *label, uint64_t *next)
{
	if (chat_channel_check(ch, n))
		return ERR_INVALID;
	int m = chat_room_member(r, who), c = chat_channel_find(r, ch, n);
	bool in = m >= 0 && c >= 0 && chat_channel_pos(&r->channels[c], m) >= 0;
	if (!in && ((m >= 0 && chat_member_channels(r, m) >=
				       CHAT_MEMBER_CHANNELS) ||
		    (m < 0 && chat_member_slot(r) < 0) ||
		    (c < 0 && chat_channel_slot(r) < 0)))
		return ERR_QUOTA;
	r->clock++;
	m = chat_member_add(r, who, m);
	c = chat_channel_add(r, ch, n, c);
	struct chat_channel *k = &r->channels[c];
	r->members[m].active = k->active = r->clock;
	*label = r->members[m].label;
	*next = r->next_seq - 1;
	if (!in) {
		k->since[k->n] = r->next_seq;
		k->member[k->n++] = (uint16_t)m;
		chat_log_append(r, CHAT_JOINED, *label, k->name, "", 0);
	}
	return ERR_OK;
}

/* The member and channel of a call on channel ch, both required. */
static err_t chat_in(const struct chat_room *r, const struct chat_ref *who,
		     const char *ch, size_t n, int *m, int *c, int *pos)
{
	if (chat_channel_check(ch, n))
		return ERR_INVALID;
	*m = chat_room_member(r, who);
	*c = chat_channel_find(r, ch, n);
	*pos = *m >= 0 && *c >= 0 ? chat_channel_pos(&r->channels[*c], *m) : -1;
	return *pos < 0 ? ERR_DENIED : ERR_OK;
}

err_t chat_room_leave(struct chat_room *r, const struct chat_ref *who,
		      const char *ch, size_t n)
{
	int m, c, pos;
	err_t e = chat_in(r, who, ch, n, &m, &c, &pos);
	if (e)
		return e;
	struct chat_channel *k = &r->channels[c];
	chat_channel_remove(k, pos);
	r->members[m].active = k->active = ++r->clock;
	chat_log_append(r, CHAT_LEFT, r->members[m].label, k->name, "", 0);
	return ERR_OK;
}

err_t chat_room_quit(struct chat_room *r, const struct chat_ref *who)
{
	int m = chat_room_member(r, who);
	for (int c = 0; m >= 0 && c < CHAT_CHANNELS; c++) {
		struct chat_channel *k = &r->channels[c];
		int pos = k->used ? chat_channel_pos(k, m) : -1;
		if (pos < 0)
			continue;
		chat_channel_remove(k, pos);
		k->active = ++r->clock;
		chat_log_append(r, CHAT_LEFT, r->members[m].label, k->name,
				"", 0);
	}
	return ERR_OK;
}

err_t chat_room_send(struct chat_room *r, const struct chat_ref *who,
		     const char *ch, size_t n, const char *text, size_t len,
		     uint64_t *seq)
{
	int m, c, pos;
	err_t e = chat_in(r, who, ch, n, &m, &c, &pos);
	if (e)
		return e;
	if (chat_text_check(text, len))
		return ERR_INVALID;
	struct chat_channel *k = &r->channels[c];
	r->members[m].active = k->active = ++r->clock;
	*seq = r->next_seq;
	chat_log_append(r, CHAT_MESSAGE, r->members[m].label, k->name, text,
			len);
	return ERR_OK;
}

err_t chat_room_who(const struct chat_room *r, const char *ch, size_t n,
		    uint32_t *labels, uint32_t max, uint32_t *count)
{
	if (chat_channel_check(ch, n))
		return ERR_INVALID;
	int c = chat_channel_find(r, ch, n);
	if (c < 0)
		return ERR_NOT_FOUND;
	const struct chat_channel *k = &r->channels[c];
	*count = k->n < max ? k->n : max;
	for (uint32_t i = 0; i < *count; i++)
		labels[i] = r->members[k->member[i]].label;
	return ERR_OK;
}

/* ---- reading the log --------------------------------------------------- */

static const struct chat_line *chat_log_at(const struct chat_room *r,
					   uint64_t seq)
{
	const struct chat_line *l = &r->log[(seq - 1) % CHAT_LOG];
	return l->seq == seq ? l : 0;
}

static uint64_t chat_log_first(const struct chat_room *r)
{
	uint64_t last = r->next_seq - 1;
	return last > CHAT_LOG ? last - CHAT_LOG + 1 : 1;
}

uint32_t chat_room_history(const struct chat_room *r, const char *ch,
			   size_t n, const struct chat_line **out)
{
	uint32_t k = 0;
	uint64_t first = chat_log_first(r);
	for (uint64_t s = r->next_seq - 1; s >= first && s && k < CHAT_HISTORY;
	     s--) {
		const struct chat_line *l = chat_log_at(r, s);
		if (l && strlen(l->channel) == n && !memcmp(l->channel, ch, n))
			out[k++] = l;
	}
	for (uint32_t i = 0; i < k / 2; i++) {	/* oldest first */
		const struct chat_line *t = out[i];
		out[i] = out[k - 1 - i];
		out[k - 1 - i] = t;
	}
	return k;
}

static bool chat_hears(const struct chat_room *r, int m,
		       const struct chat_line *l)
{
	int c = chat_channel_find(r, l->channel, strlen(l->channel));
	int pos = c >= 0 ? chat_channel_pos(&r->channels[c], m) : -1;
	return pos >= 0 && l->seq >= r->channels[c].since[pos];
}

uint32_t chat_room_collect(const struct chat_room *r,
			   const struct chat_ref *who, uint64_t after,
			   const struct chat_line **out, uint32_t max,
			   uint64_t *next, uint32_t *missed)
{
	uint64_t last = r->next_seq - 1, first = chat_log_first(r);
	int m = chat_room_member(r, who);
	uint32_t k = 0;
	if (after > last)
		after = last;	/* a cursor from the future: start now */
	uint64_t lost = after + 1 < first ? first - after - 1 : 0;
	*missed = lost > UINT32_MAX ? UINT32_MAX : (uint32_t)lost;
	uint64_t s = after + 1 > first ? after + 1 : first;
	for (; s <= last && k < max; s++) {
		const struct chat_line *l = chat_log_at(r, s);
		if (m >= 0 && l && chat_hears(r, m, l))
			out[k++] = l;
	}
	*next = s - 1;
	return k;
}
