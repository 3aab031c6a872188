/* lib/ident/record: the credential record's rules, its framed form, seeds
 * from manifest args, and hostile bytes (every prefix, every bit flip,
 * pointers out of bounds, interior NULs, other versions), each refused
 * with its own error and without a read out of bounds (ASan+UBSan). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "lib/ident/record.h"

#define VERIFIER "$argon2id$v=19$m=64,t=2,p=1$R36qrLoR6DOZOSE/NUeBmw$" \
		 "Mj7xjnRnrk1cx+GfubPYNJ9BIpLdi/nxlxVjLUiMG3Q"

/* `capnp encode schema/identity.capnp CredentialRecord` (Debian's capnp)
 * of (user = "bob", principal = "local:bob", profile = guest, verifier =
 * VERIFIER, volatile = true, createdNs = 123456789). */
static const uint8_t capnp_bob[] = {
	0x00, 0x00, 0x00, 0x00, 0x15, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x15, 0xcd, 0x5b, 0x07, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00,
	0x22, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x52, 0x00, 0x00, 0x00,
	0x0d, 0x00, 0x00, 0x00, 0xfa, 0x02, 0x00, 0x00, 0x62, 0x6f, 0x62, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x6c, 0x6f, 0x63, 0x61, 0x6c, 0x3a, 0x62, 0x6f,
	0x62, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x24, 0x61, 0x72, 0x67,
	0x6f, 0x6e, 0x32, 0x69, 0x64, 0x24, 0x76, 0x3d, 0x31, 0x39, 0x24, 0x6d,
	0x3d, 0x36, 0x34, 0x2c, 0x74, 0x3d, 0x32, 0x2c, 0x70, 0x3d, 0x31, 0x24,
	0x52, 0x33, 0x36, 0x71, 0x72, 0x4c, 0x6f, 0x52, 0x36, 0x44, 0x4f, 0x5a,
	0x4f, 0x53, 0x45, 0x2f, 0x4e, 0x55, 0x65, 0x42, 0x6d, 0x77, 0x24, 0x4d,
	0x6a, 0x37, 0x78, 0x6a, 0x6e, 0x52, 0x6e, 0x72, 0x6b, 0x31, 0x63, 0x78,
	0x2b, 0x47, 0x66, 0x75, 0x62, 0x50, 0x59, 0x4e, 0x4a, 0x39, 0x42, 0x49,
	0x70, 0x4c, 0x64, 0x69, 0x2f, 0x6e, 0x78, 0x6c, 0x78, 0x56, 0x6a, 0x4c,
	0x55, 0x69, 0x4d, 0x47, 0x33, 0x51, 0x00, 0x00
};
#define VERSION_BYTE 16	/* framing, root pointer, then version ^ 1 */

/* buf[0..len) in a buffer of exactly that size, so ASan sees overruns. */
static uint8_t *exact(const void *buf, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);
	memcpy(p, buf, len);
	return p;
}

static int decode_exact(struct cred_record *r, const void *buf, size_t len,
			const char **why)
{
	uint8_t *p = exact(buf, len);
	int err = cred_record_decode(r, p, len, why);
	free(p);
	return err;
}

static struct cred_record alice(void)
{
	struct cred_record r = { .version = CRED_VERSION,
				 .profile = Profile_operator,
				 .created_ns = 42 };
	strcpy(r.user, "alice");
	strcpy(r.principal, "alice");
	strcpy(r.verifier, VERIFIER);
	return r;
}

/* A record message with any field values, the checks bypassed. */
struct raw {
	uint16_t version;
	uint16_t profile;
	const char *user, *principal, *verifier;
	size_t ulen;		/* 0: strlen(user) */
};

static size_t build_raw(uint8_t *buf, size_t cap, const struct raw *w)
{
	struct capn_builder b;
	capn_build_init(&b, buf, cap);
	CredentialRecord_b o = { capn_b_root(&b, CredentialRecord_DATA_WORDS,
					     CredentialRecord_PTR_COUNT) };
	CredentialRecord_set_version(o, w->version);
	CredentialRecord_set_profile(o, (Profile)w->profile);
	CredentialRecord_set_user(o, w->user, w->ulen ? w->ulen : strlen(w->user));
	CredentialRecord_set_principal(o, w->principal, strlen(w->principal));
	CredentialRecord_set_verifier(o, w->verifier, strlen(w->verifier));
	size_t n = capn_build_finish(&b);
	assert_true(n > 0);
	return n;
}

static int decode_raw(const struct raw *w, const char **why)
{
	uint8_t buf[1024];
	struct cred_record r;
	return decode_exact(&r, buf, build_raw(buf, sizeof buf, w), why);
}

