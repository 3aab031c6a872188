/* Token-bucket rate limiting, time supplied by the caller (any monotonic
 * unit), so the logic is pure and host-testable. Each bucket holds up to
 * `burst` tokens and gains one every `interval` time units. */
#ifndef CAPOS_LIB_RATELIMIT_H
#define CAPOS_LIB_RATELIMIT_H
#include <stdbool.h>
#include <stdint.h>

struct ratelimit {
	uint64_t interval;	/* time units per token */
	uint32_t burst;		/* bucket capacity */
	uint32_t tokens;
	uint64_t last;		/* time of the last refill */
	uint64_t suppressed;	/* events refused since the last allowed one */
	bool started;
};

#define RATELIMIT_INIT(ival, b) { .interval = (ival), .burst = (b) }

/* Returns true if the event may proceed. When it returns true after
 * refusals, *was_suppressed gets how many were refused (else 0). */
bool ratelimit_allow(struct ratelimit *rl, uint64_t now,
		     uint64_t *was_suppressed);

#endif
