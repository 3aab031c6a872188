/* Console: the kernel log, for processes. Each write becomes log lines
 * under the writer's own log source ("init: ..."), so the per-process rate
 * limit applies and one chatty process cannot drown the others. Control
 * characters are shown as '?': a process cannot forge log prefixes or
 * move the cursor on the operator's terminal. */
#include "capos/console.h"
#include "capos/err.h"
#include "kernel/cap/cap.h"
#include "kernel/core/log.h"
#include "kernel/proc/process.h"

#define CONSOLE_LINE_MAX 200

static void console_emit(struct process *p, const char *s, size_t n)
{
	char line[CONSOLE_LINE_MAX + 1];
	size_t len = 0;
	for (size_t i = 0; i <= n; i++) {
		bool end = i == n || s[i] == '\n';
		if (!end && len < CONSOLE_LINE_MAX) {
			unsigned char c = (unsigned char)s[i];
			line[len++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
		}
		if ((end || len == CONSOLE_LINE_MAX) && (len || (end && i < n))) {
			line[len] = '\0';
			log_info(&p->console_log, "%s", line);
			len = 0;
		}
	}
}

static int console_write(void *self, Console_write_Params_r params,
			 Console_write_Results_b results)
{
	struct cap_call *c = self;
	struct capn_data d = Console_write_Params_get_data(params);
	console_emit(c->t->proc, (const char *)d.ptr, d.len);
	return 0;
}

static int console_write_line(void *self, Console_writeLine_Params_r params,
			      Console_writeLine_Results_b results)
{
	struct cap_call *c = self;
	struct capn_text t = Console_writeLine_Params_get_text(params);
	console_emit(c->t->proc, t.str, t.len);
	return 0;
}

static const struct Console_server console_server = {
	.write = console_write,
	.writeLine = console_write_line,
};

int console_invoke(struct cap_call *c)
{
	struct capn_dispatch d;
	capn_dispatch_init(&d, c->method, c->params, c->params_len, c->results,
			   c->results_cap);
	int r = Console_dispatch(&console_server, c, &d);
	return r < 0 ? r : (int)d.results_len;
}