static const struct raw good_raw = { 1, Profile_operator, "alice", "alice",
				     VERIFIER, 0 };

/* ---- field rules ---------------------------------------------------- */

static void test_user_rules(void **state)
{
	static const char *const ok[] = { "a", "alice", "bob_2", "x.y-z",
		"0123456789abcdefghijklmnopqrstuv" /* 32 */ };
	static const char *const bad[] = { "", "Alice", "al ice", "al:ice",
		"al/ice", "\xc3\xa9t\xc3\xa9", "a\tb",
		"0123456789abcdefghijklmnopqrstuvw" /* 33 */ };
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		assert_null(cred_user_check(ok[i], strlen(ok[i])));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_non_null(cred_user_check(bad[i], strlen(bad[i])));
	assert_non_null(cred_user_check("a\0b", 3));
}

static void test_principal_rules(void **state)
{
	char p[65];
	memset(p, 'p', 64);
	p[64] = 0;
	assert_null(cred_principal_check(p, 63));
	assert_non_null(cred_principal_check(p, 64));
	assert_null(cred_principal_check("local:Bob@host", 14));
	assert_non_null(cred_principal_check("", 0));
	assert_non_null(cred_principal_check("a b", 3));
	assert_non_null(cred_principal_check("a\nb", 3));
	assert_non_null(cred_principal_check("a\x7f", 2));
	assert_non_null(cred_principal_check("a\0b", 3));
}

