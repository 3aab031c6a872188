/* The smallest child: says hello through its console and exits 0. Also
 * the binary `make bench` spawns for spawn_exit_wait. */
#include "capos/console.h"
#include "user/rt/rt.h"

int main(void)
{
	if (rt_cap_find("console", Console_IFACE_ID) != CAP_HANDLE_NONE &&
	    rt_cap_find("quiet", Console_IFACE_ID) == CAP_HANDLE_NONE)
		rt_printf("hello: hello from a child process\n");
	return 0;
}
