/* credtest: the client of system/test-identity.capnp. Imports credstore's
 * CredentialStore ("creds") and audit's AuditLog ("audit") and
 * AuditReader ("auditReader"), checks them, prints one line per check
 * (`credtest: NAME ok` or `credtest: FAIL NAME: why`), a timing line (the
 * fastest of five verifies each: right password, wrong password, unknown
 * user), then `credtest: ok` or `credtest: FAIL <n> checks`, and exits 0
 * or 1.
 * tests/qemu/test_credstore.py reads the lines. It never prints a
 * password: the test looks for each of them on COM1. */
#include <stdarg.h>
#include <string.h>
#include "capos/exception.h"
#include "capos/identity.h"
#include "lib/ident/audit_ring.h"
#include "user/rt/rt.h"

#define PW_ALICE "wonderland"
#define PW_WRONG "wonderlant"
#define PW_BOB "looking-glass"

static cap_handle_t creds, audit, reader;
static int failures;

#define CHECK(name, cond, ...)                                          \
	do {                                                            \
		if (cond) {                                             \
			rt_printf("credtest: %s ok\n", name);           \
		} else {                                                \
			failures++;                                     \
			rt_printf("credtest: FAIL %s: ", name);         \
			rt_printf(__VA_ARGS__);                         \
			rt_printf("\n");                                \
		}                                                       \
	} while (0)

/* ---- CredentialStore ------------------------------------------------ */

struct answer {
	int32_t st;		/* completion status */
	bool ok;
	char principal[64];
	Profile profile;
	uint8_t raw[256];	/* the result message, to compare answers */
	uint64_t ns;		/* how long the call took */
	char exc[128];		/* a CapException's message */
};

/* strstr: the freestanding string.h has none. */
static bool contains(const char *s, const char *word)
{
	size_t n = strlen(word);
	for (; *s; s++)
		if (!strncmp(s, word, n))
			return true;
	return false;
}

static void read_exception(struct answer *a, const struct capn_call *c)
{
	struct capn_msg m;
	struct capn_struct_r root;
	if (capn_call_result_root(&m, c, &root))
		return;
	struct capn_text t = CapException_get_message((CapException_r){ root });
	size_t n = t.len < sizeof a->exc - 1 ? t.len : sizeof a->exc - 1;
	memcpy(a->exc, t.str, n);
	a->exc[n] = 0;
}

static struct answer verify(const char *user, const void *pw, size_t len)
{
	static uint8_t p[1024];
	struct answer a = { 0 };
	struct capn_call c;
	CredentialStore_verify_prepare(&c, p, sizeof p, user, strlen(user), pw,
				       len);
	capn_call_set_results(&c, a.raw, sizeof a.raw);
	uint64_t t0 = rt_time_now();
	a.st = rt_call(creds, &c);
	a.ns = rt_time_now() - t0;
	struct capn_msg m;
	CredentialStore_verify_Results_r r;
	if (CredentialStore_verify_results(&m, &c, a.st, &r))
		return a;
	a.ok = CredentialStore_verify_Results_get_ok(r);
	a.profile = CredentialStore_verify_Results_get_profile(r);
	struct capn_text t = CredentialStore_verify_Results_get_principal(r);
	if (t.len < sizeof a.principal)
		memcpy(a.principal, t.str, t.len + 1);
	return a;
}

static struct answer create(const char *user, const void *pw, size_t len,
			    Profile profile)
{
	static uint8_t p[1024];
	struct answer a = { 0 };
	struct capn_call c;
	CredentialStore_create_prepare(&c, p, sizeof p, user, strlen(user), pw,
				       len, profile);
	capn_call_set_results(&c, a.raw, sizeof a.raw);
	a.st = rt_call(creds, &c);
	if (a.st == ERR_APPLICATION_EXCEPTION)
		read_exception(&a, &c);
	return a;
}

static uint32_t count(void)
{
	uint8_t p[64], res[64];
	struct capn_call c;
	CredentialStore_count_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, res, sizeof res);
	struct capn_msg m;
	CredentialStore_count_Results_r r;
	if (CredentialStore_count_results(&m, &c, rt_call(creds, &c), &r))
		return UINT32_MAX;
	return CredentialStore_count_Results_get_records(r);
}

/* The fastest of n verifies: the least disturbed by the rest of the
 * machine, for comparing the work behind two answers. */
