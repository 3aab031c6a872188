/* The accounts and the password checks (credstore.h). */
#include <string.h>
#include <sodium.h>
#include "user/credstore/credstore.h"

_Static_assert(CRED_VERIFIER_MAX + 1 == crypto_pwhash_STRBYTES,
	       "a record's verifier holds crypto_pwhash_str's output");
_Static_assert(CredentialStore_maxPassword <= crypto_pwhash_PASSWD_MAX,
	       "libsodium takes every password the schema allows");

int credstore_init(struct credstore *s, unsigned long long opslimit,
		   size_t memlimit)
{
	uint8_t pw[32];
	memset(s, 0, sizeof *s);
	s->opslimit = opslimit;
	s->memlimit = memlimit;
	randombytes_buf(pw, sizeof pw);
	int r = crypto_pwhash_str_alg(s->dummy, (const char *)pw, sizeof pw,
				      opslimit, memlimit,
				      crypto_pwhash_ALG_ARGON2ID13);
	sodium_memzero(pw, sizeof pw);
	return r == 0 ? 0 : ERR_NO_MEMORY;
}

int credstore_add(struct credstore *s, const struct cred_record *r)
{
	if (credstore_find(s, r->user, strlen(r->user)))
		return ERR_EXISTS;
	if (s->n == CREDSTORE_MAX)
		return ERR_QUOTA;
	s->rec[s->n++] = *r;
	return 0;
}

bool credstore_params_differ(const struct credstore *s,
			     const struct cred_record *r)
{
	return crypto_pwhash_str_needs_rehash(r->verifier, s->opslimit,
					      s->memlimit) != 0;
}

/* The name padded to a record's field, so each comparison is the same
 * fixed-size constant-time compare. */
const struct cred_record *credstore_find(const struct credstore *s,
					 const char *user, size_t len)
{
	char key[CRED_USER_MAX + 1] = { 0 };
	const struct cred_record *found = 0;
	if (len == 0 || len > CRED_USER_MAX)
		return 0;
	memcpy(key, user, len);
	for (uint32_t i = 0; i < s->n; i++) {
		int same = sodium_memcmp(key, s->rec[i].user, sizeof key) == 0;
		if (same && !found)
			found = &s->rec[i];
	}
	return found;
}

const struct cred_record *credstore_verify(const struct credstore *s,
					   const char *user, size_t ulen,
					   const void *pw, size_t pwlen)
{
	const struct cred_record *r = credstore_find(s, user, ulen);
	if (pwlen > CredentialStore_maxPassword) {
		r = 0;		// refused, after the same work as any failure
		pwlen = CredentialStore_maxPassword;
	}
	const char *v = r ? r->verifier : s->dummy;
	int bad = crypto_pwhash_str_verify(v, pw, pwlen);
	return bad || !r ? 0 : r;
}

static int refuse(const char **why, const char *reason, int err)
{
	*why = reason;
	return err;
}

int credstore_create(struct credstore *s, const char *user, size_t ulen,
		     const void *pw, size_t pwlen, Profile profile,
		     uint64_t now_ns, const char **why)
{
	const char *bad = cred_user_check(user, ulen);
	if (bad)
		return refuse(why, bad, ERR_INVALID);
	if ((bad = cred_profile_check(profile)))
		return refuse(why, bad, ERR_INVALID);
	if (pwlen == 0)
		return refuse(why, "password: empty", ERR_INVALID);
	if (pwlen > CredentialStore_maxPassword)
		return refuse(why, "password: longer than 256 bytes",
			      ERR_TOO_LARGE);
	if (credstore_find(s, user, ulen))
		return refuse(why, "user exists", ERR_EXISTS);
	if (s->n == CREDSTORE_MAX)
		return refuse(why, "the store is full", ERR_QUOTA);
	struct cred_record r = { .version = CRED_VERSION, .profile = profile,
				 .volatile_ = true, .created_ns = now_ns };
	memcpy(r.user, user, ulen);
	memcpy(r.principal, user, ulen);
	if (crypto_pwhash_str_alg(r.verifier, pw, pwlen, s->opslimit,
				  s->memlimit, crypto_pwhash_ALG_ARGON2ID13))
		return refuse(why, "out of memory for Argon2id", ERR_NO_MEMORY);
	if ((bad = cred_record_check(&r)))	// libsodium's output is ours to check too
		return refuse(why, bad, ERR_INTERNAL);
	s->rec[s->n++] = r;
	return 0;
}
