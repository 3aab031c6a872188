/* Output: heard lines are gathered into one StdIO write per batch (at
 * most 4 KiB each), so the shell redraws the prompt once per batch, not
 * once per line. */
#include <stdarg.h>
#include <string.h>
#include "lib/fmt/fmt.h"
#include "user/chat-client/client.h"

static char out[4096];
static size_t out_len;

static void cli_flush(void)
{
	if (out_len)
		rt_stdio_write(out, (uint32_t)out_len);
	out_len = 0;
}

static void cli_add(const char *s, size_t n)
{
	if (out_len + n > sizeof out)
		cli_flush();
	if (n > sizeof out)
		n = sizeof out;
	memcpy(out + out_len, s, n);
	out_len += n;
}

void cli_print(const char *s)
{
	rt_stdio_write(s, (uint32_t)strlen(s));
}

void cli_printf(const char *fmt, ...)
{
	char buf[640];
	va_list ap;
	va_start(ap, fmt);
	size_t n = fmt_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	rt_stdio_write(buf, (uint32_t)(n < sizeof buf ? n : sizeof buf - 1));
}

/* One heard line as text; 0 for our own joins and leaves (we said so). */
static size_t cli_format(ChatLine_r l, bool replay, char *buf, size_t cap)
{
	struct capn_text ch = ChatLine_get_channel(l);
	struct capn_text who = ChatLine_get_label(l);
	struct capn_text t = ChatLine_get_text(l);
	ChatLine_Kind k = ChatLine_get_kind(l);
	if (k != ChatLine_Kind_message &&
	    (replay || capn_text_eq(who, cli.label)))
		return 0;
	if (k == ChatLine_Kind_message)
		return fmt_snprintf(buf, cap, "[%s] %.*s <%.*s> %.*s\n",
				    replay ? "replay" : "chat", (int)ch.len,
				    ch.str, (int)who.len, who.str, (int)t.len,
				    t.str);
	return fmt_snprintf(buf, cap, "[chat] %.*s %.*s %s\n", (int)ch.len,
			    ch.str, (int)who.len, who.str,
			    k == ChatLine_Kind_joined ? "joined" : "left");
}

void cli_print_lines(ChatLine_list_r l, bool replay)
{
	char buf[CHAT_TEXT_MAX + 128];
	for (uint32_t i = 0; i < ChatLine_list_len(l); i++) {
		size_t n = cli_format(ChatLine_list_get(l, i), replay, buf,
				      sizeof buf);
		cli_add(buf, n < sizeof buf ? n : sizeof buf - 1);
	}
	cli_flush();
}
