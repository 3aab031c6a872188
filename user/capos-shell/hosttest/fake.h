/* A fake kernel, terminal, launcher and children for running the shell's
 * event loop on the host (tests/host/test_shell_loop.c). Not built into
 * the shell: it replaces user/rt (the ring client, CapSet, calls) with an
 * in-process model whose completions land on a real ring page, so loop.c
 * reads them exactly as it would from the kernel.
 *
 * A test is a script of events (a line typed, Ctrl-C, a child's StdIO
 * call, a child ending). Each time the shell would sleep in cap_enter the
 * next event happens; when the script is done the shell is told to quit.
 * Afterwards the test reads the terminal transcript and each child's log
 * of the answers it got. */
#ifndef CAPOS_SHELL_FAKE_H
#define CAPOS_SHELL_FAKE_H
#include <stdbool.h>
#include <stdint.h>
#include "capos/console.h"

enum fake_ev_kind {
	EV_TYPE,	/* the user ends the pending readLine: text, end */
	EV_CTRL_C,	/* Ctrl-C: the readLine, else the interrupt */
	EV_WRITE,	/* child `job` calls StdIO.write(text) */
	EV_READ,	/* child `job` calls StdIO.read(arg) */
	EV_READLINE,	/* child `job` calls StdIO.readLine(arg, visible) */
	EV_CANCEL,	/* child `job` calls StdIO.cancel() */
	EV_RAW,		/* child `job` calls method arg with bytes text */
	EV_EXIT,	/* child `job` exits with code arg */
	EV_FAULT,	/* child `job` faults: vector arg, address 0 */
	EV_NOTHING,	/* let the shell run once more (checks it is idle) */
};

struct fake_ev {
	enum fake_ev_kind kind;
	const char *text;
	int job;		/* 1-based, in launch order */
	int64_t arg;
	ReadLine_End end;
};

#define FAKE_TYPE(t) { EV_TYPE, (t), 0, 0, ReadLine_End_enter }
#define FAKE_END(t, e) { EV_TYPE, (t), 0, 0, ReadLine_End_##e }

/* Reset everything; the shell's CapSet holds terminal, launcher,
 * endpoints, timer, console and "svc" (an Endpoint). `motd` may be NULL. */
void fake_reset(const char *motd);
/* Drop one capability from the CapSet (before shell_init). */
void fake_without(const char *name);
/* Run the shell (shell_init, loop_run, shell_finish) over the script;
 * returns the shell's exit code. */
int fake_run(const struct fake_ev *ev, int n);

/* What the terminal showed (echo included), and the parts. */
const char *fake_screen(void);
/* Child `job`'s answers: "write:N|read:'..':eof|line:'..':end|exc:msg|". */
const char *fake_child_log(int job);
/* How child `job` was launched: "binary name=iface,name=iface". */
const char *fake_launch_desc(int job);
int fake_launches(void);
int fake_kills(int job);
/* Capabilities the shell released, of those the fake made. */
int fake_released(void);
int fake_made(void);
/* The terminal readLines the shell started: params of the last one. */
EchoMode fake_last_echo(void);
uint32_t fake_last_max(void);
const char *fake_last_initial(void);

#endif
