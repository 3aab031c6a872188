/* capos-shell: the native capability shell (see shell.h for the design).
 *
 * Started by init with a CapSet holding at least "terminal" (the
 * TerminalSession it owns) and usually "launcher" (Launcher), "endpoints"
 * (EndpointFactory, for @stdio) and "timer". The message of the day comes
 * as the argument "motd=<text>". `exit` ends the shell with code 0, after
 * killing the jobs still running; a terminal that keeps failing ends it
 * with code 1. */
#include "user/capos-shell/shell.h"

int main(void)
{
	if (shell_init())
		return 1;
	loop_run();
	shell_finish();
	return sh.exit_code;
}
