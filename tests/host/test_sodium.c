/* Host tests for libsodium as mk/sodium.mk builds it (Debian's source,
 * our file list and defines, ASan+UBSan): the RFC 4231 HMAC-SHA256
 * cases, Argon2id known answers (the reference implementation's
 * encoded string, an upstream libsodium vector, and raw outputs computed
 * with Debian's libsodium23 on the build host), pwhash_str round trips,
 * the constant-time comparisons and the random source. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>
#include "lib/crypto/argon2id_kat.h"
#include "lib/crypto/rfc4231.h"

static const char ARGON2ID_REF[] = ARGON2ID_REF_STR;

/* The pwhash_str API takes char[crypto_pwhash_STRBYTES], as stored. */
static const char *stored(const char *s)
{
	static char buf[crypto_pwhash_STRBYTES];
	memset(buf, 0, sizeof(buf));
	strncpy(buf, s, sizeof(buf) - 1);
	return buf;
}

static int setup(void **state)
{
	return sodium_init() < 0 ? -1 : 0;
}

static void test_rfc4231_lengths(void **state)
{
	/* the table's string lengths are typed by hand: check them */
	for (size_t i = 0; i < RFC4231_CASES; i++) {
		const struct rfc4231_case *c = &rfc4231_cases[i];
		if (c->data.bytes)
			assert_int_equal(strlen(c->data.bytes), c->data.len);
		if (c->key.bytes)
			assert_int_equal(strlen(c->key.bytes), c->key.len);
	}
}

static void test_hmac_rfc4231(void **state)
{
	uint8_t key[RFC4231_MAX_LEN], data[RFC4231_MAX_LEN];
	uint8_t mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	for (size_t i = 0; i < RFC4231_CASES; i++) {
		const struct rfc4231_case *c = &rfc4231_cases[i];
		size_t klen = rfc4231_expand(&c->key, key);
		size_t dlen = rfc4231_expand(&c->data, data);
		crypto_auth_hmacsha256_init(&st, key, klen);
		crypto_auth_hmacsha256_update(&st, data, dlen);
		crypto_auth_hmacsha256_final(&st, mac);
		assert_memory_equal(mac, c->mac, c->mac_len);
	}
}

static void test_hmac_verify(void **state)
{
	uint8_t key[crypto_auth_hmacsha256_KEYBYTES], tag[32], tag2[32];
	static const unsigned char msg[] = "caller session reference";
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_keygen(key);
	crypto_auth_hmacsha256(tag, msg, sizeof(msg) - 1, key);
	crypto_auth_hmacsha256_init(&st, key, sizeof(key));
	crypto_auth_hmacsha256_update(&st, msg, sizeof(msg) - 1);
	crypto_auth_hmacsha256_final(&st, tag2);
	assert_memory_equal(tag, tag2, sizeof(tag));
	assert_int_equal(crypto_auth_hmacsha256_verify(tag, msg, sizeof(msg) - 1, key), 0);
	for (size_t bit = 0; bit < 8 * sizeof(tag); bit += 37) {
		tag[bit / 8] ^= (uint8_t)(1u << bit % 8);
		assert_int_equal(crypto_auth_hmacsha256_verify(tag, msg, sizeof(msg) - 1,
							       key), -1);
		tag[bit / 8] ^= (uint8_t)(1u << bit % 8);
	}
}

static void test_argon2id_reference_string(void **state)
{
	const char *ref = stored(ARGON2ID_REF);
	assert_int_equal(crypto_pwhash_str_verify(ref, ARGON2ID_REF_PASSWORD, 8), 0);
	assert_int_equal(crypto_pwhash_str_verify(ref, "passwore", 8), -1);
	assert_int_equal(crypto_pwhash_str_verify(ref, "password", 7), -1);
	char bad[crypto_pwhash_STRBYTES] = { 0 };
	memcpy(bad, ARGON2ID_REF, sizeof(ARGON2ID_REF));
	size_t last = sizeof(ARGON2ID_REF) - 2;	/* the tag's last character */
	bad[last] = bad[last] == 'A' ? 'B' : 'A';
	assert_int_equal(crypto_pwhash_str_verify(bad, "password", 8), -1);
}

static void check_pwhash(unsigned long long ops, size_t mem, const char *pw,
			 const uint8_t salt[crypto_pwhash_SALTBYTES],
			 const char *want_hex)
{
	uint8_t out[256];
	char hex[2 * sizeof(out) + 1];
	size_t len = strlen(want_hex) / 2;
	assert_true(len <= sizeof(out));
	assert_int_equal(crypto_pwhash(out, len, pw, strlen(pw), salt, ops, mem,
				       crypto_pwhash_ALG_ARGON2ID13), 0);
	sodium_bin2hex(hex, sizeof(hex), out, len);
	assert_string_equal(hex, want_hex);
}

static void test_argon2id_debian_kat(void **state)
{
	const uint8_t *salt = (const uint8_t *)ARGON2ID_KAT_SALT;
	for (size_t i = 0; i < ARGON2ID_KATS; i++)
		check_pwhash(argon2id_kats[i].ops, argon2id_kats[i].mem,
			     ARGON2ID_KAT_PASSWORD, salt, argon2id_kats[i].hex);
}

/* libsodium's own test/default/pwhash_argon2id.c, tv() case 6, whose
 * answer is line 7 of pwhash_argon2id.exp (231 bytes, 1.6 MB, t=1). */
