/* paperclips-server: the authoritative Paperclips game (schema/
 * paperclips.capnp) for every player, keyed by the caller-session
 * reference of the IPC header. Files: main.c (grants, content, the loop,
 * the tick timer), players.c (the bounded player table), game.c (the
 * PaperclipsGame methods), proof.c (the accelerator and fast-forward). */
#ifndef CAPOS_USER_PAPERCLIPS_SERVER_H
#define CAPOS_USER_PAPERCLIPS_SERVER_H
#include "capos/paperclips.h"
#include "lib/paperclips/paperclips.h"
#include "user/rt/evloop.h"

#define PLAYERS_MAX 64
#define GAME_OUT_BYTES 16384

struct player {
	bool used;
	uint64_t ref[2];	/* caller-session reference */
	struct pc_state st;
};

struct server {
	struct pc_content content;
	struct rt_loop loop;
	cap_handle_t game_ep, accel_ep, timer;
	bool paused;		/* args ticks=paused: no automation ticks */
	unsigned char secret[32];	/* the accelerator's HMAC key */
	struct player players[PLAYERS_MAX];
	unsigned nplayers;
};

extern struct server srv;

/* The caller's player (made on first use); NULL when the table is full. */
struct player *players_get(const struct ipc_msg_header *h);
void players_tick(void);

/* What one game call runs with (the `self` of the generated handlers). */
struct game_call {
	struct player *p;
	int proof;		/* fastForward: 1 proven, 0 refused, <0 error */
	const char *why;	/* why the proof failed */
};

extern const struct PaperclipsGame_server game_server;
void game_on_call(struct rt_loop *l, void *ctx, const struct rt_incoming *in);
void game_drop_caps(const struct rt_incoming *in);

void proof_on_accel(struct rt_loop *l, void *ctx, const struct rt_incoming *in);
/* fastForward: check the proof, then answer (maybe later). */
void proof_start(const struct rt_incoming *in, struct player *p);

#endif
