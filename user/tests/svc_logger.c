/* `logger` in system/test-services.capnp: serves Console on its export
 * "log", prefixing each line with the caller's words "log: ". */
#include <string.h>
#include "capos/console.h"
#include "capos/ipc.h"
#include "user/rt/ipc.h"

static int log_write(void *self, Console_write_Params_r p,
		     Console_write_Results_b r)
{
	struct capn_data d = Console_write_Params_get_data(p);
	rt_printf("log: %.*s", (int)d.len, (const char *)d.ptr);
	return 0;
}

static int log_write_line(void *self, Console_writeLine_Params_r p,
			  Console_writeLine_Results_b r)
{
	struct capn_text t = Console_writeLine_Params_get_text(p);
	rt_printf("log: %.*s\n", (int)t.len, t.str);
	return 0;
}

static const struct Console_server log_server = {
	.write = log_write, .writeLine = log_write_line,
};

int main(void)
{
	static uint8_t in[4096], out[256];
	cap_handle_t ep = rt_cap_find("log", Endpoint_IFACE_ID);
	if (ep == CAP_HANDLE_NONE)
		return 2;
	rt_printf("logger: serving log\n");
	for (;;) {
		struct rt_incoming c = rt_recv(ep, in, sizeof in);
		if (c.status < 0)
			return 1;
		RT_SERVE(Console, &log_server, 0, ep, &c, out, sizeof out);
		rt_flush();
	}
}