static void test_argon2id_upstream_vector(void **state)
{
	uint8_t pw[34], salt[crypto_pwhash_SALTBYTES];
	assert_int_equal(sodium_hex2bin(pw, sizeof(pw),
		"b540beb016a5366524d4605156493f9874514a5aa58818cd0c6dfffaa9e90205f17b",
		68, NULL, NULL, NULL), 0);
	assert_int_equal(sodium_hex2bin(salt, sizeof(salt),
		"44071f6d181561670bda728d43fb79b4", 32, NULL, NULL, NULL), 0);
	static const char want[] =
		"7fb72409b0987f8190c3729710e98c3f80c5a8727d425fdcde7f3644d467fe97"
		"3f5b5fee683bd3fce812cb9ae5e9921a2d06c2f1905e4e839692f2b934b682f1"
		"1a2fe2b90482ea5dd234863516dba6f52dc0702d324ec77d860c2e181f84472b"
		"d7104fedce071ffa93c5309494ad51623d214447a7b2b1462dc7d5d55a1f6fd5"
		"b54ce024118d86f0c6489d16545aaa87b6689dad9f2fb47fda9894f8e12b87d9"
		"78b483ccd4cc5fd9595cdc7a818452f915ce2f7df95ec12b1c72e3788d473441"
		"d884f9748eb14703c21b45d82fd667b85f5b2d98c13303b3fe76285531a826b6"
		"fc0fe8e3dddecf";
	uint8_t out[231];
	char hex[2 * sizeof(out) + 1];
	assert_int_equal(crypto_pwhash(out, sizeof(out), (const char *)pw,
				       sizeof(pw), salt, 1, 1631659,
				       crypto_pwhash_alg_default()), 0);
	sodium_bin2hex(hex, sizeof(hex), out, sizeof(out));
	assert_string_equal(hex, want);
}

static void test_pwhash_str_roundtrip(void **state)
{
	char str[crypto_pwhash_STRBYTES], str2[crypto_pwhash_STRBYTES];
	const char *pw = "Correct Horse Battery Staple";
	const unsigned long long ops = 2;
	const size_t mem = 512 * 1024;
	assert_int_equal(crypto_pwhash_str(str, pw, strlen(pw), ops, mem), 0);
	assert_int_equal(crypto_pwhash_str(str2, pw, strlen(pw), ops, mem), 0);
	assert_non_null(strstr(str, "$argon2id$v=19$m=512,t=2,p=1$"));
	assert_string_not_equal(str, str2);	/* fresh salts */
	assert_int_equal(crypto_pwhash_str_verify(str, pw, strlen(pw)), 0);
	assert_int_equal(crypto_pwhash_str_verify(str2, pw, strlen(pw)), 0);
	assert_int_equal(crypto_pwhash_str_verify(str, "correct horse", 13), -1);
	assert_int_equal(crypto_pwhash_str_needs_rehash(str, ops, mem), 0);
	assert_int_equal(crypto_pwhash_str_needs_rehash(str, ops + 1, mem), 1);
	assert_int_equal(crypto_pwhash_str_needs_rehash(str, ops, 2 * mem), 1);
	assert_int_equal(crypto_pwhash_str_needs_rehash(stored("$argon2id$garbage"),
							ops, mem), -1);
	/* below the minimum work: refused, not weakened */
	assert_int_equal(crypto_pwhash_str(str, pw, strlen(pw), 0, mem), -1);
}

static void test_compare(void **state)
{
	uint8_t a[64], b[64];
	for (size_t i = 0; i < sizeof(a); i++)
		a[i] = b[i] = (uint8_t)(i * 13);
	assert_int_equal(sodium_memcmp(a, b, sizeof(a)), 0);
	assert_int_equal(crypto_verify_16(a, b), 0);
	assert_int_equal(crypto_verify_32(a, b), 0);
	assert_int_equal(crypto_verify_64(a, b), 0);
	b[15] ^= 0x80;
	assert_int_equal(sodium_memcmp(a, b, sizeof(a)), -1);
	assert_int_equal(crypto_verify_16(a, b), -1);
	assert_int_equal(crypto_verify_32(a, b), -1);
	assert_int_equal(crypto_verify_64(a, b), -1);
	b[15] ^= 0x80;
	b[63] ^= 0x01;
	assert_int_equal(crypto_verify_32(a, b), 0);
	assert_int_equal(crypto_verify_64(a, b), -1);
}

static void test_random(void **state)
{
	uint8_t x[32], y[32], zero[32] = { 0 };
	assert_string_equal(randombytes_implementation_name(), "sysrandom");
	randombytes_buf(x, sizeof(x));
	randombytes_buf(y, sizeof(y));
	assert_memory_not_equal(x, y, sizeof(x));
	assert_memory_not_equal(x, zero, sizeof(x));
	assert_true(randombytes_uniform(10) < 10);
}

static void test_guarded_alloc(void **state)
{
	uint8_t *p = sodium_malloc(100);
	assert_non_null(p);
	memset(p, 0x5a, 100);
	assert_int_equal(sodium_mprotect_readonly(p), 0);
	assert_int_equal(p[99], 0x5a);
	assert_int_equal(sodium_mprotect_readwrite(p), 0);
	sodium_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc4231_lengths),
		cmocka_unit_test(test_hmac_rfc4231),
		cmocka_unit_test(test_hmac_verify),
		cmocka_unit_test(test_argon2id_reference_string),
		cmocka_unit_test(test_argon2id_debian_kat),
		cmocka_unit_test(test_argon2id_upstream_vector),
		cmocka_unit_test(test_pwhash_str_roundtrip),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_guarded_alloc),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
