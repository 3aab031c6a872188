/* capos-shell: the native capability shell.
 *
 * One thread, one ring, one event loop (loop.c). What can be in flight at
 * once, each with its own user_data:
 *   - at most one TerminalSession.readLine: for the prompt, for discarding
 *     the rest of an overlong line, or for a child's StdIO read;
 *   - at most one TerminalSession.interrupt (armed while a foreground job
 *     runs; a Ctrl-C typed while no readLine is pending completes it);
 *   - per job, a Job.wait CALL, and a RECV on the job's StdIO endpoint
 *     when it was given @stdio.
 * Everything else (terminal writes, launches, kills, RETURNs) is a short
 * synchronous call made from a handler; completions that arrive during
 * one are set aside by the runtime and dispatched afterwards.
 *
 * Modes. At the prompt the shell edits a command line; `run` and `wait`
 * put jobs in the foreground until they end. Output of every job is shown
 * as it arrives (at the prompt, the line being edited is cancelled, the
 * output printed, and the prompt redrawn with the same text). Input goes
 * only to foreground jobs, one read at a time in arrival order; a
 * background job that reads waits until `wait` brings it forward.
 *
 * Files: parse.c, hist.c, complete.c, status.c are pure (host-tested);
 * term.c talks to the terminal, prompt.c edits command lines, cmds.c runs
 * builtins, launch.c starts jobs, jobs.c follows them, stdio.c serves
 * their StdIO, loop.c runs the loop and the foreground, session.c starts
 * and ends the shell, calls.c holds the ring and CapSet helpers. */
#ifndef CAPOS_SHELL_H
#define CAPOS_SHELL_H
#include <stdbool.h>
#include <stdint.h>
#include "capos/console.h"
#include "capos/identity.h"
#include "user/capos-shell/hist.h"
#include "user/capos-shell/parse.h"
#include "user/capos-shell/status.h"
#include "user/rt/rt.h"

_Static_assert(SHELL_LINE_MAX <= TerminalSession_maxLineBytes,
	       "the prompt line fits one terminal readLine");

#define SHELL_PROMPT "capos> "
#define SHELL_JOBS_MAX 8
#define SHELL_BINS_MAX 64
#define STDIO_LINE_MAX TerminalSession_maxLineBytes	/* a child's line */
#define STDIO_RECV_MAX (8192 + 256)	/* a child's call (4 KiB writes fit) */

/* ---- the terminal (term.c) ------------------------------------------- */

enum rl_owner {
	RL_PROMPT,	/* the command line */
	RL_DISCARD,	/* the rest of an overlong command line */
	RL_JOB,		/* a child's StdIO read */
};

struct rl_result {
	const char *text;	/* into the readLine's result buffer */
	uint32_t len, cursor;
	ReadLine_End end;
};

struct term_rl {
	uint64_t ud;		/* 0: no readLine in flight */
	enum rl_owner owner;
	struct job *job;	/* RL_JOB */
	bool cancel_sent;	/* we asked to end it: `cancelled` is ours */
	bool for_output;	/* ...to print a job's output: the edit goes
				   on after it (stdio_pause_edit) */
	bool at_start;		/* it began in column 0 with no text */
	uint64_t cancel_writes;	/* sh.writes when we cancelled it */
	EchoMode echo;
	struct capn_call call;
	uint8_t params[STDIO_LINE_MAX + 128];
	uint8_t results[STDIO_LINE_MAX + 256];
};

void term_write(const void *s, size_t n);
void term_puts(const char *s);
void term_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Start a new line unless the cursor is known to be at the start of one. */
void term_fresh_line(void);
/* Erase the current line (the prompt and what was typed after it). */
void term_clear_line(void);
void term_rl_start(enum rl_owner owner, struct job *job, const char *initial,
		   uint32_t len, uint32_t cursor, uint32_t max, EchoMode echo);
