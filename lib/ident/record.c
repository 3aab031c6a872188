/* Credential records: checks, the framed Cap'n Proto form, manifest
 * seeds. The rules are listed in record.h. */
#include "lib/ident/record.h"

_Static_assert(CRED_USER_MAX == CredentialStore_maxUser, "user limit");
_Static_assert(CRED_PRINCIPAL_MAX == UserSession_maxPrincipal,
	       "principal limit");

/* A record's reads: the root and three short texts are under 50 words. */
#define CRED_TRAVERSAL_WORDS 256
#define CRED_NESTING 4

static bool is_user_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '.' || c == '-';
}

/* The alphabet of libsodium's encoding: parameters and base64 (no '='
 * padding in the data, but '=' in "v=19" and "m=...,t=...,p=..."). */
static bool is_verifier_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '$' || c == '=' || c == ',' ||
	       c == '+' || c == '/';
}

const char *cred_user_check(const char *s, size_t len)
{
	if (len == 0)
		return "user: empty";
	if (len > CRED_USER_MAX)
		return "user: longer than 32 bytes";
	for (size_t i = 0; i < len; i++)
		if (!is_user_char(s[i]))
			return "user: bad character (allowed: a-z 0-9 _ . -)";
	return 0;
}

const char *cred_principal_check(const char *s, size_t len)
{
	if (len == 0)
		return "principal: empty";
	if (len > CRED_PRINCIPAL_MAX)
		return "principal: longer than 63 bytes";
	for (size_t i = 0; i < len; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return "principal: not printable ASCII";
	return 0;
}

const char *cred_verifier_check(const char *s, size_t len)
{
	size_t plen = sizeof(CRED_VERIFIER_PREFIX) - 1;
	if (len > CRED_VERIFIER_MAX)
		return "verifier: longer than 127 bytes";
	if (len < plen || memcmp(s, CRED_VERIFIER_PREFIX, plen) != 0)
		return "verifier: not an $argon2id$ string";
	// "$argon2id$v=19$m=..,t=..,p=..$salt$hash": five '$' in all.
	unsigned dollars = 0;
	for (size_t i = 0; i < len; i++) {
		if (!is_verifier_char(s[i]))
			return "verifier: bad character";
		dollars += s[i] == '$';
	}
	if (dollars != 5 || s[len - 1] == '$')
		return "verifier: malformed";
	return 0;
}

const char *cred_profile_check(Profile p)
{
	switch (p) {
	case Profile_guest:
	case Profile_operator:
		return 0;
	case Profile_system:
	case Profile_anonymous:
		return "profile: only guest and operator accounts have passwords";
	}
	return "profile: unknown";
}

const char *cred_record_check(const struct cred_record *r)
{
	const char *why;
	if (r->version != CRED_VERSION)
		return "version: not 1";
	if ((why = cred_user_check(r->user, strnlen(r->user, sizeof r->user))))
		return why;
	if ((why = cred_principal_check(r->principal,
					strnlen(r->principal,
						sizeof r->principal))))
		return why;
	if ((why = cred_profile_check(r->profile)))
		return why;
	return cred_verifier_check(r->verifier,
				   strnlen(r->verifier, sizeof r->verifier));
}

const char *cred_profile_name(Profile p)
{
	const char *n = Profile_name_of(p);
	return n ? n : "?";
}

int cred_profile_parse(const char *s, size_t len, Profile *out)
{
	for (unsigned v = 0; v < Profile_COUNT; v++) {
		const char *n = Profile_name_of(v);
		if (strlen(n) == len && memcmp(n, s, len) == 0) {
			*out = (Profile)v;
			return 0;
		}
	}
	return ERR_INVALID;
}

static int fail(const char **why, const char *reason, int err)
{
	if (why)
		*why = reason;
	return err;
}

int cred_record_encode(const struct cred_record *r, void *buf, size_t cap,
		       size_t *len, const char **why)
{
	const char *bad = cred_record_check(r);
	if (bad)
		return fail(why, bad, ERR_INVALID);
	struct capn_builder b;
	capn_build_init(&b, buf, cap);
	CredentialRecord_b o = { capn_b_root(&b, CredentialRecord_DATA_WORDS,
					     CredentialRecord_PTR_COUNT) };
	CredentialRecord_set_version(o, r->version);
	CredentialRecord_set_user(o, r->user, strlen(r->user));
	CredentialRecord_set_principal(o, r->principal, strlen(r->principal));
	CredentialRecord_set_profile(o, r->profile);
	CredentialRecord_set_verifier(o, r->verifier, strlen(r->verifier));
	CredentialRecord_set_volatile_(o, r->volatile_);
	CredentialRecord_set_createdNs(o, r->created_ns);
	size_t n = capn_build_finish(&b);
	if (n == 0)
		return fail(why, "does not fit the buffer", b.err);
	*len = n;
	return 0;
}

/* Copy text t into dst[0..cap) if it has no NUL inside and passes check. */
static const char *take_text(char *dst, size_t cap, struct capn_text t,
			     const char *(*check)(const char *, size_t))
{
	if (memchr(t.str, 0, t.len))
		return "text with a NUL inside";
	const char *why = check(t.str, t.len);
	if (why)
		return why;
	if (t.len >= cap)	// the checks' limits fit the fields
		return "text too long";
	memcpy(dst, t.str, t.len);
	dst[t.len] = 0;
	return 0;
}

static int record_read(struct cred_record *r, CredentialRecord_r in,
		       const char **why)
{
	const char *bad;
	r->version = CredentialRecord_get_version(in);
	if (r->version != CRED_VERSION)
		return fail(why, "version: not 1", ERR_NOT_SUPPORTED);
	r->profile = CredentialRecord_get_profile(in);
	r->volatile_ = CredentialRecord_get_volatile_(in);
	r->created_ns = CredentialRecord_get_createdNs(in);
	if ((bad = take_text(r->user, sizeof r->user,
			     CredentialRecord_get_user(in), cred_user_check)) ||
	    (bad = take_text(r->principal, sizeof r->principal,
			     CredentialRecord_get_principal(in),
			     cred_principal_check)) ||
	    (bad = take_text(r->verifier, sizeof r->verifier,
			     CredentialRecord_get_verifier(in),
			     cred_verifier_check)) ||
	    (bad = cred_profile_check(r->profile)))
		return fail(why, bad, ERR_INVALID);
	int err = capn_msg_error(in.s.msg);
	return err ? fail(why, "malformed message", err) : 0;
}

int cred_record_decode(struct cred_record *r, const void *buf, size_t len,
		       const char **why)
{
	static const struct capn_read_opts opts = {
		.traversal_words = CRED_TRAVERSAL_WORDS,
		.nesting = CRED_NESTING,
	};
	struct capn_msg m;
	memset(r, 0, sizeof *r);
	int err = capn_msg_init_opts(&m, buf, len, &opts);
	if (err)
		return fail(why, "malformed message", err);
	if (m.size != len)
		return fail(why, "bytes after the message", ERR_INVALID);
	CredentialRecord_r in = { capn_msg_root(&m) };
	if ((err = CredentialRecord_validate(in)) != 0)
		return fail(why, "malformed message", err);
	err = record_read(r, in, why);
	if (err)
		memset(r, 0, sizeof *r);
	return err;
}

int cred_seed_parse(struct cred_record *r, const char *s, size_t len,
		    const char **why)
{
	memset(r, 0, sizeof *r);
	const char *c1 = memchr(s, ':', len);
	const char *c2 = c1 ? memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - s))
			    : 0;
	if (!c2)
		return fail(why, "seed: not <user>:<profile>:<verifier>",
			    ERR_INVALID);
	size_t ulen = (size_t)(c1 - s), plen = (size_t)(c2 - c1 - 1);
	size_t vlen = len - (size_t)(c2 + 1 - s);
	const char *bad = cred_user_check(s, ulen);
	if (!bad && cred_profile_parse(c1 + 1, plen, &r->profile))
		bad = "profile: unknown";
	if (!bad)
		bad = cred_profile_check(r->profile);
	if (!bad)
		bad = cred_verifier_check(c2 + 1, vlen);
	if (bad) {
		memset(r, 0, sizeof *r);
		return fail(why, bad, ERR_INVALID);
	}
	r->version = CRED_VERSION;
	memcpy(r->user, s, ulen);
	memcpy(r->principal, s, ulen);
	memcpy(r->verifier, c2 + 1, vlen);
	return 0;
}
