/* libsodium on capOS (mk/sodium.mk: Debian's source compiled against
 * musl), run as init: one line per check ("sodium: NAME ok" or
 * "sodium: NAME FAILED: why"), then a summary; the exit code says
 * whether all passed. tests/qemu/test_sodium.py reads the lines.
 *
 * Randomness is libsodium's default source, randombytes_sysrandom over
 * getrandom(), which the translation layer turns into EntropySource.fill
 * on the "entropy" capability. Argon2id runs with the small parameters a
 * test under TCG can afford (t <= 3, m <= 1 MiB). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sodium.h>

#include "lib/crypto/argon2id_kat.h"
#include "lib/crypto/rfc4231.h"

static int passed, failed;

#define CHECK(name, cond, ...)                                             \
	do {                                                               \
		if (cond) {                                                \
			passed++;                                          \
			printf("sodium: %s ok\n", name);                   \
		} else {                                                   \
			failed++;                                          \
			printf("sodium: %s FAILED: ", name);               \
			printf(__VA_ARGS__);                               \
			printf("\n");                                      \
		}                                                          \
	} while (0)

/* The pwhash_str API takes char[crypto_pwhash_STRBYTES], as stored. */
static const char *stored(const char *s)
{
	static char buf[crypto_pwhash_STRBYTES];
	memset(buf, 0, sizeof(buf));
	strncpy(buf, s, sizeof(buf) - 1);
	return buf;
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void check_random(void)
{
	uint8_t x[32], y[32], zero[32] = { 0 };
	const char *name = randombytes_implementation_name();
	CHECK("random_source_sysrandom", !strcmp(name, "sysrandom"),
	      "the source is %s", name);
	randombytes_buf(x, sizeof(x));
	randombytes_buf(y, sizeof(y));
	CHECK("random_differs", memcmp(x, y, sizeof(x)) && memcmp(x, zero, sizeof(x)),
	      "two 32-byte draws are equal or zero");
	uint32_t u = randombytes_uniform(1000);
	CHECK("random_uniform", u < 1000, "randombytes_uniform(1000) = %u", u);
}

static void check_hmac(void)
{
	static uint8_t key[RFC4231_MAX_LEN], data[RFC4231_MAX_LEN];
	uint8_t mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	int bad = 0;
	for (size_t i = 0; i < RFC4231_CASES; i++) {
		const struct rfc4231_case *c = &rfc4231_cases[i];
		size_t klen = rfc4231_expand(&c->key, key);
		size_t dlen = rfc4231_expand(&c->data, data);
		crypto_auth_hmacsha256_init(&st, key, klen);
		crypto_auth_hmacsha256_update(&st, data, dlen);
		crypto_auth_hmacsha256_final(&st, mac);
		if (memcmp(mac, c->mac, c->mac_len) && !bad)
			bad = c->number;
	}
	CHECK("hmacsha256_rfc4231", !bad, "test case %d differs", bad);

	uint8_t k[crypto_auth_hmacsha256_KEYBYTES], tag[32];
	static const unsigned char msg[] = "caller session reference";
	crypto_auth_hmacsha256_keygen(k);
	crypto_auth_hmacsha256(tag, msg, sizeof(msg) - 1, k);
	int good = crypto_auth_hmacsha256_verify(tag, msg, sizeof(msg) - 1, k);
	tag[7] ^= 0x10;
	int forged = crypto_auth_hmacsha256_verify(tag, msg, sizeof(msg) - 1, k);
	CHECK("hmacsha256_verify", good == 0 && forged == -1,
	      "right tag %d, altered tag %d", good, forged);
}

static void check_argon2id_known(void)
{
	const char *ref = stored(ARGON2ID_REF_STR);
	int right = crypto_pwhash_str_verify(ref, ARGON2ID_REF_PASSWORD,
					     strlen(ARGON2ID_REF_PASSWORD));
	int wrong = crypto_pwhash_str_verify(ref, "passwore", 8);
	CHECK("argon2id_reference_string", right == 0 && wrong == -1,
	      "right password %d, wrong password %d", right, wrong);

	uint8_t out[32];
	char hex[2 * sizeof(out) + 1] = "";
	int bad = -1;
	for (size_t i = 0; i < ARGON2ID_KATS && bad < 0; i++) {
		const struct argon2id_kat *k = &argon2id_kats[i];
		if (crypto_pwhash(out, sizeof(out), ARGON2ID_KAT_PASSWORD,
				  strlen(ARGON2ID_KAT_PASSWORD),
				  (const uint8_t *)ARGON2ID_KAT_SALT, k->ops, k->mem,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
			bad = (int)i;
		else if (strcmp(sodium_bin2hex(hex, sizeof(hex), out, sizeof(out)),
				k->hex))
			bad = (int)i;
	}
	CHECK("argon2id_debian_kat", bad < 0, "answer %d differs: %s", bad, hex);
}

static void check_argon2id_str(void)
{
	static char str[crypto_pwhash_STRBYTES], str2[crypto_pwhash_STRBYTES];
	const char *pw = "Correct Horse Battery Staple";
	const unsigned long long ops = 3;
	const size_t mem = 1024 * 1024;
	uint64_t t0 = now_ms();
	int made = crypto_pwhash_str(str, pw, strlen(pw), ops, mem);
	uint64_t t1 = now_ms();
	int made2 = crypto_pwhash_str(str2, pw, strlen(pw), ops, mem);
	CHECK("argon2id_str", made == 0 && made2 == 0 &&
	      !strncmp(str, "$argon2id$v=19$m=1024,t=3,p=1$", 30),
	      "crypto_pwhash_str gave %d/%d: %s", made, made2, str);
	printf("sodium: ~argon2id_1MiB_t3_ms %llu\n",
	       (unsigned long long)(t1 - t0));
	CHECK("argon2id_str_fresh_salt", strcmp(str, str2), "same string twice");
	int right = crypto_pwhash_str_verify(str, pw, strlen(pw));
	int wrong = crypto_pwhash_str_verify(str, "correct horse", 13);
	CHECK("argon2id_str_verify", right == 0 && wrong == -1,
	      "right password %d, wrong password %d", right, wrong);
	int same = crypto_pwhash_str_needs_rehash(str, ops, mem);
	int more = crypto_pwhash_str_needs_rehash(str, ops, 2 * mem);
	CHECK("argon2id_needs_rehash", same == 0 && more == 1,
	      "same parameters %d, more memory %d", same, more);
}

static void check_memory(void)
{
	uint8_t a[32], b[32];
	memset(a, 0x3c, sizeof(a));
	memcpy(b, a, sizeof(b));
	int eq = sodium_memcmp(a, b, sizeof(a)) | crypto_verify_32(a, b);
	b[31] ^= 1;
	int ne = sodium_memcmp(a, b, sizeof(a)) & crypto_verify_32(a, b);
	CHECK("constant_time_compare", eq == 0 && ne == -1,
	      "equal gave %d, different gave %d", eq, ne);

	/* guard pages and canary: mmap and mprotect through VirtualMemory */
	uint8_t *p = sodium_malloc(100);
	int ro = p ? sodium_mprotect_readonly(p) : -2;
	int rw = p ? sodium_mprotect_readwrite(p) : -2;
	if (p) {
		memset(p, 0xa5, 100);
		sodium_free(p);
	}
	CHECK("sodium_malloc_guarded", p && ro == 0 && rw == 0,
	      "sodium_malloc %p, readonly %d, readwrite %d", (void *)p, ro, rw);
}

int main(void)
{
	int init = sodium_init();
	CHECK("init", init == 0, "sodium_init() = %d", init);
	CHECK("version", !strcmp(sodium_version_string(), SODIUM_VERSION_STRING),
	      "library %s, header %s", sodium_version_string(),
	      SODIUM_VERSION_STRING);
	printf("sodium: ~version %s\n", sodium_version_string());
	check_random();
	check_hmac();
	check_argon2id_known();
	check_argon2id_str();
	check_memory();
	printf("sodium: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
