/* The players: one game per caller session, found by the 128-bit
 * session reference the kernel puts in every call's header (nothing a
 * client sends can name another player). The table is bounded; when it
 * is full a new session is refused (game.c says so) and no one else's
 * game is dropped. Games live as long as the server. */
#include "user/paperclips-server/server.h"

struct player *players_get(const struct ipc_msg_header *h)
{
	struct player *free_slot = 0;
	for (unsigned i = 0; i < PLAYERS_MAX; i++) {
		struct player *p = &srv.players[i];
		if (p->used && p->ref[0] == h->session_ref[0] &&
		    p->ref[1] == h->session_ref[1])
			return p;
		if (!p->used && !free_slot)
			free_slot = p;
	}
	if (!free_slot)
		return 0;
	free_slot->used = true;
	free_slot->ref[0] = h->session_ref[0];
	free_slot->ref[1] = h->session_ref[1];
	pc_state_init(&free_slot->st, &srv.content);
	srv.nplayers++;
	return free_slot;
}

/* The once-a-second automation tick of every game. */
void players_tick(void)
{
	for (unsigned i = 0; i < PLAYERS_MAX; i++)
		if (srv.players[i].used && !srv.players[i].st.finished)
			pc_tick(&srv.players[i].st, &srv.content);
}
