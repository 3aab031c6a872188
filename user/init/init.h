/* init: reads and validates the boot manifest, starts the services in
 * dependency order with exactly their grants, restarts them by policy, and
 * serves the Launcher (and one Job endpoint per launched process) that a
 * shell starts children through. One thread, one event loop (user/rt
 * evloop): every wait on a service, every served endpoint and every restart
 * delay is an outstanding operation on init's ring. */
#ifndef CAPOS_INIT_H
#define CAPOS_INIT_H
#include "capos/manifest.h"
#include "capos/process.h"
#include "lib/manifest/manifest.h"
#include "user/rt/evloop.h"
#include "user/rt/spawn.h"
#include "lib/ring/sqe.h"

#define INIT_NAME 64
#define INIT_JOBS 16		/* launched processes tracked at once */

struct init_service {
	uint32_t index;		/* in manifest.services */
	char name[INIT_NAME];
	cap_handle_t proc;	/* ProcessHandle; NONE while not running */
	cap_handle_t exports[SystemManifest_maxGrants];	/* client facets */
	uint32_t nexports;
	uint32_t restarts;	/* so far */
	uint32_t delay_ms;	/* the next restart's backoff */
	uint8_t wait_params[64], wait_results[256];
	struct capn_call wait_call;
};

struct init_job {
	bool used;
	uint32_t id;
	char binary[INIT_NAME];
	cap_handle_t proc;	/* ProcessHandle */
	cap_handle_t ep;	/* the Job endpoint init serves */
	bool ended;
	struct rt_exit status;
	uint32_t waiters[4];	/* Job.wait call ids not yet answered */
	uint32_t nwaiters;
	uint8_t wait_params[64], wait_results[256];
	struct capn_call wait_call;
	uint8_t inbuf[512];
};

struct init {
	struct capn_msg msg;	/* the manifest, validated */
	SystemManifest_r root;
	struct manifest_check check;
	cap_handle_t console, boot, spawner, timer, endpoints;
	struct rt_loop loop;
	struct init_service svc[SystemManifest_maxServices];
	uint32_t nsvc;
	cap_handle_t launcher_ep, launcher_client;	/* NONE if not served */
	uint8_t launcher_in[8192];
	struct init_job jobs[INIT_JOBS];
	uint32_t next_job;
};

/* service.c */
void init_services_start(struct init *I);

/* grants.c: the grants of one service (or launch), built from the
 * manifest; init_grants_drop releases what was made for a failed spawn. */
struct init_grants {
	struct rt_grant g[SystemManifest_maxGrants];
	char names[SystemManifest_maxGrants][INIT_NAME];
	uint32_t n;
	uint32_t exports;	/* the last `exports` entries are new endpoints */
};
int init_grants_build(struct init *I, Service_r s, struct init_grants *out,
		      char *why, size_t whylen);
void init_grants_drop(struct init_grants *g);
cap_handle_t init_kernel_cap(struct init *I, unsigned source);

/* launcher.c */
int init_launcher_create(struct init *I);
void init_launcher_serve(struct init *I);

/* job.c: serve the Job of a just-spawned j->proc; *client is its facet. */
int init_job_start(struct init *I, struct init_job *j, cap_handle_t *client);

/* Small synchronous helpers (main.c). */
cap_handle_t init_call_cap(cap_handle_t cap, struct capn_call *c,
			   uint32_t index, uint64_t iface, int32_t *status);
void init_text(char *out, size_t cap, struct capn_text t);
const char *init_exit_str(const struct rt_exit *e, char *buf, size_t len);
void init_exit_read(const struct capn_call *c, int32_t st, struct rt_exit *e);

#endif
