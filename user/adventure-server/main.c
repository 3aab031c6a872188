/* adventure-server: the Aurelian Frontier, a resident service. It loads
 * the world from the Blob `content` (content/adventure.capnp compiled by
 * mk/content.mk) and serves the interface Adventure (schema/adventure.capnp)
 * on its export `game`. Every player's expedition lives here, keyed by
 * the caller's session (players.c), so it survives the client's exit
 * (the client's `resume`) and ends only with leave().
 *
 * Speech is not here: NPC processes (user/adventure-npc) and players
 * talk in Chat room channels; this service tells a client its room's
 * channel and nothing more. The game's people act only through typed
 * calls (ask), so the mission stays this service's alone to judge.
 *
 * Grants: game (Endpoint), content (Blob), console. */
#include "capos/ipc.h"
#include "capos/boot.h"
#include "user/adventure-server/server.h"
#include "lib/ring/sqe.h"
#include "user/rt/evloop.h"

static struct rt_loop loop;
static cap_handle_t game_ep;

static void on_call(struct rt_loop *l, void *ctx, const struct rt_incoming *in)
{
	if (in->status < 0) {
		rt_printf("adventure-server: receive failed: %s\n",
			  capos_strerror(in->status));
		rt_loop_stop(l);
		return;
	}
	game_serve(game_ep, in);
}

int main(void)
{
	static uint8_t buf[RING_RESULTS_MAX];
	game_ep = rt_cap_find("game", Endpoint_IFACE_ID);
	cap_handle_t content = rt_cap_find("content", Blob_IFACE_ID);
	if (game_ep == CAP_HANDLE_NONE || content == CAP_HANDLE_NONE) {
		rt_printf("adventure-server: needs the endpoint \"game\" and "
			  "the Blob \"content\"\n");
		return 2;
	}
	if (!content_load(content))
		return 3;
	rt_release(content);
	rt_loop_init(&loop, CAP_HANDLE_NONE);
	if (rt_loop_serve(&loop, game_ep, buf, sizeof buf, on_call, 0))
		return 1;
	rt_printf("adventure-server: serving \"%.*s\" (%u rooms, %u beats, "
		  "%u players at most)\n", (int)world.title.len, world.title.s,
		  world.nrooms, world.nbeats, Adventure_maxPlayers);
	rt_loop_run(&loop);
	return 1;
}
