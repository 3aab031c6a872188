/* Sessions: lifecycle, ending, waitEnd waiters and the references servers
 * see. The model is described in session.h.
 *
 * The per-boot key and each session's id come from the CPU's entropy
 * source (RDSEED, else RDRAND); a machine with neither gets timer jitter,
 * and the log says so. */
#include <sodium/crypto_auth_hmacsha256.h>
#include <string.h>
#include "capos/identity.h"
#include "kernel/arch/arch.h"
#include "kernel/core/log.h"
#include "kernel/core/panic.h"
#include "kernel/ipc/ring.h"
#include "kernel/mm/heap.h"
#include "kernel/proc/session.h"
#include "kernel/time/clock.h"

LOG_SOURCE(session_log, "session");

_Static_assert(SESSION_PRINCIPAL_MAX == UserSession_maxPrincipal,
	       "principal limit");
_Static_assert(SESSION_REF_KEY_BYTES == crypto_auth_hmacsha256_KEYBYTES,
	       "key size");

static uint8_t session_key[SESSION_REF_KEY_BYTES];	/* set once at boot */
static uint64_t session_next_serial = 1;		/* atomic */
static uint64_t session_next_scope = 1;			/* atomic */
static struct session boot_session;

static void session_fill_random(uint8_t *buf, size_t n, const char *what)
{
	enum arch_entropy src = arch_entropy_fill(buf, n);
	if (src == ARCH_ENTROPY_JITTER)
		log_warn(&session_log, "%s from %s (weak)", what,
			 arch_entropy_name(src));
}

static void session_setup(struct session *s, unsigned profile)
{
	s->refs = 1;
	s->serial = __atomic_fetch_add(&session_next_serial, 1, __ATOMIC_RELAXED);
	session_fill_random(s->id, sizeof(s->id), "a session id");
	s->profile = (uint8_t)profile;
	s->epoch = 1;
	s->live = true;
	s->lock = (struct spinlock)SPINLOCK_INIT("session");
	s->expiry.cpu = -1;
}

void session_init(void)
{
	session_fill_random(session_key, sizeof(session_key),
			    "the session key");
	session_setup(&boot_session, Profile_system);
	log_info(&session_log, "boot session %lu (system)", boot_session.serial);
}

struct session *session_boot(void)
{
	return &boot_session;
}

/* Context: a timer interrupt, no lock held; owns the timer's reference. */
static void session_expired(struct ktimer *k)
{
	struct session *s = (struct session *)((char *)k -
		offsetof(struct session, expiry));
	log_info(&session_log, "session %lu expired", s->serial);
	session_end(s);
	session_put(s);
}

err_t session_create(unsigned profile, const char *principal, size_t len,
		     uint64_t lifetime_ns, struct session **out)
{
	struct session *s = kzalloc(sizeof(*s));
	if (!s)
		return ERR_NO_MEMORY;
	session_setup(s, profile);
	memcpy(s->principal, principal, len);
	s->principal_len = (uint8_t)len;
	log_info(&session_log, "session %lu created (%s, lifetime %lu ms)",
		 s->serial, Profile_name_of(profile), lifetime_ns / 1000000);
	if (lifetime_ns) {
		s->expires_ns = clock_monotonic_ns() + lifetime_ns;
		s->refs++;	/* the armed timer's */
		timer_arm(&s->expiry, s->expires_ns, session_expired);
	}
	*out = s;
	return ERR_OK;
}

void session_get(struct session *s)
{
	__atomic_fetch_add(&s->refs, 1, __ATOMIC_RELAXED);
}

/* Waiters and an armed timer hold references: at 0 there are neither. */
void session_put(struct session *s)
{
	if (__atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (s == &boot_session)
		panic("session: the boot session's last reference");
	kfree(s);
}

bool session_is_system(const struct session *s)
{
	return s->profile == Profile_system;
}

/* Complete a waitEnd taken off the list; drops the list's references. */
static void session_wake(struct session *s, struct ring_pending *op)
{
	if (ring_pending_complete(op, (int32_t)op->result_len))
		ring_pending_put(op);	/* the thread's pending list's */
	ring_pending_put(op);		/* the waiters list's */
	session_put(s);			/* the waiter's */
}

void session_end(struct session *s)
{
	spin_lock(&s->lock);
	bool was = s->live;
	__atomic_store_n(&s->live, false, __ATOMIC_RELEASE);
	struct ring_pending *w = s->waiters;
	s->waiters = 0;
	spin_unlock(&s->lock);
	if (!was)
		return;		/* ended before: its waiters are gone */
	if (s->expires_ns && timer_cancel(&s->expiry))
		session_put(s);	/* the timer will not run: its reference */
	log_info(&session_log, "session %lu ended", s->serial);
	for (struct ring_pending *next; w; w = next) {
		next = w->wait_next;
		session_wake(s, w);
	}
}

bool session_wait_add(struct session *s, struct ring_pending *op)
{
	spin_lock(&s->lock);
	bool live = s->live;
	if (live) {
		op->wait_next = s->waiters;
		s->waiters = op;
		session_get(s);
	}
	spin_unlock(&s->lock);
	return live;
}

void session_wait_cancel(struct ring_pending *op)
{
	struct session *s = op->target;
	bool found = false;
	spin_lock(&s->lock);
	for (struct ring_pending **pp = &s->waiters; *pp; pp = &(*pp)->wait_next)
		if (*pp == op) {
			*pp = op->wait_next;
			found = true;
			break;
		}
	spin_unlock(&s->lock);
	if (!found)
		return;		/* session_end has it and completes it */
	ring_pending_put(op);	/* the waiters list's reference */
	session_put(s);
}

uint64_t session_scope_id_new(void)
{
	return __atomic_fetch_add(&session_next_scope, 1, __ATOMIC_RELAXED);
}

void session_ref(const struct session *s, uint64_t scope_id, uint64_t ref[2])
{
	session_ref_derive(crypto_auth_hmacsha256, session_key, scope_id, s->id,
			   ref);
}
