/* The boot manifest validator, shared by the build (build/tools/
 * manifest-check) and init at boot, so both refuse exactly the same
 * manifests. See schema/manifest.capnp for what a manifest says.
 *
 * The validator reads the whole message first (structure, bounds, limits of
 * lib/capnp), then checks the graph: unique names; every referenced binary
 * present; every grant's source resolvable (a kernel source, a blob of a
 * listed binary, or an export of another service); no dependency cycles
 * among services; no grant of an authority its source cannot give (the
 * interface named must be the one the source gives, bootPackage goes to init
 * only, kernelDiag only with kernel.diagnostics); limits within the schema's
 * bounds. Each problem is reported with where it is (e.g.
 * `services[1] "shell".grants[0] "log".source.service`) and why.
 *
 * Includes the generated capos/manifest.h: the schema is the only place the
 * manifest's layout is written down.
 */
#ifndef CAPOS_LIB_MANIFEST_H
#define CAPOS_LIB_MANIFEST_H
#include <stddef.h>
#include <stdint.h>
#include "lib/capnp/capnp.h"
#include "capos/manifest.h"

typedef void (*manifest_report_fn)(void *ctx, const char *where,
				   const char *why);

struct manifest_check {
	manifest_report_fn report;	/* in: called once per problem; may be NULL */
	void *ctx;			/* in: passed to report */
	unsigned problems;		/* out */
	uint32_t nservices;		/* out */
	/* out: services in start order (each after those it imports from) */
	uint8_t order[SystemManifest_maxServices];
	char first[256];		/* out: "where: why" of the first problem */
};

/* Validate the framed manifest buf[0..len). m is left reading it, so the
 * caller can go on to use the (then trusted) manifest. Returns 0, or
 * ERR_BAD_MANIFEST (err_t) when there were problems. */
int manifest_validate(struct capn_msg *m, const void *buf, size_t len,
		      struct manifest_check *c);

#endif
