/* broker: the AuthorityBroker (export "broker"). Given a UserSession it
 * hands out the capabilities a shell in that session holds:
 *
 *   anonymous  systemInfo
 *   guest      systemInfo, launcher (args `guestAllow=a,b`)
 *   operator   launcher (`operatorAllow=a,b`), systemInfo, audit
 *
 * plus, after those, the resident services the args list for the profile
 * (`guestServices=chat`, `operatorServices=chat,adventure`): each name is
 * one of the broker's own grants, a client facet of a service's export,
 * and every bundle of the profile gets a copy under that name. Those
 * copies are shareable (a child in the session must be able to get one)
 * and are not revoked at the session's end: the shell drops its bundle at
 * logout, and calls from processes of an ended session fail in the
 * kernel. The service keys what it keeps by the caller's session.
 *
 * Each is the client facet of a fresh endpoint the broker serves for that
 * session alone (SystemInfo with the `motd=` arg; a RestrictedShellLauncher
 * over init's Launcher; an AuditReader passed through to the audit
 * service). The broker learns the profile from UserSession.info(), a
 * kernel call, and watches UserSession.waitEnd(): when the session ends
 * it revokes and closes every endpoint of every bundle of that session,
 * so each old bundle capability fails from then on. The facets are
 * returned with transfer scope sameSession.
 *
 * Lifecycle of a bundle slot: made in bundle() (endpoints served, waitEnd
 * armed, facets returned) -> ended (waitEnd completed, or the RETURN
 * failed: endpoints revoked and released, session released) -> free once
 * every RECV on its endpoints has completed with its failure, so a late
 * completion can never be taken for a call on a newer bundle in the slot.
 *
 * One thread, one event loop; calls to init's Launcher, the audit
 * services and the kernel are synchronous inside handlers. */
#ifndef CAPOS_BROKER_H
#define CAPOS_BROKER_H
#include "capos/identity.h"
#include "capos/manifest.h"
#include "lib/ident/allowlist.h"
#include "lib/ring/sqe.h"
#include "user/rt/evloop.h"

#define BROKER_BUNDLES 16
/* A launch's params; a bigger call ends the endpoint (bundle_ep_failed). */
#define BROKER_EP_IN 8192
#define BROKER_IN_BYTES RING_RESULTS_MAX	/* the most a RECV takes */
#define BROKER_WHY 192
#define BROKER_SVCS 8	/* resident services per profile */

enum bcap { BCAP_LAUNCHER, BCAP_SYSINFO, BCAP_AUDIT, BCAP_COUNT };
_Static_assert(BCAP_COUNT + BROKER_SVCS <= RING_XFER_MAX,
	       "a bundle goes out in one RETURN");

struct bundle;

/* A resident service a profile's bundles carry (services.c). */
struct broker_svc {
	const char *name;	/* the CapSet entry's, read-only page */
	const char *iface;	/* its interface's name */
	cap_handle_t h;
};

struct bundle_ep {
	struct bundle *b;
	enum bcap kind;
	cap_handle_t ep;	/* the raw endpoint; NONE once released */
	bool armed;		/* a RECV on it is outstanding */
	uint8_t in[BROKER_EP_IN];
};

struct bundle {
	bool used, ended;
	bool watching;		/* waitEnd outstanding */
	uint32_t id;
	Profile profile;
	cap_handle_t session;	/* UserSession; NONE once released */
	struct bundle_ep eps[BCAP_COUNT];
	uint8_t wait_params[64], wait_results[64];
	struct capn_call wait_call;
};

struct broker {
	cap_handle_t launcher;	/* init's Launcher */
	cap_handle_t endpoints;	/* EndpointFactory */
	cap_handle_t reader;	/* AuditReader */
	cap_handle_t audit;	/* AuditLog */
	cap_handle_t timer, ep;
	struct rt_loop loop;
	struct ident_allowlist allow[Profile_COUNT];
	struct broker_svc svcs[Profile_COUNT][BROKER_SVCS];
	uint32_t nsvc[Profile_COUNT];
	char motd[SystemManifest_maxMotd + 1];
	struct bundle bundles[BROKER_BUNDLES];
	uint32_t next_id;
};

extern struct broker broker;

/* bundle.c */
void broker_on_call(struct rt_loop *l, void *ctx, const struct rt_incoming *in);

/* serve.c: the per-session endpoints. */
void bundle_on_call(struct rt_loop *l, void *ctx, const struct rt_incoming *in);
void bundle_end(struct bundle *b);
void bundle_maybe_free(struct bundle *b);

/* launcher.c: the RestrictedShellLauncher of bundle b. */
void rsl_serve(struct bundle_ep *e, const struct rt_incoming *in);

/* services.c: parse `<profile>Services=` into broker.svcs; false (after
 * saying why) if an entry names no grant, a reserved one, or too many. */
bool broker_services_parse(Profile p, const char *key, const char *list);

/* calls.c */
void broker_audit(const char *event, const char *result, const char *reason,
		  const char *detail);
const char *broker_call_error(const struct capn_call *c, int32_t st,
			      char *buf, size_t cap);
/* Result capability `index` of a completed call, whatever its interface. */
cap_handle_t broker_result_cap(const struct capn_call *c,
			       const struct ring_cqe *cqe, uint32_t index);
void broker_drop(cap_handle_t h);	/* release, unless NONE */
int broker_endpoint(cap_handle_t *ep, cap_handle_t *client);
void broker_revoke(cap_handle_t ep);
int broker_session_info(cap_handle_t session, Profile *profile, bool *live);

#endif
