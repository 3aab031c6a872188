/* `store` in system/test-services.capnp: imports "log" (logger's Console)
 * and serves StdIO on its export "data": read returns a fixed record. */
#include <string.h>
#include "capos/console.h"
#include "capos/ipc.h"
#include "user/rt/ipc.h"

static int store_read(void *self, StdIO_read_Params_r p, StdIO_read_Results_b r)
{
	static const char rec[] = "record-42";
	StdIO_read_Results_set_eof(r, false);
	return StdIO_read_Results_set_data(r, rec, sizeof rec - 1);
}

static const struct StdIO_server store_server = { .read = store_read };

static void store_log(cap_handle_t log, const char *s)
{
	uint8_t p[256], r[64];
	struct capn_call c;
	Console_writeLine_prepare(&c, p, sizeof p, s, strlen(s));
	capn_call_set_results(&c, r, sizeof r);
	rt_call(log, &c);
}

int main(void)
{
	static uint8_t in[4096], out[256];
	cap_handle_t ep = rt_cap_find("data", Endpoint_IFACE_ID);
	cap_handle_t log = rt_cap_find("log", Console_IFACE_ID);
	if (ep == CAP_HANDLE_NONE || log == CAP_HANDLE_NONE)
		return 2;
	store_log(log, "store: up, serving data");
	for (;;) {
		struct rt_incoming c = rt_recv(ep, in, sizeof in);
		if (c.status < 0)
			return 1;
		RT_SERVE(StdIO, &store_server, 0, ep, &c, out, sizeof out);
	}
}