static void test_verifier_rules(void **state)
{
	assert_null(cred_verifier_check(VERIFIER, strlen(VERIFIER)));
	static const char *const bad[] = {
		"",
		"$argon2id$",
		"$argon2i$v=19$m=64,t=2,p=1$R36qrLoR6DOZOSE/NUeBmw$Mj7x",
		"argon2id$v=19$m=64,t=2,p=1$R36q$Mj7x",
		"$argon2id$v=19$m=64,t=2,p=1$R36q$Mj7x$",	// six '$'
		"$argon2id$v=19$m=64,t=2,p=1$R36qMj7x",		// four
		"$argon2id$v=19$m=64,t=2,p=1$R36q$",		// empty hash
		"$argon2id$v=19$m=64,t=2,p=1$R36q:$Mj7x",
		"$argon2id$v=19$m=64,t=2,p=1$R36q $Mj7x",
		"$argon2id$v=19$m=64,t=2,p=1$R36q\n$Mj7x",
		"wonderland",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_non_null(cred_verifier_check(bad[i], strlen(bad[i])));
	char longv[200];
	strcpy(longv, VERIFIER);
	while (strlen(longv) <= CRED_VERIFIER_MAX)
		strcat(longv, "A");
	assert_non_null(cred_verifier_check(longv, strlen(longv)));
	longv[CRED_VERIFIER_MAX] = 0;
	assert_null(cred_verifier_check(longv, CRED_VERIFIER_MAX));
	assert_non_null(cred_verifier_check(VERIFIER "\0x", sizeof VERIFIER + 1));
}

static void test_profiles(void **state)
{
	Profile p = Profile_system;
	assert_int_equal(cred_profile_parse("operator", 8, &p), 0);
	assert_int_equal(p, Profile_operator);
	assert_int_equal(cred_profile_parse("guest", 5, &p), 0);
	assert_int_equal(p, Profile_guest);
	assert_int_equal(cred_profile_parse("operato", 7, &p), ERR_INVALID);
	assert_int_equal(cred_profile_parse("operators", 9, &p), ERR_INVALID);
	assert_int_equal(cred_profile_parse("", 0, &p), ERR_INVALID);
	assert_null(cred_profile_check(Profile_guest));
	assert_null(cred_profile_check(Profile_operator));
	assert_non_null(cred_profile_check(Profile_system));
	assert_non_null(cred_profile_check(Profile_anonymous));
	assert_non_null(cred_profile_check((Profile)4));
	assert_non_null(cred_profile_check((Profile)0xffff));
	assert_string_equal(cred_profile_name(Profile_operator), "operator");
	assert_string_equal(cred_profile_name((Profile)9), "?");
}

/* ---- encode / decode ------------------------------------------------ */

static void test_roundtrip(void **state)
{
	uint8_t buf[CRED_RECORD_BYTES];
	size_t len = 0;
	struct cred_record a = alice(), b;
	a.volatile_ = true;
	a.created_ns = 0x123456789abcull;
	assert_int_equal(cred_record_encode(&a, buf, sizeof buf, &len, 0), 0);
	assert_int_equal(decode_exact(&b, buf, len, 0), 0);
	assert_int_equal(b.version, 1);
	assert_string_equal(b.user, "alice");
	assert_string_equal(b.principal, "alice");
	assert_string_equal(b.verifier, VERIFIER);
	assert_int_equal(b.profile, Profile_operator);
	assert_true(b.volatile_);
	assert_int_equal(b.created_ns, 0x123456789abcull);
	assert_null(cred_record_check(&b));
}

static void test_largest_record_fits(void **state)
{
	struct cred_record a = alice();
	memset(a.user, 'u', CRED_USER_MAX);
	memset(a.principal, 'p', CRED_PRINCIPAL_MAX);
	memset(a.verifier, 'V', CRED_VERIFIER_MAX);
	memcpy(a.verifier, VERIFIER, 60);	// keeps its five '$'
	uint8_t buf[CRED_RECORD_BYTES];
	size_t len = 0;
	const char *why = 0;
	assert_int_equal(cred_record_encode(&a, buf, sizeof buf, &len, &why), 0);
	assert_true(len <= CRED_RECORD_BYTES);
	struct cred_record b;
	assert_int_equal(decode_exact(&b, buf, len, 0), 0);
	assert_memory_equal(&a.user, &b.user, sizeof a.user);
	assert_memory_equal(&a.verifier, &b.verifier, sizeof a.verifier);
	// every smaller buffer fails cleanly
	for (size_t cap = 0; cap < len; cap++) {
		uint8_t *small = malloc(cap ? cap : 1);
		size_t n = 77;
		assert_int_equal(cred_record_encode(&a, small, cap, &n, &why),
				 CAPN_ENOSPACE);
		assert_int_equal(n, 77);
		free(small);
	}
}

static void test_encode_refuses_bad_records(void **state)
{
	uint8_t buf[CRED_RECORD_BYTES];
	size_t len = 0;
	const char *why = 0;
	struct cred_record a = alice();
	a.version = 2;
	assert_int_equal(cred_record_encode(&a, buf, sizeof buf, &len, &why),
			 ERR_INVALID);
	a = alice();
	strcpy(a.user, "Alice");
	assert_int_equal(cred_record_encode(&a, buf, sizeof buf, &len, &why),
			 ERR_INVALID);
	assert_string_equal(why, "user: bad character (allowed: a-z 0-9 _ . -)");
	a = alice();
	memset(a.user, 'a', sizeof a.user);	// no NUL at all
	assert_int_equal(cred_record_encode(&a, buf, sizeof buf, &len, &why),
			 ERR_INVALID);
	a = alice();
	memset(a.verifier, 'A', sizeof a.verifier);
	memcpy(a.verifier, VERIFIER, 40);
	assert_int_equal(cred_record_encode(&a, buf, sizeof buf, &len, &why),
			 ERR_INVALID);
	a = alice();
	strcpy(a.verifier, "wonderland");	// a password is no verifier
	assert_int_equal(cred_record_encode(&a, buf, sizeof buf, &len, &why),
			 ERR_INVALID);
	a = alice();
	a.profile = Profile_system;
	assert_int_equal(cred_record_encode(&a, buf, sizeof buf, &len, &why),
			 ERR_INVALID);
	assert_int_equal(len, 0);
}

static void test_capnp_tool_bytes(void **state)
{
	struct cred_record r;
	assert_int_equal(decode_exact(&r, capnp_bob, sizeof capnp_bob, 0), 0);
	assert_string_equal(r.user, "bob");
	assert_string_equal(r.principal, "local:bob");
	assert_int_equal(r.profile, Profile_guest);
	assert_string_equal(r.verifier, VERIFIER);
	assert_true(r.volatile_);
	assert_int_equal(r.created_ns, 123456789);
	// and ours encodes it to the same bytes
	uint8_t buf[CRED_RECORD_BYTES];
	size_t len = 0;
	assert_int_equal(cred_record_encode(&r, buf, sizeof buf, &len, 0), 0);
	assert_int_equal(len, sizeof capnp_bob);
	assert_memory_equal(buf, capnp_bob, len);
}

static void test_other_version_refused(void **state)
{
	uint8_t b[sizeof capnp_bob];
	memcpy(b, capnp_bob, sizeof b);
	b[VERSION_BYTE] = 2 ^ 1;
	struct cred_record r;
	const char *why = 0;
	assert_int_equal(decode_exact(&r, b, sizeof b, &why), ERR_NOT_SUPPORTED);
	assert_string_equal(why, "version: not 1");
	assert_string_equal(r.user, "");
	b[VERSION_BYTE] = 1;	// version 0
	assert_int_equal(decode_exact(&r, b, sizeof b, &why), ERR_NOT_SUPPORTED);
}

static void test_every_prefix_refused(void **state)
{
	struct cred_record r;
	for (size_t n = 0; n < sizeof capnp_bob; n++) {
		int err = decode_exact(&r, capnp_bob, n, 0);
		assert_true(err < 0);
		assert_string_equal(r.user, "");
		assert_string_equal(r.verifier, "");
	}
}

static void test_trailing_bytes_refused(void **state)
{
	uint8_t b[sizeof capnp_bob + 8] = { 0 };
	memcpy(b, capnp_bob, sizeof capnp_bob);
	struct cred_record r;
	const char *why = 0;
	assert_int_equal(decode_exact(&r, b, sizeof b, &why), ERR_INVALID);
	assert_string_equal(why, "bytes after the message");
}

/* Every single-bit change decodes to a record that obeys every rule, or
 * fails; never a crash, never an over-long or unterminated field. */
static void test_every_bit_flip(void **state)
{
	uint8_t b[sizeof capnp_bob];
	unsigned ok = 0, refused = 0;
	for (size_t i = 0; i < sizeof b * 8; i++) {
		memcpy(b, capnp_bob, sizeof b);
		b[i / 8] ^= (uint8_t)(1u << (i % 8));
		struct cred_record r;
		if (decode_exact(&r, b, sizeof b, 0) == 0) {
			assert_null(cred_record_check(&r));
			ok++;
		} else {
			refused++;
		}
	}
	assert_true(refused > 0 && ok > 0);
}

static void test_random_bytes(void **state)
{
	uint32_t x = 0x12345678;
	for (int round = 0; round < 20000; round++) {
		uint8_t b[96];
		size_t n = (size_t)(round % sizeof b);
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			b[i] = (uint8_t)x;
		}
		if (n >= 8 && round % 2) {	// a plausible one-segment table
			uint32_t z = 0, w = (uint32_t)(n - 8) / 8;
			memcpy(b, &z, 4);
			memcpy(b + 4, &w, 4);
		}
		struct cred_record r;
		if (decode_exact(&r, b, n, 0) == 0)
			assert_null(cred_record_check(&r));
	}
}

