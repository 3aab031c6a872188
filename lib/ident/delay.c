#include "lib/ident/delay.h"

#define NS_PER_MS 1000000ull

void login_delay_init(struct login_delay *d)
{
	*d = (struct login_delay){ 0, 0 };
}

uint32_t login_delay_for(const struct login_delay_policy *p, uint32_t n)
{
	if (n == 0 || p->first_ms == 0)
		return 0;
	uint32_t max = p->max_ms < p->first_ms ? p->first_ms : p->max_ms;
	uint64_t ms = p->first_ms;
	// Doubling past the cap stops early, so the shift never overflows.
	for (uint32_t i = 1; i < n && ms < max; i++)
		ms <<= 1;
	return ms < max ? (uint32_t)ms : max;
}

uint32_t login_delay_remaining_ms(const struct login_delay *d, uint64_t now_ns)
{
	if (now_ns >= d->until_ns)
		return 0;
	uint64_t ms = (d->until_ns - now_ns + NS_PER_MS - 1) / NS_PER_MS;
	return ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
}

uint32_t login_delay_fail(struct login_delay *d,
			  const struct login_delay_policy *p, uint64_t now_ns)
{
	if (d->failures < UINT32_MAX)
		d->failures++;
	uint32_t ms = login_delay_for(p, d->failures);
	uint64_t until = now_ns + ms * NS_PER_MS;
	d->until_ns = until < now_ns ? UINT64_MAX : until;
	return ms;
}

void login_delay_success(struct login_delay *d)
{
	d->failures = 0;
	d->until_ns = 0;
}