/* Decode a finished readLine; false if it failed (message logged). */
bool term_rl_finish(const struct ring_cqe *c, struct rl_result *out);
/* Ask the terminal to end the readLine in flight; false if it refused. */
bool term_rl_cancel(void);
void term_intr_start(void);
int32_t term_window(uint16_t *cols, uint16_t *rows);

/* ---- jobs (jobs.c, launch.c, stdio.c) ---------------------------------- */

enum report_style {
	REPORT_PLAIN,	/* run, wait N: nothing for 0, else "[exited ...]" */
	REPORT_NAMED,	/* wait, notices: "[N] binary: done" */
};

#define STDIO_TAIL_MAX 128	/* a child's prompt, for redrawing it */

struct stdio_read {	/* a child's read or readLine not yet answered */
	bool pending;
	bool line;		/* readLine, else read */
	uint32_t call_id;
	uint32_t max;
	EchoMode echo;
	uint64_t seq;		/* arrival order, across jobs */
	bool paused;		/* its edit was cut short for output: edit */
	uint32_t edit_len, edit_cursor;	/* resumes from here */
	char edit[STDIO_LINE_MAX];
	uint32_t prompt_len;	/* the job's tail when it asked: redrawn */
	bool prompt_lost;
	char prompt[STDIO_TAIL_MAX];
};

struct job {
	int num;		/* 0: a free slot */
	char binary[SHELL_BINARY_MAX + 1];
	cap_handle_t cap;	/* Job */
	bool fg;		/* the shell is waiting for it */
	enum report_style style;
	bool done, notify;	/* ended; the end still to be printed */
	struct status status;
	char why[96];		/* STATUS_LOST */
	uint64_t wait_ud;	/* Job.wait in flight */
	struct capn_call wait_call;
	uint8_t wait_params[64], wait_results[512];
	cap_handle_t ep;	/* its StdIO endpoint (raw), or NONE */
	uint64_t recv_ud;	/* RECV in flight on ep */
	bool held_write;	/* a write in `in` waits for the terminal */
	struct stdio_read rd;
	uint8_t in[STDIO_RECV_MAX] __attribute__((aligned(8)));
	char extra[STDIO_LINE_MAX + 1];	/* read: what the last one left */
	uint32_t extra_len;
	char tail[STDIO_TAIL_MAX];	/* its output after its last "\n" */
	uint32_t tail_len;
	bool tail_lost;		/* longer than tail[]: not redrawn */
};

struct job *job_alloc(const char *binary);
void job_free(struct job *j);
struct job *job_by_num(int num);
void job_wait_start(struct job *j);
void job_on_wait(struct job *j, const struct ring_cqe *c);
int32_t job_kill(struct job *j);
void job_report(struct job *j, enum report_style style);
/* Print held output and notices whenever the terminal is free. */
void jobs_flush_output(void);
/* The foreground job whose read came first, or NULL. */
struct job *jobs_next_reader(void);
void jobs_kill_all(void);

/* Start a job for `run`/`spawn`; prints every error; NULL if none. */
struct job *launch_job(const struct parse_cmd *cmd);
/* The launcher's binaries (fetched once); returns the count. */
int launch_binaries(const char *const **names);
/* The launcher changed (a new session): fetch the list again. */
void launch_forget_binaries(void);

int32_t stdio_open(struct job *j, cap_handle_t *client);
void stdio_close(struct job *j);
void stdio_on_recv(struct job *j, const struct ring_cqe *c);
void stdio_flush_held(struct job *j);
/* Answer j's read from what it left over, or start the terminal read. */
void stdio_serve_read(struct job *j);
void stdio_on_line(struct job *j, const struct rl_result *r, bool ours);
/* A readLine we cancelled to print output (sh.rl.for_output) ended:
 * keep what was typed, erase the line; the read stays pending and its
 * edit resumes, prompt redrawn, once the output is out. */
void stdio_pause_edit(struct job *j, const struct rl_result *r);
/* End j's read, if any, as cancelled (Ctrl-C, the job ended). */
void stdio_cancel_read(struct job *j);

