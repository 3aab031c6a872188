/* The builtins: one table, one handler each. run and spawn go to
 * launch.c; wait puts jobs in the foreground (loop.c). Every error is one
 * line naming the command. */
#include <string.h>
#include "user/capos-shell/shell.h"

struct builtin {
	const char *name;
	int min, max;		/* words after the name */
	const char *usage;	/* shown by help and after a wrong count */
	const char *what;
	void (*fn)(const struct parse_cmd *cmd);
};

static void cmd_help(const struct parse_cmd *cmd);
static void cmd_caps(const struct parse_cmd *cmd);
static void cmd_jobs(const struct parse_cmd *cmd);
static void cmd_wait(const struct parse_cmd *cmd);
static void cmd_kill(const struct parse_cmd *cmd);
static void cmd_echo(const struct parse_cmd *cmd);
static void cmd_clear(const struct parse_cmd *cmd);
static void cmd_exit(const struct parse_cmd *cmd);
static void cmd_login(const struct parse_cmd *cmd) { ident_login(); }
static void cmd_setup(const struct parse_cmd *cmd) { ident_setup(); }
static void cmd_guest(const struct parse_cmd *cmd) { ident_guest(); }
static void cmd_logout(const struct parse_cmd *cmd) { ident_logout(); }
static void cmd_whoami(const struct parse_cmd *cmd) { ident_whoami(); }
static void cmd_audit(const struct parse_cmd *cmd) { ident_audit(); }

static const struct builtin builtins[] = {
	{ "help", 0, 0, "help", "this list", cmd_help },
	{ "caps", 0, 0, "caps", "the capabilities this shell holds", cmd_caps },
	{ "run", 0, 0, "run \"<binary>\" [with { name: source, ... }]",
	  "start a program and wait for it", 0 },
	{ "spawn", 0, 0, "spawn \"<binary>\" [with { ... }]",
	  "start a program in the background", 0 },
	{ "jobs", 0, 0, "jobs", "list the background jobs", cmd_jobs },
	{ "wait", 0, 1, "wait [N]", "wait for job N, or for every job", cmd_wait },
	{ "kill", 1, 1, "kill N", "kill job N", cmd_kill },
	{ "echo", 0, SHELL_ARGS_MAX - 1, "echo [text ...]", "print the text",
	  cmd_echo },
	{ "clear", 0, 0, "clear", "clear the screen", cmd_clear },
	{ "login", 0, 0, "login", "log in (asks for user name and password)",
	  cmd_login },
	{ "setup", 0, 0, "setup", "create a local operator account, then log in",
	  cmd_setup },
	{ "guest", 0, 0, "guest", "switch to a guest session", cmd_guest },
	{ "logout", 0, 0, "logout", "end the session: back to anonymous",
	  cmd_logout },
	{ "whoami", 0, 0, "whoami", "the session's profile and principal",
	  cmd_whoami },
	{ "audit", 0, 0, "audit", "the audit log (operators)", cmd_audit },
	{ "exit", 0, 0, "exit", "leave the shell", cmd_exit },
};
#define NBUILTINS (sizeof(builtins) / sizeof(builtins[0]))

const char *const cmd_names[] = {
	"help", "caps", "run", "spawn", "jobs", "wait", "kill", "echo",
	"clear", "login", "setup", "guest", "logout", "whoami", "audit", "exit",
};
const size_t cmd_count = sizeof(cmd_names) / sizeof(cmd_names[0]);
_Static_assert(sizeof(cmd_names) / sizeof(cmd_names[0]) == NBUILTINS,
	       "every builtin is completed");

static void cmd_help(const struct parse_cmd *cmd)
{
	term_puts("commands:\n");
	for (size_t i = 0; i < NBUILTINS; i++)
		term_printf("  %-44s %s\n", builtins[i].usage, builtins[i].what);
	term_puts("grant sources:\n"
		  "  @name         a copy of this shell's capability (see caps)\n"
		  "  client @name  a client of this shell's endpoint `name`\n"
		  "  @stdio        this terminal, served by the shell for the "
		  "child\n"
		  "e.g. run \"hello\" with { stdio: @stdio }\n"
		  "keys: Tab completes, Up/Down recall, Ctrl-C interrupts a "
		  "program (twice: kills it)\n");
}

static void cmd_caps(const struct parse_cmd *cmd)
{
	int width = 4;
	uint32_t n = held_count();
	for (uint32_t i = 0; i < n; i++) {
		int w = (int)strnlen(held_at(i)->name, CAPSET_NAME_MAX);
		width = w > width ? w : width;
	}
	for (uint32_t i = 0; i < n; i++) {
		const struct capset_entry *e = held_at(i);
		term_printf("%-*.*s  %s\n", width, CAPSET_NAME_MAX, e->name,
			    iface_name(e->interface_id));
	}
	if (n == 0)
		term_puts("this shell holds no capabilities\n");
}

