/* The fake world's insides, shared by fake_world.c (the objects) and
 * fake_rt.c (user/rt replaced, the script, the test's view). */
#ifndef CAPOS_SHELL_FAKE_WORLD_H
#define CAPOS_SHELL_FAKE_WORLD_H
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "capos/exception.h"
#include "capos/interfaces.h"
#include "capos/ipc.h"
#include "capos/process.h"
#include "capos/time.h"
#include "lib/ring/ipc.h"
#include "user/capos-shell/hosttest/fake.h"
#include "user/capos-shell/shell.h"
#include "user/rt/ipc.h"
#include "user/rt/thread.h"

enum fk { FK_NONE, FK_TERM, FK_LAUNCHER, FK_JOB, FK_EPF, FK_EP, FK_CLIENT,
	  FK_TIMER, FK_CONSOLE };

struct fobj {
	enum fk kind;
	int idx;		/* FK_JOB: job; FK_EP, FK_CLIENT: endpoint */
	bool live, made;
};

struct fcall {
	uint16_t method;
	uint32_t len, call_id;
	uint8_t params[4096];
};

struct fep {
	uint64_t recv_ud;
	uint8_t *buf;
	uint32_t cap;
	struct fcall q[8];
	int nq, job;
	uint16_t method_of[64];	/* by call_id % 64 */
};

struct fjob {
	char desc[512], log[8192];
	int ep;			/* stdio endpoint, -1: none */
	uint64_t wait_ud;
	uint8_t *wait_buf;
	uint32_t wait_cap;
	bool ended;
	int how;		/* ExitStatus_which */
	int64_t code;
	int kills;
};

extern struct ring_page fw_ring;
extern struct capset_page fw_capset;
extern struct fobj fw_obj[256];
extern int fw_nobj;
extern struct fep fw_eps[32];
extern int fw_neps;
extern struct fjob fw_jobs[32];
extern int fw_njobs;
extern struct fterm {
	uint64_t rl_ud, intr_ud;
	uint8_t *rl_buf;
	uint32_t rl_cap;
	char initial[4096];
	uint32_t init_len, max;
	EchoMode echo;
	char screen[1 << 17];
	size_t len;
} fw_term;
extern const struct fake_ev *fw_script;
extern int fw_nscript, fw_pos;
extern uint64_t fw_next_ud;
extern uint32_t fw_next_call_id;
extern int fw_released, fw_made;
extern const char *fw_motd;
extern char fw_motd_arg[4096];

void fw_post(uint64_t ud, int32_t res, uint32_t flags, uint64_t a0, uint64_t a1);
int fw_new_obj(enum fk kind, int idx, bool is_made);
void fw_screen_add(const char *s, size_t n);
void fw_appendf(char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void fw_term_complete(const char *text, uint32_t n, ReadLine_End end);
void fw_job_end(struct fjob *j, int how, int64_t code);
void fw_child_call(int job, uint16_t method, const void *params, size_t n);
bool fake_invoke(const struct ring_sqe *q, struct ring_cqe *c);
int32_t fake_release(cap_handle_t h);

#endif
