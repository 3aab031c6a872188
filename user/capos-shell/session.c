/* Starting and ending the shell: its capabilities, the message of the
 * day, and what is left running at `exit`. */
#include <string.h>
#include "capos/ipc.h"
#include "capos/process.h"
#include "user/capos-shell/shell.h"

static void shell_motd(void)
{
	for (int i = 0; i < rt_argc(); i++) {
		const char *a = rt_argv(i);
		if (!a || strncmp(a, "motd=", 5))
			continue;
		term_puts(a + 5);
		term_fresh_line();
	}
}

int shell_init(void)
{
	memset(&sh, 0, sizeof(sh));
	sh.term = rt_cap_find("terminal", TerminalSession_IFACE_ID);
	if (sh.term == CAP_HANDLE_NONE) {
		rt_printf("capos-shell: no \"terminal\" (TerminalSession) in my "
			  "CapSet: nothing to do\n");
		return -1;
	}
	sh.launcher = rt_cap_find("launcher", Launcher_IFACE_ID);
	sh.endpoints = rt_cap_find("endpoints", EndpointFactory_IFACE_ID);
	for (int i = 0; i < SHELL_JOBS_MAX; i++)
		sh.jobs[i].cap = sh.jobs[i].ep = CAP_HANDLE_NONE;
	sh.at_line_start = true;
	sh.next_job = 1;
	hist_init(&sh.hist);
	if (!ident_start())
		shell_motd();
	return 0;
}

void shell_finish(void)
{
	jobs_kill_all();
	call_cancel(sh.intr_ud);
	sh.intr_ud = 0;
	ident_finish();
}