static void cmd_jobs(const struct parse_cmd *cmd)
{
	char words[128];
	int shown = 0;
	for (int num = 1; num < sh.next_job; num++) {
		struct job *j = job_by_num(num);
		if (!j)
			continue;
		if (j->done)
			status_words(&j->status, words, sizeof(words));
		term_printf("[%d] %-16s %s\n", j->num, j->binary,
			    j->done ? words : j->rd.pending
			    ? "waiting for input (wait gives it the terminal)"
			    : "running");
		shown++;
	}
	if (!shown)
		term_puts("no jobs\n");
}

/* Report and forget the jobs that ended; bring the others forward. */
static void cmd_wait_all(void)
{
	int waiting = 0, any = 0;
	for (int num = 1; num < sh.next_job; num++) {
		struct job *j = job_by_num(num);
		if (!j)
			continue;
		any++;
		if (j->done) {
			job_report(j, REPORT_NAMED);
			job_free(j);
			continue;
		}
		j->fg = true;
		j->style = REPORT_NAMED;
		waiting++;
	}
	if (!any)
		term_puts("wait: no jobs\n");
	if (waiting)
		fg_begin();
}

static struct job *cmd_job_arg(const char *verb, const char *arg)
{
	int num = parse_job_number(arg);
	struct job *j = num > 0 ? job_by_num(num) : 0;
	if (num < 0)
		term_printf("%s: expected a job number, got '%.32s'\n", verb, arg);
	else if (!j)
		term_printf("%s: no job %d (see jobs)\n", verb, num);
	return j;
}

static void cmd_wait(const struct parse_cmd *cmd)
{
	if (cmd->argc == 1) {
		cmd_wait_all();
		return;
	}
	struct job *j = cmd_job_arg("wait", cmd->argv[1]);
	if (!j)
		return;
	if (j->done) {
		job_report(j, REPORT_PLAIN);
		job_free(j);
		return;
	}
	j->fg = true;
	j->style = REPORT_PLAIN;
	fg_begin();
}

static void cmd_kill(const struct parse_cmd *cmd)
{
	struct job *j = cmd_job_arg("kill", cmd->argv[1]);
	if (!j)
		return;
	if (j->done) {
		term_printf("kill: job %d (%s) has already ended\n", j->num,
			    j->binary);
		return;
	}
	int32_t st = job_kill(j);
	if (st < 0)
		term_printf("kill: job %d (%s): %s\n", j->num, j->binary,
			    capos_strerror(st));
}

static void cmd_echo(const struct parse_cmd *cmd)
{
	for (int i = 1; i < cmd->argc; i++)
		term_printf("%s%s", cmd->argv[i], i + 1 < cmd->argc ? " " : "");
	term_puts("\n");
}

static void cmd_clear(const struct parse_cmd *cmd)
{
	term_puts("\x1b[2J\x1b[H");
	sh.at_line_start = true;
}

static void cmd_exit(const struct parse_cmd *cmd)
{
	sh.quit = true;
	sh.exit_code = 0;
}

static void cmd_launch(const struct parse_cmd *cmd)
{
	struct job *j = launch_job(cmd);
	if (!j)
		return;
	if (!cmd->wait) {
		term_printf("[%d] %s\n", j->num, j->binary);
		return;
	}
	j->fg = true;
	j->style = REPORT_PLAIN;
	fg_begin();
}

static void cmd_words(const struct parse_cmd *cmd)
{
	const struct builtin *b = 0;
	for (size_t i = 0; i < NBUILTINS && !b; i++)
		if (!strcmp(builtins[i].name, cmd->argv[0]) && builtins[i].fn)
			b = &builtins[i];
	if (!b) {
		term_printf("unknown command: %.64s (try help)\n", cmd->argv[0]);
		return;
	}
	if (cmd->argc - 1 < b->min || cmd->argc - 1 > b->max) {
		term_printf("usage: %s\n", b->usage);
		return;
	}
	b->fn(cmd);
}

void cmd_execute(const char *line, uint32_t len)
{
	static struct parse_cmd cmd;
	int err = parse_line(line, len, &cmd);
	term_fresh_line();
	if (err) {
		term_printf("%s\n", cmd.err);
		return;
	}
	switch (cmd.kind) {
	case PARSE_EMPTY: return;
	case PARSE_WORDS: cmd_words(&cmd); return;
	case PARSE_LAUNCH: cmd_launch(&cmd); return;
	}
}
