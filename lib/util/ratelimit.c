#include "lib/util/ratelimit.h"

static void ratelimit_refill(struct ratelimit *rl, uint64_t now)
{
	if (!rl->started || now < rl->last) {
		/* first use, or a clock that went backwards: start full */
		rl->started = true;
		rl->tokens = rl->burst;
		rl->last = now;
		return;
	}
	if (rl->interval == 0) {
		rl->tokens = rl->burst;
		return;
	}
	uint64_t gained = (now - rl->last) / rl->interval;
	if (gained == 0)
		return;
	uint64_t room = rl->burst - rl->tokens;
	rl->tokens += gained > room ? (uint32_t)room : (uint32_t)gained;
	rl->last += gained * rl->interval;
}

bool ratelimit_allow(struct ratelimit *rl, uint64_t now,
		     uint64_t *was_suppressed)
{
	ratelimit_refill(rl, now);
	if (was_suppressed)
		*was_suppressed = 0;
	if (rl->tokens == 0) {
		rl->suppressed++;
		return false;
	}
	rl->tokens--;
	if (was_suppressed)
		*was_suppressed = rl->suppressed;
	rl->suppressed = 0;
	return true;
}
