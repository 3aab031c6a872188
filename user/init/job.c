/* Job: what a launcher caller holds for one launched process. init keeps
 * the ProcessHandle (not transferable) and answers wait/kill/status on a
 * Job endpoint of its own; waits that arrive before the exit are answered
 * when it happens. */
#include <string.h>
#include "capos/ipc.h"
#include "user/init/init.h"
#include "user/rt/ipc.h"

static uint8_t job_out[512];

static void job_status_fill(ExitStatus_b s, const struct rt_exit *e)
{
	if (e->kind == RT_EXIT_CODE) {
		ExitStatus_set_exited(s, e->code);
	} else if (e->kind == RT_EXIT_FAULT) {
		Fault_b f = ExitStatus_init_faulted(s);
		Fault_set_vector(f, e->vector);
		Fault_set_address(f, e->addr);
	} else {
		ExitStatus_set_killed(s);
	}
}

static void job_answer_wait(struct init_job *j, uint32_t call_id)
{
	struct capn_builder b;
	capn_build_init(&b, job_out, sizeof job_out);
	Job_wait_Results_b r = { capn_b_root(&b, Job_wait_Results_DATA_WORDS,
					     Job_wait_Results_PTR_COUNT) };
	job_status_fill(Job_wait_Results_init_status(r), &j->status);
	rt_return(j->ep, call_id, job_out, (uint32_t)capn_build_finish(&b), 0,
		  0, false);
}

static void job_answer_status(struct init_job *j, uint32_t call_id)
{
	struct capn_builder b;
	capn_build_init(&b, job_out, sizeof job_out);
	Job_status_Results_b r = { capn_b_root(&b, Job_status_Results_DATA_WORDS,
					       Job_status_Results_PTR_COUNT) };
	Job_status_Results_set_running(r, !j->ended);
	if (j->ended)
		job_status_fill(Job_status_Results_init_status(r), &j->status);
	rt_return(j->ep, call_id, job_out, (uint32_t)capn_build_finish(&b), 0,
		  0, false);
}

static void job_answer_empty(struct init_job *j, uint32_t call_id)
{
	struct capn_builder b;
	capn_build_init(&b, job_out, sizeof job_out);
	capn_b_root(&b, 0, 0);
	rt_return(j->ep, call_id, job_out, (uint32_t)capn_build_finish(&b), 0,
		  0, false);
}

static void job_on_call(struct rt_loop *l, void *ctx,
			const struct rt_incoming *in)
{
	struct init_job *j = ctx;
	if (in->status < 0)
		return;
	for (uint32_t i = 0; i < in->hdr->ncaps; i++)
		rt_release(in->caps[i].handle);
	uint32_t id = in->hdr->call_id;
	switch (in->hdr->method) {
	case Job_wait_METHOD:
		if (j->ended)
			job_answer_wait(j, id);
		else if (j->nwaiters < 4)
			j->waiters[j->nwaiters++] = id;
		else
			rt_return(j->ep, id, 0, 0, 0, 0, false);
		break;
	case Job_kill_METHOD:
		if (!j->ended)
			rt_proc_kill(j->proc);
		job_answer_empty(j, id);
		break;
	case Job_status_METHOD:
		job_answer_status(j, id);
		break;
	default:
		rt_return(j->ep, id, 0, 0, 0, 0, false);
		break;
	}
}

static void job_exited(struct rt_loop *l, void *ctx, const struct ring_cqe *cqe)
{
	struct init_job *j = ctx;
	char how[96];
	init_exit_read(&j->wait_call, cqe->result, &j->status);
	j->ended = true;
	rt_printf("job %u (%s) %s\n", j->id, j->binary,
		  init_exit_str(&j->status, how, sizeof how));
	rt_release(j->proc);
	j->proc = CAP_HANDLE_NONE;
	for (uint32_t i = 0; i < j->nwaiters; i++)
		job_answer_wait(j, j->waiters[i]);
	j->nwaiters = 0;
}

static int job_endpoint(struct init *I, struct init_job *j,
			cap_handle_t *client)
{
	uint8_t p[64], r[128];
	struct capn_call c;
	struct ring_cqe cqe;
	EndpointFactory_create_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call_xfer(I->endpoints, &c, 0, 0, &cqe);
	if (st < 0)
		return st;
	j->ep = rt_result_cap(&c, &cqe, 0, Endpoint_IFACE_ID);
	*client = rt_result_cap(&c, &cqe, 1, ClientEndpoint_IFACE_ID);
	return j->ep == CAP_HANDLE_NONE || *client == CAP_HANDLE_NONE
		       ? ERR_INTERNAL : 0;
}

int init_job_start(struct init *I, struct init_job *j, cap_handle_t *client)
{
	int err = job_endpoint(I, j, client);
	if (!err)
		err = rt_loop_serve(&I->loop, j->ep, j->inbuf, sizeof j->inbuf,
				    job_on_call, j);
	struct capn_call *c = &j->wait_call;
	ProcessHandle_wait_prepare(c, j->wait_params, sizeof j->wait_params);
	capn_call_set_results(c, j->wait_results, sizeof j->wait_results);
	if (!err)
		err = rt_loop_call(&I->loop, j->proc, c, 0, 0, job_exited, j);
	if (err) {
		rt_proc_kill(j->proc);
		return err;
	}
	j->used = true;
	rt_printf("job %u: started %s\n", j->id, j->binary);
	return 0;
}
