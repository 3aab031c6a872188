/* paperclips-server's start: the grants (console, vm, thread, entropy,
 * timer, the Blob "content", the endpoints of its exports "game" and
 * "accelerator"), the content read and checked, the accelerator's
 * secret drawn, then the loop: both endpoints served and, unless the
 * manifest says `ticks=paused` (tests: the sale cooldown then stays until
 * a tick that never comes, so its refusal is deterministic), one
 * automation tick per second for every player.
 *
 * A musl program (mk/svc.mk) for libsodium's HMAC-SHA256 and its
 * randomness (the "entropy" grant). Bad content or a missing grant stops
 * it with a message: a game with half its rules is no game. */
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include "capos/boot.h"
#include "capos/ipc.h"
#include "capos/time.h"
#include "lib/ring/sqe.h"
#include "user/paperclips-server/server.h"
#include "user/rt/blob.h"

#define CONTENT_MAX (64u * 1024)
#define TICK_NS 1000000000ull

struct server srv;

static bool content_load(void)
{
	static uint8_t buf[CONTENT_MAX] __attribute__((aligned(8)));
	char why[160];
	cap_handle_t blob = rt_cap_find("content", Blob_IFACE_ID);
	if (blob == CAP_HANDLE_NONE) {
		printf("paperclips-server: needs the Blob \"content\"\n");
		return false;
	}
	int64_t n = rt_blob_read_all(blob, buf, sizeof buf);
	if (n < 0) {
		printf("paperclips-server: reading content: %s\n",
		       capos_strerror((int)n));
		return false;
	}
	if (pc_content_load(&srv.content, buf, (size_t)n, why, sizeof why)) {
		printf("paperclips-server: %s\n", why);
		return false;
	}
	return true;
}

static void on_tick(struct rt_loop *l, void *ctx)
{
	players_tick();
	if (rt_loop_after(l, TICK_NS, on_tick, ctx))
		printf("paperclips-server: cannot re-arm the tick timer\n");
}

static bool args_read(void)
{
	for (int i = 0; i < rt_argc(); i++) {
		const char *a = rt_argv(i);
		if (a && !strcmp(a, "ticks=paused"))
			srv.paused = true;
		else if (a && strcmp(a, "ticks=live")) {
			printf("paperclips-server: unknown arg \"%s\" (known: "
			       "ticks=paused, ticks=live)\n", a);
			return false;
		}
	}
	return true;
}

static bool grants_find(void)
{
	srv.game_ep = rt_cap_find("game", Endpoint_IFACE_ID);
	srv.accel_ep = rt_cap_find("accelerator", Endpoint_IFACE_ID);
	srv.timer = rt_cap_find("timer", Timer_IFACE_ID);
	if (srv.game_ep == CAP_HANDLE_NONE || srv.accel_ep == CAP_HANDLE_NONE ||
	    srv.timer == CAP_HANDLE_NONE) {
		printf("paperclips-server: needs the endpoints \"game\" and "
		       "\"accelerator\" and a Timer \"timer\"\n");
		return false;
	}
	return true;
}

int main(void)
{
	static uint8_t game_in[RING_RESULTS_MAX], accel_in[4096];
	if (!args_read() || !grants_find() || !content_load())
		return 2;
	if (sodium_init() < 0) {
		printf("paperclips-server: libsodium failed to start (is "
		       "\"entropy\" granted?)\n");
		return 2;
	}
	randombytes_buf(srv.secret, sizeof srv.secret);
	rt_loop_init(&srv.loop, srv.timer);
	if (rt_loop_serve(&srv.loop, srv.game_ep, game_in, sizeof game_in,
			  game_on_call, 0) ||
	    rt_loop_serve(&srv.loop, srv.accel_ep, accel_in, sizeof accel_in,
			  proof_on_accel, 0) ||
	    (!srv.paused && rt_loop_after(&srv.loop, TICK_NS, on_tick, 0)))
		return 3;
	printf("paperclips-server: serving \"%s\" (%u projects), ticks %s\n",
	       srv.content.title, srv.content.nprojects,
	       srv.paused ? "paused" : "every second");
	fflush(stdout);
	rt_loop_run(&srv.loop);
	return 1;
}
