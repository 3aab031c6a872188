/* Argon2id known answers small enough for every build of libsodium's
 * crypto_pwhash (mk/sodium.mk) to check, the capOS one under TCG
 * included: at most 256 KiB and two passes. */
#ifndef CAPOS_CRYPTO_ARGON2ID_KAT_H
#define CAPOS_CRYPTO_ARGON2ID_KAT_H
#include <stddef.h>

/* The phc-winner-argon2 reference test vector (its src/test.c): v=19,
 * m=256 KiB, t=2, p=1, password "password", salt "somesalt". */
#define ARGON2ID_REF_STR \
	"$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ" \
	"$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"
#define ARGON2ID_REF_PASSWORD "password"

/* crypto_pwhash(..., crypto_pwhash_ALG_ARGON2ID13) with 32-byte output,
 * computed with Debian's libsodium23 1.0.18-1+deb12u1 on the build host
 * (through Python ctypes), for this password and salt. */
#define ARGON2ID_KAT_PASSWORD "correct horse"
#define ARGON2ID_KAT_SALT "capOS-salt-16byt"	/* crypto_pwhash_SALTBYTES */

struct argon2id_kat {
	unsigned long long ops;
	size_t mem;
	const char *hex;
};

static const struct argon2id_kat argon2id_kats[] = {
	{ 2, 256 * 1024,
	  "77bc451566fbdd774da982312eaa7d15532def1a188cef53b85c737eea7ab922" },
	{ 1, 64 * 1024,
	  "2716f06cb78b22527b816ec69acc320cae08a59026dbf420dd9ee7c16ef27ae7" },
};

#define ARGON2ID_KATS (sizeof(argon2id_kats) / sizeof(argon2id_kats[0]))

#endif
