/* pc-forge: a hostile Paperclips player (system/test-paperclips.capnp),
 * started from a logged-in shell:
 *   run "pc-forge" with { stdio: @stdio, paperclips: client @paperclips,
 *                         endpoints: @endpoints }
 * It makes an endpoint of its own, passes it as the proof accelerator of
 * PC_ROUNDS fast-forwards, and answers each challenge with a wrong MAC
 * plus PC_EXTRA capabilities the server never asked for. Every round
 * must be refused as forged; a server that kept those capabilities would
 * run out of table slots (256) long before the end, so the last check is
 * that it still answers. Prints `pc-forge: ... ok` or FAILED. */
#include <string.h>
#include "capos/ipc.h"
#include "capos/paperclips.h"
#include "lib/fmt/fmt.h"
#include "user/rt/evloop.h"
#include "user/rt/ipc.h"

#define PC_ROUNDS 100
#define PC_EXTRA 3

static cap_handle_t game, ep, client;
static struct rt_loop loop;
static struct capn_call ff;
static uint8_t ff_params[128], ff_results[1024], in_buf[2048];
static uint32_t rounds, refused, answered;

static void out(const char *s)
{
	rt_stdio_write(s, (uint32_t)strlen(s));
}

static void ff_start(void);

static bool says_forged(struct capn_text t)
{
	static const char want[] = "(forged grant)";
	for (size_t i = 0; i + sizeof want - 1 <= t.len; i++)
		if (!memcmp(t.str + i, want, sizeof want - 1))
			return true;
	return false;
}

static void ff_done(struct rt_loop *l, void *ctx, const struct ring_cqe *cqe)
{
	struct capn_msg m;
	PaperclipsGame_fastForward_Results_r r;
	if (!PaperclipsGame_fastForward_results(&m, &ff, cqe->result, &r) &&
	    !PaperclipsGame_fastForward_Results_get_ok(r) &&
	    says_forged(PaperclipsGame_fastForward_Results_get_text(r)))
		refused++;
	if (++rounds < PC_ROUNDS)
		ff_start();
	else
		rt_loop_stop(l);
}

static void ff_start(void)
{
	struct ring_xfer x = { .cap = client, .mode = RING_XFER_COPY };
	PaperclipsGame_fastForward_prepare(&ff, ff_params, sizeof ff_params, 10,
					   0);
	capn_call_set_results(&ff, ff_results, sizeof ff_results);
	if (rt_loop_call(&loop, game, &ff, &x, 1, ff_done, 0))
		rt_loop_stop(&loop);
}

/* A wrong MAC, and capabilities nobody asked for. */
static void on_prove(struct rt_loop *l, void *ctx, const struct rt_incoming *in)
{
	static uint8_t res[256];
	uint8_t mac[32] = { 0 };
	if (in->status < 0)
		return;
	for (uint32_t i = 0; i < in->hdr->ncaps; i++)
		rt_release(in->caps[i].handle);
	struct capn_builder b;
	capn_build_init(&b, res, sizeof res);
	PaperclipsAccelerator_prove_Results_b r = { capn_b_root(&b,
		PaperclipsAccelerator_prove_Results_DATA_WORDS,
		PaperclipsAccelerator_prove_Results_PTR_COUNT) };
	PaperclipsAccelerator_prove_Results_set_mac(r, mac, sizeof mac);
	struct ring_xfer x[PC_EXTRA];
	for (uint32_t i = 0; i < PC_EXTRA; i++)
		x[i] = (struct ring_xfer){ .cap = client, .mode = RING_XFER_COPY };
	size_t n = capn_build_finish(&b);
	if (rt_return(ep, in->hdr->call_id, res, (uint32_t)n, x, PC_EXTRA,
		      false) >= 0)
		answered++;
}

static bool make_endpoint(void)
{
	uint8_t p[64], r[256];
	struct capn_call c;
	struct capn_msg m;
	struct ring_cqe cqe;
	EndpointFactory_create_Results_r res;
	cap_handle_t f = rt_cap_find("endpoints", EndpointFactory_IFACE_ID);
	EndpointFactory_create_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call_xfer(f, &c, 0, 0, &cqe);
	if (EndpointFactory_create_results(&m, &c, st, &res))
		return false;
	ep = rt_result_cap(&c, &cqe, EndpointFactory_create_Results_get_endpoint(res),
			   Endpoint_IFACE_ID);
	client = rt_result_cap(&c, &cqe, EndpointFactory_create_Results_get_client(res),
			       ClientEndpoint_IFACE_ID);
	return ep != CAP_HANDLE_NONE && client != CAP_HANDLE_NONE;
}

static bool server_answers(void)
{
	uint8_t p[64], r[2048];
	struct capn_call c;
	PaperclipsGame_status_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	return rt_call(game, &c) >= 0;
}

int main(void)
{
	char line[160];
	game = rt_cap_find("paperclips", PaperclipsGame_IFACE_ID);
	if (game == CAP_HANDLE_NONE || !make_endpoint()) {
		out("pc-forge: needs paperclips (PaperclipsGame) and endpoints\n");
		return 2;
	}
	rt_loop_init(&loop, CAP_HANDLE_NONE);
	rt_loop_serve(&loop, ep, in_buf, sizeof in_buf, on_prove, 0);
	ff_start();
	rt_loop_run(&loop);
	bool ok = refused == PC_ROUNDS && answered == PC_ROUNDS;
	fmt_snprintf(line, sizeof line, "pc-forge: %u forged proofs with %u "
		     "extra capabilities each refused ... %s\n", refused,
		     PC_EXTRA, ok ? "ok" : "FAILED");
	out(line);
	ok = server_answers();
	out(ok ? "pc-forge: server_still_answers ... ok\n"
	       : "pc-forge: server_still_answers ... FAILED\n");
	return ok ? 0 : 1;
}
