/* Processes: an address space, a capability table and threads. A process
 * can do nothing except through the capabilities in its table.
 *
 * Lifecycle: process_load (validated ELF mapped, CapSet and first thread
 * prepared) -> process_start -> ... -> process_exit or process_kill (all
 * threads stop; capabilities are released at once) -> the last thread is
 * reaped -> the address space is freed -> process_put drops the struct
 * when no handle refers to it.
 *
 * Locks: process.lock protects state, exit status, the thread list and
 * the capability table; it is taken before any thread's ring_lock. */
#ifndef CAPOS_PROC_PROCESS_H
#define CAPOS_PROC_PROCESS_H
#include <stdbool.h>
#include <stdint.h>
#include "capos/err.h"
#include "kernel/cap/cap.h"
#include "kernel/core/log.h"
#include "kernel/core/spinlock.h"
#include "kernel/mm/aspace.h"
#include "kernel/proc/account.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/thread.h"
#include "lib/cap/captable.h"
#include "lib/ring/abi.h"

#define PROC_NAME_MAX 32
#define PROC_CAP_SLOTS 256
#define PROC_THREADS_MAX 256	/* ring pages: USER_RING_VADDR + i pages */
#define PARK_BUCKETS 32

struct ring_pending;
struct session;


enum proc_state { PROC_NEW, PROC_RUNNING, PROC_EXITING, PROC_DEAD };
enum proc_end { PROC_END_EXIT, PROC_END_KILLED, PROC_END_FAULT };

struct proc_fault {
	uint8_t vector;
	uint64_t addr, error, ip;
};

struct process {
	int pid;
	char name[PROC_NAME_MAX];
	struct spinlock lock;	/* protects: below, and caps */
	enum proc_state state;
	enum proc_end end;
	int64_t exit_code;
	struct proc_fault fault;
	struct thread *threads;
	int nthreads;		/* until reaped */
	int nthreads_live;	/* until they exit */
	int refs;		/* holders: threads alive + handles */
	struct aspace as;
	struct captable caps;
	struct cap_slot cap_slots[PROC_CAP_SLOTS];
	/* fixed at creation, one reference, dropped when the struct goes */
	struct session *session;
	struct log_source log;	/* kernel refusals on its behalf, rate-limited */
	struct log_source console_log;	/* its Console output, rate-limited */
	struct capset_page *capset;	/* kernel view of the CapSet page */
	struct account *acct;	/* the resource ledger */
	bool kill_pending;	/* a ProcessHandle.kill arrived */
	bool waited;		/* ProcessHandle.wait was called */
	struct ring_pending *waiters;	/* ProcessHandle.wait calls (lock) */
	struct process *list_next;	/* all processes (proc_list_lock) */
	uint64_t ring_slots[4];	/* thread ring pages in use (bitmap, lock) */
	struct spinlock park_lock;	/* protects: park_buckets */
	struct ring_pending *park_buckets[PARK_BUCKETS];
};

/* Validate and map `image` into a new process named `name`, a member of
 * `session` for its whole life (it takes a reference); nothing runs until
 * process_start. On failure *err says why and NULL returns. */
struct process *process_load(const char *name, const void *image,
			     size_t size, struct session *session, err_t *err);
/* Insert into / drop from p's table (charging its ledger). */
err_t process_insert_cap(struct process *p, enum cap_type type, uint64_t iface,
			 void *obj, uint16_t flags, cap_handle_t *out);
void process_drop_cap(struct process *p, cap_handle_t h);
/* List an inserted capability on p's CapSet page. */
err_t process_capset_add(struct process *p, const char *cap_name,
			 uint64_t iface, cap_handle_t h);
/* Add a capability to a new process's table and CapSet page. */
err_t process_grant(struct process *p, const char *cap_name,
		    enum cap_type type, uint64_t iface, void *obj);
/* Give a new process its arguments (the args page; see lib/ring/abi.h). */
err_t process_set_args(struct process *p, const char *const *argv,
		       const uint32_t *len, uint32_t argc);
void process_start(struct process *p);
/* Free a loaded process that never started (a failed spawn). */
void process_discard(struct process *p);
/* The calling thread's process ends with `code`; does not return. */
_Noreturn void process_exit_current(int64_t code);
/* A user-mode fault in the current thread: report and kill. */
_Noreturn void process_fault_current(const struct proc_fault *f);
void process_thread_gone(struct process *p, struct thread *t);
/* Policy when a process has fully ended (kernel/proc/boot.c): init's end
 * stops the machine; any other process is freed. */
void process_ended(struct process *p);
/* Complete every ProcessHandle.wait on p (kernel/cap/proc_handle.c). */
void proc_handle_notify_end(struct process *p);
int process_count(void);
/* Threads (kernel/proc/threads.c): a new thread of p that starts at
 * entry with rdi = arg, rsi = its ring, rsp = stack, FS base = fs. */
struct thread *process_add_thread(struct process *p, uint64_t entry,
				  uint64_t arg, uint64_t stack, uint64_t fs,
				  err_t *err);
/* The calling thread ends (ThreadControl.exitThread); the last thread's
 * exit ends the process with `code`. */
_Noreturn void thread_exit_self(int64_t code);
/* Bookkeeping for an exiting thread: pending operations, joiners, ring
 * page. first: this thread ends the whole process. */
void thread_exit_current(int64_t code, bool first);
/* Mark p killed; its threads stop at their next kernel exit. */
void process_kill(struct process *p);
/* Called on every return to user mode: ends the process if killed. The
 * test is inline (it runs on every kernel exit); the ending is not. */
_Noreturn void process_end_killed(void);
static inline void process_check_kill(void)
{
	struct process *p = sched_current()->proc;
	if (p && (p->kill_pending || p->state == PROC_EXITING))
		process_end_killed();
}
/* Reference counting for holders other than threads (ProcessHandle). */
void process_get(struct process *p);
void process_put(struct process *p);
/* Sum a field over live processes (KernelDiag). */
struct process_totals {
	uint64_t cap_slots, pages, threads, calls, timers;
	uint32_t processes;
};
struct process_totals process_totals(void);

#endif
