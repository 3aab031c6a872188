/* adventure-server: the Aurelian Frontier's resident service (see
 * main.c). Shared by its files: the world, the player table, serving. */
#ifndef CAPOS_USER_ADVENTURE_SERVER_H
#define CAPOS_USER_ADVENTURE_SERVER_H
#include "capos/adventure.h"
#include "lib/adventure/rules.h"
#include "lib/ring/ipc.h"
#include "user/rt/ipc.h"

#define CONTENT_MAX 65536	/* the largest content blob we take */

extern struct adv_world world;

/* content.c: read the Blob `content` into memory and load the world;
 * false (with the reason printed) if it cannot be used. */
bool content_load(cap_handle_t blob);

/* players.c: one expedition per caller session (reference and epoch
 * from the IPC header), at most Adventure_maxPlayers. */
struct adv_player *players_find(const struct ipc_msg_header *h);
/* The caller's slot, new if it has none; NULL when the table is full. */
struct adv_player *players_claim(const struct ipc_msg_header *h);
void players_free(const struct ipc_msg_header *h);
uint32_t players_count(void);

/* serve.c: answer one call on the game endpoint. */
void game_serve(cap_handle_t ep, const struct rt_incoming *in);

#endif
