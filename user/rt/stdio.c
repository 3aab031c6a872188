/* The standard streams of a native program: the "stdio" capability (a
 * StdIO endpoint served by whoever launched it, usually the shell). */
#include <string.h>
#include "capos/console.h"
#include "user/rt/rt.h"

cap_handle_t rt_stdio(void)
{
	static cap_handle_t h = CAP_HANDLE_NONE;
	if (h == CAP_HANDLE_NONE)
		h = rt_cap_find("stdio", StdIO_IFACE_ID);
	return h;
}

int32_t rt_stdio_write(const void *data, uint32_t len)
{
	static uint8_t p[4096 + 128];
	uint8_t r[64];
	struct capn_call c;
	if (len > 4096)
		len = 4096;
	if (StdIO_write_prepare(&c, p, sizeof p, data, len))
		return ERR_TOO_LARGE;
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call(rt_stdio(), &c);
	return st < 0 ? st : (int32_t)len;
}

int32_t rt_stdio_puts(const char *s)
{
	return rt_stdio_write(s, (uint32_t)strlen(s));
}

int32_t rt_stdio_readline(char *buf, uint32_t cap, uint32_t echo,
			  uint32_t *end)
{
	static uint8_t r[4096 + 256];
	uint8_t p[64];
	struct capn_call c;
	StdIO_readLine_prepare(&c, p, sizeof p, cap > 1 ? cap - 1 : 0,
			       (EchoMode)echo);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call(rt_stdio(), &c);
	struct capn_msg m;
	StdIO_readLine_Results_r res;
	if (StdIO_readLine_results(&m, &c, st, &res))
		return st < 0 ? st : ERR_INTERNAL;
	ReadLine_r line = StdIO_readLine_Results_get_line(res);
	struct capn_text t = ReadLine_get_text(line);
	uint32_t n = t.len < cap - 1 ? t.len : cap - 1;
	memcpy(buf, t.str, n);
	buf[n] = '\0';
	*end = ReadLine_get_end(line);
	return (int32_t)n;
}
