/* adventure-client: the Aurelian Frontier at a terminal. Launched by the
 * shell with
 *   run "adventure-client" with { stdio: client @stdio,
 *       adventure: client @adventure, chat: client @chat }
 * it reads lines from `stdio`, turns them into typed Adventure calls
 * (cmds.c) and shows the server's reports; `say` speaks in the room's
 * Chat channel (chat.c). Everything that matters lives in the server,
 * keyed by this session: exiting the client loses nothing, and the next
 * run offers `resume`.
 *
 * The terminal read and the chat wait are both pending on one event
 * loop, so others' speech shows up while you think. */
#include <stdarg.h>
#include <string.h>
#include "capos/chat.h"
#include "capos/console.h"
#include "lib/fmt/fmt.h"
#include "user/adventure-client/client.h"

struct client cl;

static uint8_t line_p[64], line_r[LINE_MAX + 256];
static struct capn_call line_c;

void out(const char *s)
{
	rt_stdio_write(s, (uint32_t)strlen(s));
}

void outf(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	out(buf);
}

static void prompt_and_read(void);

static void on_line(struct rt_loop *l, void *ctx, const struct ring_cqe *q)
{
	struct capn_msg m;
	StdIO_readLine_Results_r r;
	char text[LINE_MAX];
	if (StdIO_readLine_results(&m, &line_c, q->result, &r)) {
		rt_loop_stop(l);
		return;
	}
	ReadLine_r rl = StdIO_readLine_Results_get_line(r);
	struct capn_text t = ReadLine_get_text(rl);
	ReadLine_End end = ReadLine_get_end(rl);
	if (end == ReadLine_End_eof) {
		cl.quit = true;
	} else if (end == ReadLine_End_enter) {
		size_t n = t.len < sizeof text - 1 ? t.len : sizeof text - 1;
		memcpy(text, t.str, n);
		text[n] = '\0';
		cmd_run(text);
	}
	if (cl.quit) {
		rt_loop_stop(l);
		return;
	}
	prompt_and_read();
}

static void prompt_and_read(void)
{
	outf("[frontier%s%s]> ", cl.room[0] ? ":" : "", cl.room);
	StdIO_readLine_prepare(&line_c, line_p, sizeof line_p, LINE_MAX - 1,
			       EchoMode_visible);
	capn_call_set_results(&line_c, line_r, sizeof line_r);
	if (rt_loop_call(&cl.loop, rt_stdio(), &line_c, 0, 0, on_line, 0))
		rt_loop_stop(&cl.loop);
}

static void welcome(void)
{
	static char title[128], intro[1024];
	bool saved;
	if (advc_welcome(cl.adv, &saved, title, sizeof title, intro,
			 sizeof intro) < 0) {
		out("adventure-client: the adventure service does not answer\n");
		cl.quit = true;
		return;
	}
	outf("== %s ==\n%s\nType `help` for commands.\n", title, intro);
	chat_start();
	if (saved) {
		cl.choosing = true;
		out("An expedition of yours is under way. `resume` returns to "
		    "it; `new` starts over.\n");
	} else {
		cmd_run((char[]){ "new" });
	}
}

int main(void)
{
	cl.adv = rt_cap_find("adventure", Adventure_IFACE_ID);
	cl.chat = rt_cap_find("chat", Chat_IFACE_ID);
	if (rt_stdio() == CAP_HANDLE_NONE || cl.adv == CAP_HANDLE_NONE) {
		rt_printf("adventure-client: needs \"stdio\" and "
			  "\"adventure\"\n");
		return 2;
	}
	rt_loop_init(&cl.loop, CAP_HANDLE_NONE);
	welcome();
	if (!cl.quit) {
		prompt_and_read();
		rt_loop_run(&cl.loop);
	}
	chat_quit();
	out("You step away from the frontier. (`resume` next time.)\n");
	return 0;
}
