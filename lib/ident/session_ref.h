/* The caller-session reference a server sees (lib/ring/ipc.h
 * session_ref[2]): an opaque 128-bit value that stays the same for one
 * session calling one service, and says nothing else. It is
 *
 *   HMAC-SHA256(key, scope_id as 8 bytes little-endian || session id)
 *
 * cut to its first 16 bytes, read as two little-endian words. The key is
 * a per-boot secret, so references change at every boot; scope_id is the
 * endpoint's never-reused service-scope id, so two services (or one
 * service's replaced endpoint) see unrelated references for the same
 * session; the session id is 128 random bits that never leave the kernel.
 *
 * Pure: the HMAC comes in as a function with libsodium's
 * crypto_auth_hmacsha256 signature (the kernel and the host tests both
 * link libsodium; see mk/sodium.mk). */
#ifndef CAPOS_LIB_IDENT_SESSION_REF_H
#define CAPOS_LIB_IDENT_SESSION_REF_H
#include <stdint.h>

#define SESSION_REF_KEY_BYTES 32u	/* crypto_auth_hmacsha256_KEYBYTES */
#define SESSION_ID_BYTES 16u
#define SESSION_REF_MSG_BYTES (8u + SESSION_ID_BYTES)

/* out = HMAC-SHA256 keyed by k (32 bytes) over in[0, inlen); returns 0. */
typedef int (*session_hmac_fn)(unsigned char *out, const unsigned char *in,
			       unsigned long long inlen, const unsigned char *k);

/* The MAC's input for (scope_id, session id). */
void session_ref_message(uint8_t msg[SESSION_REF_MSG_BYTES], uint64_t scope_id,
			 const uint8_t id[SESSION_ID_BYTES]);
/* ref[0..1] for (key, scope_id, session id). */
void session_ref_derive(session_hmac_fn hmac,
			const uint8_t key[SESSION_REF_KEY_BYTES],
			uint64_t scope_id, const uint8_t id[SESSION_ID_BYTES],
			uint64_t ref[2]);

#endif
