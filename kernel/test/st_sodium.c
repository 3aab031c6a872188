/* libsodium's SHA-256 and HMAC-SHA256 as the kernel links them
 * (build/sodium/kernel/libsodium-kernel.a, compiled with the kernel's
 * flags; mk/sodium.mk): the RFC 4231 test cases, a FIPS 180-2 digest,
 * and that verification accepts the right tag and only it. */
#include <stdint.h>
#include <string.h>
#include <sodium/crypto_auth_hmacsha256.h>
#include <sodium/crypto_hash_sha256.h>
#include <sodium/crypto_verify_32.h>
#include "kernel/core/selftest.h"
#include "lib/crypto/rfc4231.h"

/* One RFC 4231 case through init/update/final (keys of any length),
 * the data fed in two pieces to cross the update path. */
static const char *st_hmac_case(const struct rfc4231_case *c)
{
	static uint8_t key[RFC4231_MAX_LEN], data[RFC4231_MAX_LEN];
	uint8_t mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	size_t klen = rfc4231_expand(&c->key, key);
	size_t dlen = rfc4231_expand(&c->data, data);

	crypto_auth_hmacsha256_init(&st, key, klen);
	crypto_auth_hmacsha256_update(&st, data, dlen / 3);
	crypto_auth_hmacsha256_update(&st, data + dlen / 3, dlen - dlen / 3);
	crypto_auth_hmacsha256_final(&st, mac);
	return memcmp(mac, c->mac, c->mac_len) ? "an RFC 4231 HMAC differs" : 0;
}

SELFTEST(sodium_hmacsha256_rfc4231)
{
	for (size_t i = 0; i < RFC4231_CASES; i++) {
		const char *err = st_hmac_case(&rfc4231_cases[i]);
		if (err)
			return err;
	}
	return 0;
}

SELFTEST(sodium_sha256_abc)
{
	static const uint8_t want[crypto_hash_sha256_BYTES] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
		0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
		0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad };
	uint8_t out[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(out, (const unsigned char *)"abc", 3);
	ST_CHECK(!memcmp(out, want, sizeof(out)), "SHA-256(\"abc\") differs");
	return 0;
}

/* The one-shot API with a 32-byte key agrees with init/update/final and
 * its verify accepts that tag, and rejects it with one bit flipped. */
SELFTEST(sodium_hmacsha256_verify)
{
	uint8_t key[crypto_auth_hmacsha256_KEYBYTES], tag[32], tag2[32];
	static const unsigned char msg[] = "caller session reference";
	crypto_auth_hmacsha256_state st;
	for (size_t i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(i * 7 + 1);

	crypto_auth_hmacsha256(tag, msg, sizeof(msg) - 1, key);
	crypto_auth_hmacsha256_init(&st, key, sizeof(key));
	crypto_auth_hmacsha256_update(&st, msg, sizeof(msg) - 1);
	crypto_auth_hmacsha256_final(&st, tag2);
	ST_CHECK(!memcmp(tag, tag2, sizeof(tag)), "one-shot and streaming differ");
	ST_CHECK(crypto_auth_hmacsha256_verify(tag, msg, sizeof(msg) - 1, key) == 0,
		 "verify rejects the right tag");
	tag[31] ^= 0x01;
	ST_CHECK(crypto_auth_hmacsha256_verify(tag, msg, sizeof(msg) - 1, key) == -1,
		 "verify accepts a wrong tag");
	ST_CHECK(crypto_verify_32(tag, tag2) == -1, "crypto_verify_32 equal");
	return 0;
}
