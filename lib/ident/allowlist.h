/* What a session's restricted launcher may start and pass on
 * (AuthorityBroker, user/broker/).
 *
 * Allowlist: the binaries a profile may launch, from a service arg such
 * as `operatorAllow=hello,readline`: names separated by single commas,
 * each 1..63 bytes of printable ASCII without space or comma (a binary
 * name as the manifest allows it). An empty text is an empty list; an
 * empty element ("a,,b", a trailing comma) is refused, so a typo never
 * silently allows less or more than was written. Duplicates count once.
 *
 * Forbidden grants: capabilities a child started from a session must not
 * get through the launcher, by interface. Some kernel authority no
 * session's child ever gets this way (it would let the child spawn
 * outside its session, read boot modules, mint or name sessions, take
 * over the terminal, read kernel totals or allocate physical memory):
 * ProcessSpawner, ProcessHandle, BootPackage, SessionAuthority,
 * UserSession, Terminal, TerminalSession, KernelDiag, FrameAllocator.
 * Some an operator's child may get but a guest's may not: Console (the
 * kernel log), EndpointFactory, Endpoint (the serving side),
 * MemoryObject, ThreadSpawner. Anything else (Timer, VirtualMemory,
 * ThreadControl, EntropySource, Blob, client facets of services) passes.
 * Anonymous and system sessions get the guest rules; an anonymous bundle
 * has no launcher anyway.
 *
 * Pure; 0 or a negative err_t. */
#ifndef CAPOS_LIB_IDENT_ALLOWLIST_H
#define CAPOS_LIB_IDENT_ALLOWLIST_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "capos/err.h"
#include "capos/identity.h"

#define IDENT_ALLOW_MAX 32
#define IDENT_ALLOW_NAME_MAX 63

struct ident_allowlist {
	uint32_t n;
	char name[IDENT_ALLOW_MAX][IDENT_ALLOW_NAME_MAX + 1];
};

/* Parse s[0..len) into *a. ERR_INVALID for a bad name or empty element,
 * ERR_TOO_LARGE for more than IDENT_ALLOW_MAX names; *why (if not NULL)
 * then says which, and *a is left empty. */
err_t ident_allowlist_parse(struct ident_allowlist *a, const char *s,
			    size_t len, const char **why);
bool ident_allowlist_has(const struct ident_allowlist *a, const char *name,
			 size_t len);

/* NULL if a capability of interface `iface` may be passed to a child of a
 * session of profile p; else the interface's name, for the refusal. */
const char *ident_grant_refused(uint64_t iface, Profile p);

#endif
