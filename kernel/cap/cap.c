/* The single dispatch switch over kernel capability types. */
#include "capos/err.h"
#include "kernel/cap/cap.h"
#include "lib/cap/captable.h"

int cap_invoke(struct cap_call *c)
{
	enum cap_type type = (enum cap_type)c->slot->type;
	switch (type) {
	case CAP_CONSOLE:
		return console_invoke(c);
	case CAP_TIMER:
		return timer_invoke(c);
	case CAP_NONE:
	case CAP_TYPE_COUNT:
		break;
	}
	return ERR_INTERNAL;
}

/* Console and Timer are kernel singletons: nothing to drop yet. */
void cap_release(enum cap_type type, void *obj)
{
	switch (type) {
	case CAP_CONSOLE:
	case CAP_TIMER:
	case CAP_NONE:
	case CAP_TYPE_COUNT:
		break;
	}
}

const char *cap_type_name(enum cap_type type)
{
	switch (type) {
	case CAP_CONSOLE:
		return "Console";
	case CAP_TIMER:
		return "Timer";
	case CAP_NONE:
	case CAP_TYPE_COUNT:
		break;
	}
	return "?";
}
