/* The job table: what the shell started, how it ended, and when that is
 * printed.
 *
 * Life of a job: launch_job() fills a slot and starts its Job.wait (and
 * the RECV on its StdIO endpoint). When the wait completes the job is
 * `done`. A foreground job is then reported and freed at once; a
 * background one is announced ("[N] binary: done") as soon as the
 * terminal is free and stays listed (jobs) until `wait` collects it.
 * Numbers count up from 1 and start again when the table is empty. A full
 * table reuses the oldest announced job's slot. */
#include <string.h>
#include "capos/process.h"
#include "user/capos-shell/shell.h"

struct job *job_by_num(int num)
{
	for (int i = 0; i < SHELL_JOBS_MAX; i++)
		if (num > 0 && sh.jobs[i].num == num)
			return &sh.jobs[i];
	return 0;
}

/* A slot for a new job: free, or the oldest one that ended and was
 * announced already. */
static struct job *job_slot(void)
{
	struct job *slot = 0, *old = 0;
	bool empty = true;
	for (int i = 0; i < SHELL_JOBS_MAX; i++) {
		struct job *j = &sh.jobs[i];
		empty = empty && !j->num;
		if (!j->num && !slot)
			slot = j;
		if (j->num && j->done && !j->notify && !j->fg &&
		    (!old || j->num < old->num))
			old = j;
	}
	if (empty)
		sh.next_job = 1;
	if (!slot && old) {
		job_free(old);
		slot = old;
	}
	return slot;
}

struct job *job_alloc(const char *binary)
{
	struct job *j = job_slot();
	if (!j)
		return 0;
	memset(j, 0, sizeof(*j));
	j->num = sh.next_job++;
	memcpy(j->binary, binary, strnlen(binary, SHELL_BINARY_MAX));
	j->cap = j->ep = CAP_HANDLE_NONE;
	return j;
}

void job_free(struct job *j)
{
	if (sh.rl.ud && sh.rl.owner == RL_JOB && sh.rl.job == j) {
		sh.rl.job = 0;		/* its answer goes nowhere */
		term_rl_cancel();
	}
	call_cancel(j->wait_ud);
	stdio_close(j);
	if (j->cap != CAP_HANDLE_NONE)
		rt_release(j->cap);
	j->num = 0;
}

void job_wait_start(struct job *j)
{
	Job_wait_prepare(&j->wait_call, j->wait_params, sizeof(j->wait_params));
	capn_call_set_results(&j->wait_call, j->wait_results,
			      sizeof(j->wait_results));
	j->wait_ud = call_submit(j->cap, &j->wait_call);
}

static void job_lost(struct job *j, const char *why)
{
	size_t n = strnlen(why, sizeof(j->why) - 1);
	memcpy(j->why, why, n);
	j->why[n] = '\0';
	j->status = (struct status){ .kind = STATUS_LOST, .why = j->why };
}

static void job_read_status(struct job *j, int32_t st)
{
	struct capn_msg m;
	Job_wait_Results_r r;
	char why[96];
	if (Job_wait_results(&m, &j->wait_call, st, &r)) {
		job_lost(j, call_error(&j->wait_call, st, why, sizeof(why)));
		return;
	}
	ExitStatus_r s = Job_wait_Results_get_status(r);
	Fault_r f = ExitStatus_get_faulted(s);
	switch (ExitStatus_which(s)) {
	case ExitStatus_which_exited:
		j->status = (struct status){ STATUS_EXITED,
					     ExitStatus_get_exited(s), 0, 0, 0 };
		return;
	case ExitStatus_which_killed:
		j->status = (struct status){ .kind = STATUS_KILLED };
		return;
	case ExitStatus_which_faulted:
		j->status = (struct status){ STATUS_FAULTED, 0,
					     Fault_get_vector(f),
					     Fault_get_address(f), 0 };
		return;
	}
	job_lost(j, "unknown exit status");
}

/* The terminal is busy with the command line, or a line we cancelled
 * has not ended yet: output waits for it. */
static bool job_prompt_busy(void)
{
	return sh.rl.ud && (sh.rl.owner == RL_PROMPT || sh.rl.cancel_sent);
}

void job_on_wait(struct job *j, const struct ring_cqe *c)
{
	j->wait_ud = 0;
	job_read_status(j, c->result);
	j->done = true;
	stdio_cancel_read(j);
	if (j->fg) {
		if (j->held_write)
			stdio_flush_held(j);
		job_report(j, j->style);
		job_free(j);
		fg_check();
		return;
	}
	j->notify = true;
	if (job_prompt_busy())
		term_rl_cancel();	/* the notice is printed once it ends */
}

int32_t job_kill(struct job *j)
{
	uint8_t params[64], results[256];
	struct capn_call c;
	Job_kill_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	return rt_call(j->cap, &c);
}

void job_report(struct job *j, enum report_style style)
{
	char words[160];
	j->notify = false;
	term_fresh_line();
	if (style == REPORT_NAMED) {
		status_words(&j->status, words, sizeof(words));
		term_printf("[%d] %s: %s\n", j->num, j->binary, words);
		return;
	}
	status_report(&j->status, words, sizeof(words));
	if (words[0])
		term_printf("%s\n", words);
}

void jobs_flush_output(void)
{
	if (job_prompt_busy())
		return;
	for (int num = 1; num < sh.next_job; num++) {
		struct job *j = job_by_num(num);
		if (j && j->held_write)
			stdio_flush_held(j);
		if (j && j->notify)
			job_report(j, REPORT_NAMED);
	}
}

struct job *jobs_next_reader(void)
{
	struct job *best = 0;
	for (int i = 0; i < SHELL_JOBS_MAX; i++) {
		struct job *j = &sh.jobs[i];
		if (j->num && j->fg && !j->done && j->rd.pending &&
		    (!best || j->rd.seq < best->rd.seq))
			best = j;
	}
	return best;
}

void jobs_kill_all(void)
{
	for (int i = 0; i < SHELL_JOBS_MAX; i++) {
		struct job *j = &sh.jobs[i];
		if (j->num && !j->done)
			job_kill(j);
		if (j->num)
			job_free(j);
	}
}
