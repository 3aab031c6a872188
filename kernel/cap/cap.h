/* Kernel capability objects. Each object type lives in its own file in
 * kernel/cap/ and exposes one invoke function; cap_invoke is the single
 * switch over types (compiled with -Wswitch-enum, so a new type cannot be
 * forgotten).
 *
 * Invocation contract: the ring layer has validated the SQE, looked up
 * the handle and copied the params into kernel memory. The type's invoke
 * function decodes and validates the params completely before changing
 * anything (decode, then invoke), then either completes at once (returns
 * the length of the framed results it wrote, >= 0), fails (negative
 * err_t, nothing changed), or arranges to complete later through
 * ring_complete_pending() and returns CAP_PENDING. */
#ifndef CAPOS_CAP_CAP_H
#define CAPOS_CAP_CAP_H
#include <stdint.h>

enum cap_type {
	CAP_NONE = 0,
	CAP_CONSOLE,
	CAP_TIMER,
	CAP_TYPE_COUNT
};

#define CAP_PENDING 0x7fffffff

struct thread;
struct cap_slot;

struct cap_call {
	struct thread *t;
	const struct cap_slot *slot;
	uint16_t method;
	uint64_t user_data;
	const uint8_t *params;
	uint32_t params_len;
	uint8_t *results;	/* kernel buffer */
	uint32_t results_cap;
};

int cap_invoke(struct cap_call *c);
/* Drop the table's reference to an object being released. */
void cap_release(enum cap_type type, void *obj);
const char *cap_type_name(enum cap_type type);

/* Per-type entry points. */
int console_invoke(struct cap_call *c);
int timer_invoke(struct cap_call *c);
uint64_t console_interface_id(void);
uint64_t timer_interface_id(void);

#endif
