/* Credential records: one account as CredentialStore keeps it
 * (schema/identity.capnp CredentialRecord), the format durable storage
 * will use, so it is versioned and checked field by field.
 *
 * Rules every record obeys, whether encoded here, decoded from bytes or
 * parsed from a manifest seed:
 *   version    CRED_VERSION (a record of another version is refused, not
 *              guessed at)
 *   user       1..32 bytes of [a-z0-9_.-]
 *   principal  1..63 bytes of printable ASCII without space
 *   profile    guest or operator (system and anonymous need no password)
 *   verifier   libsodium's crypto_pwhash_str output for Argon2id: at most
 *              127 bytes, starting "$argon2id$", five '$'-separated parts
 *              of [A-Za-z0-9=,+/]; never a password
 *
 * Encoding is one framed single-segment Cap'n Proto message. Decoding
 * trusts nothing: the message is read with a small traversal budget, texts
 * with interior NULs or over their limits are refused, and so are bytes
 * after the message.
 *
 * Seed accounts come from service args as `seed=<user>:<profile>:<verifier>`
 * (cred_seed_parse takes what follows "seed="); the principal is the user
 * name. A verifier contains '$' and ',' but never ':', so the split is
 * unambiguous.
 *
 * Functions return 0 or a negative err_t (capos/err.h; lib/capnp's codes
 * share its number space) and, through `why` when it is not NULL, a short
 * constant reason for people ("user: bad character"). No reason ever
 * quotes the verifier.
 */
#ifndef CAPOS_LIB_IDENT_RECORD_H
#define CAPOS_LIB_IDENT_RECORD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "capos/err.h"
#include "capos/identity.h"

#define CRED_VERSION 1
#define CRED_USER_MAX 32
#define CRED_PRINCIPAL_MAX 63
#define CRED_VERIFIER_MAX 127	/* crypto_pwhash_STRBYTES - 1 */
#define CRED_VERIFIER_PREFIX "$argon2id$"
/* The largest encoded record (framing, root, three texts at their limits). */
#define CRED_RECORD_BYTES 320

struct cred_record {
	uint16_t version;
	Profile profile;
	bool volatile_;		/* made by setup; lost at reboot */
	uint64_t created_ns;
	char user[CRED_USER_MAX + 1];
	char principal[CRED_PRINCIPAL_MAX + 1];
	char verifier[CRED_VERIFIER_MAX + 1];
};

/* Field checks: NULL if s[0..len) is acceptable, else why not. */
const char *cred_user_check(const char *s, size_t len);
const char *cred_principal_check(const char *s, size_t len);
const char *cred_verifier_check(const char *s, size_t len);
const char *cred_profile_check(Profile p);
/* Every field of r, version included. */
const char *cred_record_check(const struct cred_record *r);

/* "guest" / "operator" (any Profile name) <-> Profile. parse returns
 * ERR_INVALID for an unknown name. */
const char *cred_profile_name(Profile p);
int cred_profile_parse(const char *s, size_t len, Profile *out);

/* Frame r into buf[0..cap); *len gets the message length. ERR_INVALID if r
 * breaks a rule, CAPN_ENOSPACE if buf is too small (CRED_RECORD_BYTES
 * always suffices). */
int cred_record_encode(const struct cred_record *r, void *buf, size_t cap,
		       size_t *len, const char **why);

/* Read the framed record buf[0..len) into *r (zeroed first, left zeroed on
 * failure). A lib/capnp error for malformed bytes, ERR_NOT_SUPPORTED for
 * another version, ERR_INVALID for a field that breaks a rule or bytes
 * after the message. */
int cred_record_decode(struct cred_record *r, const void *buf, size_t len,
		       const char **why);

/* Parse "<user>:<profile>:<verifier>" (s[0..len), no NUL needed) into a
 * seed record: version 1, principal = user, not volatile, created 0.
 * ERR_INVALID with the reason on any error; *r is zeroed then. */
int cred_seed_parse(struct cred_record *r, const char *s, size_t len,
		    const char **why);

#endif