static uint64_t fastest_verify(const char *user, const char *pw, int n)
{
	uint64_t best = UINT64_MAX;
	for (int i = 0; i < n; i++) {
		struct answer a = verify(user, pw, strlen(pw));
		best = a.ns < best ? a.ns : best;
	}
	return best;
}

static bool same_answer(const struct answer *a, const struct answer *b)
{
	return a->st > 0 && a->st == b->st && !memcmp(a->raw, b->raw, (size_t)a->st);
}

static void check_verify(void)
{
	CHECK("count_seeded", count() == 1, "count %u", count());
	struct answer right = verify("alice", PW_ALICE, strlen(PW_ALICE));
	CHECK("verify_right_password", right.st >= 0 && right.ok &&
	      !strcmp(right.principal, "alice") &&
	      right.profile == Profile_operator,
	      "status %d ok %d principal '%s' profile %u", right.st, right.ok,
	      right.principal, right.profile);
	struct answer wrong = verify("alice", PW_WRONG, strlen(PW_WRONG));
	CHECK("verify_wrong_password", wrong.st >= 0 && !wrong.ok &&
	      !wrong.principal[0] && wrong.profile == Profile_anonymous,
	      "status %d ok %d principal '%s' profile %u", wrong.st, wrong.ok,
	      wrong.principal, wrong.profile);
	struct answer unknown = verify("mallory", PW_ALICE, strlen(PW_ALICE));
	CHECK("verify_unknown_user_same_answer", !unknown.ok &&
	      same_answer(&wrong, &unknown), "status %d ok %d", unknown.st,
	      unknown.ok);
	struct answer bad = verify("Not A Name!", PW_ALICE, strlen(PW_ALICE));
	CHECK("verify_bad_name_same_answer", same_answer(&wrong, &bad),
	      "status %d", bad.st);
	struct answer empty = verify("alice", "", 0);
	CHECK("verify_empty_password", same_answer(&wrong, &empty),
	      "status %d ok %d", empty.st, empty.ok);
	rt_printf("credtest: timing verify right=%luus wrong=%luus "
		  "unknown=%luus\n",
		  (unsigned long)(fastest_verify("alice", PW_ALICE, 5) / 1000),
		  (unsigned long)(fastest_verify("alice", PW_WRONG, 5) / 1000),
		  (unsigned long)(fastest_verify("mallory", PW_ALICE, 5) / 1000));
}

static void check_create(void)
{
	struct answer a = create("bob", PW_BOB, strlen(PW_BOB), Profile_operator);
	CHECK("create", a.st >= 0, "status %d (%s)", a.st, a.exc);
	struct answer v = verify("bob", PW_BOB, strlen(PW_BOB));
	CHECK("create_then_verify", v.ok && !strcmp(v.principal, "bob") &&
	      v.profile == Profile_operator, "ok %d principal '%s' profile %u",
	      v.ok, v.principal, v.profile);
	v = verify("bob", PW_ALICE, strlen(PW_ALICE));
	CHECK("created_wrong_password", !v.ok && !v.principal[0], "ok %d", v.ok);

	a = create("carol", PW_BOB, strlen(PW_BOB), Profile_guest);
	v = verify("carol", PW_BOB, strlen(PW_BOB));
	CHECK("create_guest", a.st >= 0 && v.ok && v.profile == Profile_guest,
	      "status %d ok %d profile %u", a.st, v.ok, v.profile);

	a = create("alice", PW_BOB, strlen(PW_BOB), Profile_operator);
	v = verify("alice", PW_ALICE, strlen(PW_ALICE));
	CHECK("create_existing_refused", a.st == ERR_APPLICATION_EXCEPTION &&
	      contains(a.exc, "exists") && v.ok,
	      "status %d (%s), alice still verifies: %d", a.st, a.exc, v.ok);
}