static void test_hostile_fields(void **state)
{
	const char *why = 0;
	struct raw w = good_raw;
	assert_int_equal(decode_raw(&w, &why), 0);

	w = good_raw;
	w.user = "al\0ce";	// interior NUL
	w.ulen = 5;
	assert_int_equal(decode_raw(&w, &why), ERR_INVALID);
	assert_string_equal(why, "text with a NUL inside");

	w = good_raw;
	w.user = "0123456789abcdefghijklmnopqrstuvwxyz";	// 36 bytes
	assert_int_equal(decode_raw(&w, &why), ERR_INVALID);

	w = good_raw;
	w.user = "";
	assert_int_equal(decode_raw(&w, &why), ERR_INVALID);

	w = good_raw;
	w.principal = "";
	assert_int_equal(decode_raw(&w, &why), ERR_INVALID);

	w = good_raw;
	w.verifier = "wonderland";
	assert_int_equal(decode_raw(&w, &why), ERR_INVALID);

	static const uint16_t profiles[] = { Profile_system,
		Profile_anonymous, 4, 0xffff };
	for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
		w = good_raw;
		w.profile = profiles[i];
		assert_int_equal(decode_raw(&w, &why), ERR_INVALID);
	}
}

/* Pointers aimed outside the segment, of the wrong kind or element size,
 * unterminated text: lib/capnp's errors, passed on. */
