/* Line-buffered output through the process's "console" capability. */
#include <stdarg.h>
#include "capos/console.h"
#include "lib/fmt/fmt.h"
#include "user/rt/rt.h"
#include "user/rt/thread.h"

static cap_handle_t console = CAP_HANDLE_NONE;
static bool console_looked_up;

static void console_send(const char *s, size_t n)
{
	if (!console_looked_up) {
		console = rt_cap_find("console", Console_IFACE_ID);
		console_looked_up = true;
	}
	if (console == CAP_HANDLE_NONE)
		return;
	uint8_t params[512], results[64];
	struct capn_call c;
	if (Console_write_prepare(&c, params, sizeof(params), s, n))
		return;
	capn_call_set_results(&c, results, sizeof(results));
	rt_call(console, &c);
}

/* Each thread has its own line buffer, so lines never mix. */
void rt_flush(void)
{
	struct rt_thread *me = rt_self();
	if (me->line_len)
		console_send(me->line, me->line_len);
	me->line_len = 0;
}

static void print_sink(void *ctx, const char *s, size_t n)
{
	struct rt_thread *me = rt_self();
	for (size_t i = 0; i < n; i++) {
		me->line[me->line_len++] = s[i];
		if (s[i] == '\n' || me->line_len == sizeof(me->line))
			rt_flush();
	}
}

void rt_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fmt_vformat(print_sink, 0, fmt, ap);
	va_end(ap);
}
