/* Typed Adventure calls for the game's clients (adventure-client and
 * adventure-scenario, which compiles calls.c in too): one verb and up to
 * three text arguments in, the decoded Report out. */
#ifndef CAPOS_USER_ADVENTURE_CALLS_H
#define CAPOS_USER_ADVENTURE_CALLS_H
#include "capos/adventure.h"
#include "user/rt/rt.h"

#define ADVC_TEXT 2048

struct advc_report {
	bool ok, downed, complete;
	Refusal refusal;
	uint32_t health, fatigue, beats, total;
	char room[40];
	char text[ADVC_TEXT];
	bool fought, defeated;
	uint32_t dealt, taken, foe_health;
};

/* The verbs: start resume look go take inventory status attack use cast
 * guard rest ask evacuate seal leave. Returns 0, ERR_INVALID for
 * an unknown verb or arguments that do not fit, or the failed call's
 * status with its message in err. */
int32_t advc_call(cap_handle_t adv, const char *verb, const char *a,
		  const char *b, const char *c, struct advc_report *out,
		  char *err, size_t errcap);

/* The last inventory() call's Section s holds item `id`. */
bool advc_section_has(Section s, const char *id);

/* welcome(): saved expedition? Title and intro into the buffers. */
int32_t advc_welcome(cap_handle_t adv, bool *saved, char *title,
		     size_t tcap, char *intro, size_t icap);
/* roomChannel(): "" without an expedition. */
int32_t advc_channel(cap_handle_t adv, char *out, size_t cap);

#endif
