/* The player table: one expedition per caller session. The key is what
 * the kernel puts in every call's header (the session reference, opaque
 * and scoped to this endpoint, and the session's epoch), never anything
 * the caller sends: a client can only reach its own session's state. A
 * bounded table: when it is full, a new expedition is refused (start()
 * answers Refusal full) until someone leaves. */
#include <string.h>
#include "user/adventure-server/server.h"

struct slot {
	bool used;
	uint64_t ref[2];
	uint32_t epoch;
	struct adv_player p;
};

static struct slot slots[Adventure_maxPlayers];

static bool slot_is(const struct slot *s, const struct ipc_msg_header *h)
{
	return s->used && s->ref[0] == h->session_ref[0] &&
	       s->ref[1] == h->session_ref[1] && s->epoch == h->session_epoch;
}

static struct slot *slot_of(const struct ipc_msg_header *h)
{
	for (uint32_t i = 0; i < Adventure_maxPlayers; i++)
		if (slot_is(&slots[i], h))
			return &slots[i];
	return NULL;
}

struct adv_player *players_find(const struct ipc_msg_header *h)
{
	struct slot *s = slot_of(h);
	return s ? &s->p : NULL;
}

struct adv_player *players_claim(const struct ipc_msg_header *h)
{
	struct slot *s = slot_of(h);
	for (uint32_t i = 0; !s && i < Adventure_maxPlayers; i++)
		if (!slots[i].used)
			s = &slots[i];
	if (!s)
		return NULL;
	s->used = true;
	s->ref[0] = h->session_ref[0];
	s->ref[1] = h->session_ref[1];
	s->epoch = h->session_epoch;
	return &s->p;
}

void players_free(const struct ipc_msg_header *h)
{
	struct slot *s = slot_of(h);
	if (s)
		memset(s, 0, sizeof(*s));
}

uint32_t players_count(void)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < Adventure_maxPlayers; i++)
		n += slots[i].used;
	return n;
}