/* ---- the command line (prompt.c, cmds.c) --------------------------------- */

void prompt_start(void);
void prompt_on_line(const struct rl_result *r, bool ours);
void discard_on_line(const struct rl_result *r);
void cmd_execute(const char *line, uint32_t len);
extern const char *const cmd_names[];
extern const size_t cmd_count;

/* ---- the foreground (loop.c) ------------------------------------------- */

void fg_begin(void);
/* A foreground job ended: leave the foreground when none is left. */
void fg_check(void);
enum ctrl_c_echo {
	CTRL_C_QUIET,		/* the interrupt call: nothing echoed */
	CTRL_C_ALONE,		/* a read ended: "^C" alone on the line above */
	CTRL_C_AFTER_TEXT,	/* a read ended: "^C" after what was typed */
};
void fg_on_ctrl_c(enum ctrl_c_echo echo);
void loop_run(void);

/* ---- start and end (session.c) ------------------------------------------ */

/* Find the capabilities, print the MOTD; -1 without a terminal. */
int shell_init(void);
/* Kill the jobs still running, drop what is in flight. */
void shell_finish(void);

/* ---- ring and CapSet helpers (calls.c) ----------------------------------- */

uint64_t call_submit(cap_handle_t cap, const struct capn_call *c);
/* What a failed call says: the CapException's message or the error's. */
const char *call_error(const struct capn_call *c, int32_t st, char *buf,
		       size_t cap);
/* Cancel the ring operation with this user_data (it completes with
 * ERR_CANCELLED, which nobody is waiting for any more). */
void call_cancel(uint64_t ud);
/* A capability the shell holds by name: the session bundle's first, then
 * the CapSet's; held_at(0 .. held_count()-1) lists them all. */
const struct capset_entry *capset_find(const char *name);
const struct capset_entry *bundle_find(const char *name);
uint32_t held_count(void);
const struct capset_entry *held_at(uint32_t i);

/* ---- sessions (ident.c) ------------------------------------------------ */

#define SHELL_BUNDLE_MAX 16
/* Start anonymous (with "sessions" and "broker"): true if the bundle's
 * SystemInfo printed the MOTD. */
bool ident_start(void);
void ident_finish(void);
/* Switch to session s (NONE: a fresh anonymous one), with its bundle. */
void ident_switch(cap_handle_t s);
void ident_take_outcome(const struct capn_call *c, const struct ring_cqe *cqe,
			LoginOutcome_r o, const char *verb);
bool ident_read_line(const char *prompt, EchoMode echo, char *out,
		     uint32_t max);
void ident_login(void);
void ident_setup(void);
void ident_guest(void);
void ident_logout(void);
void ident_whoami(void);
void ident_audit(void);
const char *iface_name(uint64_t id);

/* ---- shared state ----------------------------------------------------- */

struct shell {
	cap_handle_t term, launcher, endpoints;
	cap_handle_t sessions, broker, setup;	/* identity services, or NONE */
	cap_handle_t session;	/* UserSession, or NONE */
	struct capset_entry bundle[SHELL_BUNDLE_MAX];
	uint32_t nbundle;
	bool fg_mode;		/* waiting for foreground jobs */
	bool quit;
	int exit_code;
	int ctrl_c;		/* Ctrl-Cs since the last line typed */
	bool at_line_start;	/* the terminal cursor is in column 0 */
	bool resume;		/* the prompt is still there: edit on */
	uint64_t writes;	/* term_write calls so far */
	int rl_failures, intr_failures;
	struct term_rl rl;
	uint64_t intr_ud;
	struct capn_call intr_call;
	uint8_t intr_params[64], intr_results[128];
	/* the command line while it is not being edited */
	char edit[SHELL_LINE_MAX + 1];
	uint32_t edit_len, edit_cursor;
	struct hist hist;
	struct job jobs[SHELL_JOBS_MAX];
	int next_job;
	uint64_t read_seq;
};

extern struct shell sh;

#endif
