/* Program arguments: the read-only args page the spawner mapped, if any
 * (lib/ring/abi.h). No page means no arguments. */
#include "user/rt/rt.h"

static const struct args_page *rt_args_page(void)
{
	uint64_t a = rt_capset ? rt_capset->args : 0;
	const struct args_page *ap = (const struct args_page *)a;
	return ap && ap->magic == ARGS_MAGIC ? ap : 0;
}

int rt_argc(void)
{
	const struct args_page *ap = rt_args_page();
	return ap ? (int)ap->argc : 0;
}

const char *rt_argv(int i)
{
	const struct args_page *ap = rt_args_page();
	if (!ap || i < 0 || (uint32_t)i >= ap->argc || ap->off[i] >= ARGS_BYTES)
		return 0;
	return ap->bytes + ap->off[i];
}