static void check_limits(void)
{
	static char pw[CredentialStore_maxPassword + 2];
	memset(pw, 'q', sizeof pw - 1);
	struct answer a = create("dave", pw, CredentialStore_maxPassword + 1,
				 Profile_operator);
	CHECK("create_long_password_refused",
	      a.st == ERR_APPLICATION_EXCEPTION && contains(a.exc, "longer"),
	      "status %d (%s)", a.st, a.exc);
	memcpy(pw, PW_ALICE, strlen(PW_ALICE));
	struct answer v = verify("alice", pw, CredentialStore_maxPassword + 1);
	CHECK("verify_long_password_refused", v.st >= 0 && !v.ok,
	      "status %d ok %d", v.st, v.ok);
	a = create("dave", pw, CredentialStore_maxPassword, Profile_operator);
	v = verify("dave", pw, CredentialStore_maxPassword);
	CHECK("create_longest_password", a.st >= 0 && v.ok,
	      "status %d (%s) ok %d", a.st, a.exc, v.ok);

	a = create("Eve", PW_BOB, strlen(PW_BOB), Profile_operator);
	struct answer b = create("eve", PW_BOB, strlen(PW_BOB), Profile_system);
	struct answer c = create("eve", "", 0, Profile_operator);
	struct answer d = create("eve", PW_BOB, strlen(PW_BOB), (Profile)9);
	CHECK("create_bad_arguments_refused",
	      a.st == ERR_APPLICATION_EXCEPTION &&
	      b.st == ERR_APPLICATION_EXCEPTION &&
	      c.st == ERR_APPLICATION_EXCEPTION &&
	      d.st == ERR_APPLICATION_EXCEPTION,
	      "statuses %d (%s) %d (%s) %d (%s) %d (%s)", a.st, a.exc, b.st,
	      b.exc, c.st, c.exc, d.st, d.exc);
	CHECK("count_after_create", count() == 4, "count %u", count());
}

/* ---- AuditLog / AuditReader ----------------------------------------- */

static int32_t append(const char *event, const char *result,
		      const char *reason, uint32_t delay, const char *detail)
{
	static uint8_t p[1024];
	uint8_t res[256];
	struct capn_call c;
	struct capn_builder b;
	AuditLog_append_Params_b pb = AuditLog_append_begin(&c, &b, p, sizeof p);
	AuditEvent_b e = AuditLog_append_Params_init_event(pb);
	AuditEvent_set_seq(e, 999999);		// the log sets seq and time
	AuditEvent_set_timeNs(e, 1);
	AuditEvent_set_event(e, event, strlen(event));
	AuditEvent_set_result(e, result, strlen(result));
	AuditEvent_set_reason(e, reason, strlen(reason));
	AuditEvent_set_delayMs(e, delay);
	AuditEvent_set_detail(e, detail, strlen(detail));
	if (capn_call_seal(&c, &b))
		return ERR_INVALID;
	capn_call_set_results(&c, res, sizeof res);
	return rt_call(audit, &c);
}

struct page {
	int32_t st;
	uint32_t n;
	uint64_t next;
	struct audit_entry e[AUDIT_READ_MAX];
};

static void copy_text(char *dst, size_t cap, struct capn_text t)
{
	size_t n = t.len < cap - 1 ? t.len : cap - 1;
	memcpy(dst, t.str, n);
	dst[n] = 0;
}

static void read_page(struct page *pg, uint64_t from, uint32_t max)
{
	static uint8_t p[64], res[AUDIT_READ_RESULT_BYTES(AUDIT_READ_MAX)];
	struct capn_call c;
	AuditReader_read_prepare(&c, p, sizeof p, from, max);
	capn_call_set_results(&c, res, sizeof res);
	struct capn_msg m;
	AuditReader_read_Results_r r;
	memset(pg, 0, sizeof *pg);
	pg->st = rt_call(reader, &c);
	if (AuditReader_read_results(&m, &c, pg->st, &r)) {
		pg->st = pg->st < 0 ? pg->st : ERR_INVALID;
		return;
	}
	AuditEvent_list_r l = AuditReader_read_Results_get_events(r);
	pg->next = AuditReader_read_Results_get_next(r);
	for (uint32_t i = 0; i < AuditEvent_list_len(l) && i < AUDIT_READ_MAX; i++) {
		AuditEvent_r e = AuditEvent_list_get(l, i);
		struct audit_entry *d = &pg->e[pg->n++];
		d->seq = AuditEvent_get_seq(e);
		d->time_ns = AuditEvent_get_timeNs(e);
		d->delay_ms = AuditEvent_get_delayMs(e);
		copy_text(d->event, sizeof d->event, AuditEvent_get_event(e));
		copy_text(d->result, sizeof d->result, AuditEvent_get_result(e));
		copy_text(d->reason, sizeof d->reason, AuditEvent_get_reason(e));
		copy_text(d->detail, sizeof d->detail, AuditEvent_get_detail(e));
	}
	if (capn_msg_error(&m))
		pg->st = capn_msg_error(&m);
}

