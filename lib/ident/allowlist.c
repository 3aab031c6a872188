#include <string.h>
#include "capos/interfaces.h"
#include "lib/ident/allowlist.h"

static bool allow_name_ok(const char *s, size_t n)
{
	if (n == 0 || n > IDENT_ALLOW_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		uint8_t ch = (uint8_t)s[i];
		if (ch <= 0x20 || ch >= 0x7f || ch == ',')
			return false;
	}
	return true;
}

bool ident_allowlist_has(const struct ident_allowlist *a, const char *name,
			 size_t len)
{
	for (uint32_t i = 0; i < a->n; i++)
		if (strlen(a->name[i]) == len && !memcmp(a->name[i], name, len))
			return true;
	return false;
}

err_t ident_allowlist_parse(struct ident_allowlist *a, const char *s,
			    size_t len, const char **why)
{
	const char *w = 0;
	err_t err = ERR_OK;
	a->n = 0;
	for (size_t at = 0; len && at <= len && !err;) {
		const char *comma = memchr(s + at, ',', len - at);
		size_t n = comma ? (size_t)(comma - (s + at)) : len - at;
		if (!allow_name_ok(s + at, n)) {
			w = n ? "a name is too long or has a bad byte"
			      : "an empty name (two commas, or one at an end)";
			err = ERR_INVALID;
		} else if (!ident_allowlist_has(a, s + at, n)) {
			if (a->n == IDENT_ALLOW_MAX) {
				w = "too many names";
				err = ERR_TOO_LARGE;
				break;
			}
			memcpy(a->name[a->n], s + at, n);
			a->name[a->n++][n] = '\0';
		}
		at += n + 1;
		if (!comma)
			break;
	}
	if (err)
		a->n = 0;
	if (why)
		*why = w;
	return err;
}

/* Kernel authority by who may pass it on (see the header). */
#define PASS_NONE 0u
#define PASS_OPERATOR (1u << Profile_operator)

static const struct {
	const char *iface;
	uint32_t passes;	/* profiles whose children may get it */
} grant_rules[] = {
	{ "ProcessSpawner", PASS_NONE },
	{ "ProcessHandle", PASS_NONE },
	{ "BootPackage", PASS_NONE },
	{ "SessionAuthority", PASS_NONE },
	{ "UserSession", PASS_NONE },
	{ "Terminal", PASS_NONE },
	{ "TerminalSession", PASS_NONE },
	{ "KernelDiag", PASS_NONE },
	{ "FrameAllocator", PASS_NONE },
	{ "Console", PASS_OPERATOR },
	{ "EndpointFactory", PASS_OPERATOR },
	{ "Endpoint", PASS_OPERATOR },
	{ "MemoryObject", PASS_OPERATOR },
	{ "ThreadSpawner", PASS_OPERATOR },
};

const char *ident_grant_refused(uint64_t iface, Profile p)
{
	size_t n = sizeof grant_rules / sizeof grant_rules[0];
	for (size_t i = 0; i < n; i++) {
		const char *name = grant_rules[i].iface;
		const struct capos_iface *k = capos_iface_by_name(name,
								  strlen(name));
		if (!k || k->id != iface)
			continue;
		bool passes = (unsigned)p < 32 &&
			      (grant_rules[i].passes & 1u << (unsigned)p);
		return passes ? 0 : k->name;
	}
	return 0;
}
