/* CredentialStore (schema/identity.capnp): the accounts, their Argon2id
 * verifiers, and the checks behind verify and create. main.c serves it.
 *
 * Timing and answers. verify does exactly one crypto_pwhash_str_verify
 * whatever happens: against the user's verifier, or, for an unknown or
 * malformed user name or a password over the limit, against a dummy
 * verifier made at start with the store's parameters. A failure answers
 * ok = false, principal "" and profile anonymous in every case, so the
 * answer bytes cannot tell an unknown user from a wrong password, and
 * the time cannot either as long as the accounts use the store's
 * parameters (main.c warns about a seed that does not).
 *
 * Nothing here logs; passwords are never copied out of the caller's
 * receive buffer, which main.c wipes after every call. */
#ifndef CAPOS_CREDSTORE_H
#define CAPOS_CREDSTORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/ident/record.h"

#define CREDSTORE_MAX 32		/* accounts, seeds and volatile */

struct credstore {
	struct cred_record rec[CREDSTORE_MAX];
	uint32_t n;
	unsigned long long opslimit;	/* Argon2id passes */
	size_t memlimit;		/* bytes */
	char dummy[CRED_VERIFIER_MAX + 1];
};

/* Set the parameters and make the dummy verifier (a random password).
 * ERR_NO_MEMORY if Argon2id cannot run with them. */
int credstore_init(struct credstore *s, unsigned long long opslimit,
		   size_t memlimit);
/* Add a checked record (a seed). ERR_EXISTS, ERR_QUOTA. */
int credstore_add(struct credstore *s, const struct cred_record *r);
/* Whether a record's verifier uses other parameters than the store's. */
bool credstore_params_differ(const struct credstore *s,
			     const struct cred_record *r);
/* The account `user`, or NULL; every record is compared, in constant time. */
const struct cred_record *credstore_find(const struct credstore *s,
					 const char *user, size_t len);
/* The account if password is its password, else NULL (see above). */
const struct cred_record *credstore_verify(const struct credstore *s,
					   const char *user, size_t ulen,
					   const void *pw, size_t pwlen);
/* A volatile account stamped now_ns. ERR_INVALID (user, empty password,
 * profile), ERR_TOO_LARGE (password), ERR_EXISTS, ERR_QUOTA,
 * ERR_NO_MEMORY; *why says which for people. */
int credstore_create(struct credstore *s, const char *user, size_t ulen,
		     const void *pw, size_t pwlen, Profile profile,
		     uint64_t now_ns, const char **why);

#endif