static void check_audit_order(void)
{
	static char big[300];
	static struct page pg;
	memset(big, 'd', sizeof big - 1);
	uint64_t t0 = rt_time_now();
	int32_t s1 = append("login", "denied", "bad-credentials", 1000, "");
	int32_t s2 = append("login", "success", "", 0, "user=alice");
	int32_t s3 = append("setup", "success", "", 0, big);
	CHECK("audit_append", s1 >= 0 && s2 >= 0 && s3 >= 0,
	      "statuses %d %d %d", s1, s2, s3);
	read_page(&pg, 0, 16);
	const struct audit_entry *e = pg.e;
	CHECK("audit_read_back_in_order", pg.st >= 0 && pg.n == 3 &&
	      e[0].seq == 1 && e[1].seq == 2 && e[2].seq == 3 &&
	      pg.next == 4 && e[0].time_ns >= t0 &&
	      e[1].time_ns >= e[0].time_ns && e[2].time_ns >= e[1].time_ns &&
	      !strcmp(e[0].event, "login") && !strcmp(e[0].result, "denied") &&
	      !strcmp(e[0].reason, "bad-credentials") &&
	      e[0].delay_ms == 1000 && !strcmp(e[1].detail, "user=alice") &&
	      !strcmp(e[2].event, "setup"),
	      "status %d, %u events, seqs %lu %lu %lu, next %lu", pg.st, pg.n,
	      (unsigned long)e[0].seq, (unsigned long)e[1].seq,
	      (unsigned long)e[2].seq, (unsigned long)pg.next);
	size_t dl = strlen(e[2].detail);
	CHECK("audit_long_detail_truncated", dl == AUDIT_DETAIL_MAX &&
	      !strcmp(e[2].detail + dl - 3, "..."), "detail of %lu bytes",
	      (unsigned long)dl);

	read_page(&pg, 2, 16);
	CHECK("audit_read_from", pg.n == 2 && pg.e[0].seq == 2 && pg.next == 4,
	      "%u events from seq %lu", pg.n, (unsigned long)pg.e[0].seq);
	read_page(&pg, 1, 1);
	CHECK("audit_read_max", pg.n == 1 && pg.e[0].seq == 1 && pg.next == 2,
	      "%u events, next %lu", pg.n, (unsigned long)pg.next);
	read_page(&pg, 4, 16);
	CHECK("audit_read_caught_up", pg.st >= 0 && pg.n == 0 && pg.next == 4,
	      "%u events, next %lu", pg.n, (unsigned long)pg.next);
}

/* More than the ring holds: the oldest go, seqs go on. */
static void check_audit_wrap(void)
{
	static struct page pg;
	int bad = 0;
	for (int i = 0; i < AUDIT_RING_CAP; i++)
		bad += append("launch", "success", "", 0, "wrap") < 0;
	uint64_t last = 3 + AUDIT_RING_CAP;
	read_page(&pg, 0, 1000);
	CHECK("audit_wrap_drops_oldest", !bad && pg.n == AUDIT_READ_MAX &&
	      pg.e[0].seq == last - AUDIT_RING_CAP + 1 &&
	      pg.e[AUDIT_READ_MAX - 1].seq == pg.e[0].seq + AUDIT_READ_MAX - 1,
	      "%d appends failed, %u events from seq %lu", bad, pg.n,
	      (unsigned long)pg.e[0].seq);
}

int main(void)
{
	creds = rt_cap_find("creds", CredentialStore_IFACE_ID);
	audit = rt_cap_find("audit", AuditLog_IFACE_ID);
	reader = rt_cap_find("auditReader", AuditReader_IFACE_ID);
	if (creds == CAP_HANDLE_NONE || audit == CAP_HANDLE_NONE ||
	    reader == CAP_HANDLE_NONE) {
		rt_printf("credtest: FAIL missing grants\n");
		return 2;
	}
	check_verify();
	check_create();
	check_limits();
	check_audit_order();
	check_audit_wrap();
	if (failures)
		rt_printf("credtest: FAIL %d checks\n", failures);
	else
		rt_printf("credtest: ok\n");
	return failures ? 1 : 0;
}
