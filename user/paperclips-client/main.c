/* paperclips-client: launched as
 *   run "paperclips-client" with { stdio: client @stdio,
 *                                  paperclips: client @paperclips }
 * (plus `accelerator: ...` for fast-forward). A prompt loop: a blank
 * line repeats the last command; help, status and projects are drawn
 * from the server's replies, `status --json` prints its one line, `run
 * <ticks>` asks for a fast-forward, `exit` (or end of input) leaves;
 * everything else is sent to the server as it was typed. */
#include <stdarg.h>
#include <string.h>
#include "capos/console.h"
#include "lib/fmt/fmt.h"
#include "user/paperclips-client/client.h"

#define LINE_BYTES 256

struct client cl;

static void out_sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	rt_stdio_write(s, (uint32_t)n);
}

void out(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fmt_vformat(out_sink, 0, fmt, ap);
	va_end(ap);
}

/* The capability named `name`, whatever interface it came as. */
static cap_handle_t cap_named(const char *name)
{
	for (uint32_t i = 0; i < rt_capset->count && i < CAPSET_MAX; i++)
		if (!strncmp(rt_capset->entries[i].name, name, CAPSET_NAME_MAX))
			return rt_capset->entries[i].handle;
	return CAP_HANDLE_NONE;
}

/* "run <ticks>": digits only, up to 4294967295; the server bounds it. */
static void run_line(const char *arg)
{
	uint64_t n = 0;
	size_t len = strlen(arg);
	bool ok = len > 0 && len <= 10;
	for (size_t i = 0; ok && i < len; i++) {
		ok = arg[i] >= '0' && arg[i] <= '9';
		n = n * 10 + (uint64_t)(arg[i] - '0');
	}
	if (!ok || n > UINT32_MAX) {
		out("usage: run <ticks>\n");
		return;
	}
	call_run((uint32_t)n);
}

/* One command; false for exit. */
static bool client_do(const char *line)
{
	if (!strcmp(line, "exit"))
		return false;
	if (!strcmp(line, "help"))
		call_help();
	else if (!strcmp(line, "status"))
		call_status();
	else if (!strcmp(line, "status --json"))
		call_status_json();
	else if (!strcmp(line, "projects"))
		call_projects();
	else if (!strncmp(line, "run ", 4) || !strcmp(line, "run"))
		run_line(line[3] ? line + 4 : "");
	else
		call_execute(line, (uint32_t)strlen(line));
	return true;
}

static void client_loop(void)
{
	static char line[LINE_BYTES], last[LINE_BYTES];
	for (;;) {
		uint32_t end = 0;
		out("paperclips> ");
		int32_t n = rt_stdio_readline(line, sizeof line,
					      EchoMode_visible, &end);
		if (n < 0 || end == ReadLine_End_eof ||
		    end == ReadLine_End_cancelled)
			return;
		if (!line[0] && !last[0])
			continue;
		if (line[0])
			memcpy(last, line, sizeof last);
		if (!client_do(last))
			return;
	}
}

int main(void)
{
	if (rt_stdio() == CAP_HANDLE_NONE)
		return 2;
	cl.game = cap_named("paperclips");
	cl.accel = cap_named("accelerator");
	if (cl.game == CAP_HANDLE_NONE) {
		out("paperclips: needs the game as \"paperclips\" (run with "
		    "{ stdio: client @stdio, paperclips: client @paperclips })\n");
		return 2;
	}
	out("Paperclips: make clips, sell them, automate. `help` lists the "
	    "commands, `exit` leaves.\n");
	client_loop();
	out("paperclips: bye (your game goes on at the server)\n");
	return 0;
}