static void test_hostile_pointers(void **state)
{
	struct cred_record r;
	uint8_t b[sizeof capnp_bob];
	// word 3 (bytes 32..39) is the user text pointer: aim it far away
	memcpy(b, capnp_bob, sizeof b);
	uint32_t far_off = (0x100000u << 2) | 1;	// list, offset 1 Mi words
	memcpy(b + 32, &far_off, 4);
	assert_int_equal(decode_exact(&r, b, sizeof b, 0), CAPN_EBOUNDS);
	// the user pointer as a struct pointer
	memcpy(b, capnp_bob, sizeof b);
	b[32] &= (uint8_t)~3;
	assert_int_equal(decode_exact(&r, b, sizeof b, 0), CAPN_EKIND);
	// a list of 64-bit words instead of bytes
	memcpy(b, capnp_bob, sizeof b);
	b[36] = (uint8_t)((b[36] & ~7) | CAPN_EIGHT);
	assert_int_equal(decode_exact(&r, b, sizeof b, 0), CAPN_EKIND);
	// the text's NUL overwritten
	memcpy(b, capnp_bob, sizeof b);
	b[8 + 8 * 6 + 3] = 'x';		// "bob\0" starts at word 6 of segment 0
	assert_int_equal(decode_exact(&r, b, sizeof b, 0), CAPN_ETEXT);
	// a segment table claiming 10^9 segments
	memcpy(b, capnp_bob, sizeof b);
	uint32_t many = 1000000000u;
	memcpy(b, &many, 4);
	assert_int_equal(decode_exact(&r, b, sizeof b, 0), CAPN_ESEGS);
	// a root pointer that is a far pointer into a segment that is missing
	memcpy(b, capnp_bob, sizeof b);
	uint64_t farp = 2 | (5ull << 32);
	memcpy(b + 8, &farp, 8);
	assert_true(decode_exact(&r, b, sizeof b, 0) < 0);
	// a null root: an empty record (version 1 by default, but no user)
	memcpy(b, capnp_bob, sizeof b);
	memset(b + 8, 0, 8);
	const char *why = 0;
	assert_int_equal(decode_exact(&r, b, sizeof b, &why), ERR_INVALID);
	assert_string_equal(why, "user: empty");
}

/* ---- seeds ---------------------------------------------------------- */

static void test_seed_parse(void **state)
{
	static const char s[] = "alice:operator:" VERIFIER;
	struct cred_record r;
	const char *why = 0;
	assert_int_equal(cred_seed_parse(&r, s, strlen(s), &why), 0);
	assert_string_equal(r.user, "alice");
	assert_string_equal(r.principal, "alice");
	assert_int_equal(r.profile, Profile_operator);
	assert_string_equal(r.verifier, VERIFIER);
	assert_int_equal(r.version, CRED_VERSION);
	assert_false(r.volatile_);
	assert_null(cred_record_check(&r));

	static const char g[] = "guest1:guest:" VERIFIER;
	assert_int_equal(cred_seed_parse(&r, g, strlen(g), &why), 0);
	assert_int_equal(r.profile, Profile_guest);

	// not NUL-terminated: only len counts
	char t[sizeof s + 4];
	memcpy(t, s, sizeof s - 1);
	memcpy(t + sizeof s - 1, "XXXX", 4);
	assert_int_equal(cred_seed_parse(&r, t, sizeof s - 1, &why), 0);
	assert_string_equal(r.verifier, VERIFIER);
}

static void test_seed_hostile(void **state)
{
	static const char *const bad[] = {
		"",
		":",
		"::",
		"alice",
		"alice:operator",
		"alice:operator:",
		":operator:" VERIFIER,
		"Alice:operator:" VERIFIER,
		"alice:Operator:" VERIFIER,
		"alice:root:" VERIFIER,
		"alice:system:" VERIFIER,
		"alice:anonymous:" VERIFIER,
		"alice::" VERIFIER,
		"alice:operator:" VERIFIER ":",
		"alice:operator::" VERIFIER,
		"alice:operator:wonderland",
		"alice:operator:$argon2i$v=19$m=64,t=2,p=1$R36q$Mj7x",
		"alice:operator:" VERIFIER "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"0123456789abcdefghijklmnopqrstuvw:operator:" VERIFIER,
		"alice operator " VERIFIER,
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct cred_record r;
		const char *why = 0;
		uint8_t *p = exact(bad[i], strlen(bad[i]));
		assert_int_equal(cred_seed_parse(&r, (const char *)p,
						 strlen(bad[i]), &why),
				 ERR_INVALID);
		free(p);
		assert_non_null(why);
		assert_null(strstr(why, "R36q"));	// never quotes the verifier
		assert_string_equal(r.user, "");
	}
	// a NUL inside the seed
	static const char z[] = "al\0ce:operator:" VERIFIER;
	struct cred_record r;
	assert_int_equal(cred_seed_parse(&r, z, sizeof z - 1, 0), ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user_rules),
		cmocka_unit_test(test_principal_rules),
		cmocka_unit_test(test_verifier_rules),
		cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_largest_record_fits),
		cmocka_unit_test(test_encode_refuses_bad_records),
		cmocka_unit_test(test_capnp_tool_bytes),
		cmocka_unit_test(test_other_version_refused),
		cmocka_unit_test(test_every_prefix_refused),
		cmocka_unit_test(test_trailing_bytes_refused),
		cmocka_unit_test(test_every_bit_flip),
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_hostile_fields),
		cmocka_unit_test(test_hostile_pointers),
		cmocka_unit_test(test_seed_parse),
		cmocka_unit_test(test_seed_hostile),
	};
	return cmocka_run_group_tests_name("cred_record", tests, NULL, NULL);
}
