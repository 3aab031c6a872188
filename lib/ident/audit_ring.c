/* The audit ring: see audit_ring.h for the rules. */
#include <string.h>
#include "lib/ident/audit_ring.h"

_Static_assert(AUDIT_RESULT_MAX >= sizeof(AUDIT_TRUNC_MARK),
	       "every text limit leaves room for the marker");

void audit_ring_init(struct audit_ring *r)
{
	memset(r, 0, sizeof *r);
	r->next = 1;
}

/* Copy t into dst[0..cap) (cap - 1 bytes of text at most), printable
 * ASCII only; a cut text ends in the marker. Returns whether it was cut. */
static bool put_text(char *dst, size_t cap, struct audit_text t)
{
	size_t mark = sizeof(AUDIT_TRUNC_MARK) - 1;
	size_t n = t.len < cap - 1 ? t.len : cap - 1;
	bool cut = t.len > cap - 1;
	for (size_t i = 0; i < n; i++) {
		char c = t.s[i];
		dst[i] = c >= ' ' && c <= '~' ? c : '?';
	}
	if (cut)
		memcpy(dst + n - mark, AUDIT_TRUNC_MARK, mark);
	dst[n] = 0;
	return cut;
}

uint64_t audit_ring_append(struct audit_ring *r, const struct audit_input *in,
			   uint64_t time_ns)
{
	uint64_t seq = r->next++;
	struct audit_entry *e = &r->e[(seq - 1) % AUDIT_RING_CAP];
	if (seq > AUDIT_RING_CAP)
		r->dropped++;	// e held seq - CAP until now
	e->seq = seq;
	e->time_ns = time_ns;
	e->delay_ms = in->delay_ms;
	r->truncated += put_text(e->event, sizeof e->event, in->event);
	r->truncated += put_text(e->result, sizeof e->result, in->result);
	r->truncated += put_text(e->reason, sizeof e->reason, in->reason);
	r->truncated += put_text(e->detail, sizeof e->detail, in->detail);
	return seq;
}

uint64_t audit_ring_oldest(const struct audit_ring *r)
{
	return r->next > AUDIT_RING_CAP ? r->next - AUDIT_RING_CAP : 1;
}

const struct audit_entry *audit_ring_get(const struct audit_ring *r,
					 uint64_t seq)
{
	if (seq < audit_ring_oldest(r) || seq >= r->next)
		return 0;
	return &r->e[(seq - 1) % AUDIT_RING_CAP];
}

struct audit_span audit_ring_span(const struct audit_ring *r, uint64_t from,
				  uint32_t max)
{
	uint64_t oldest = audit_ring_oldest(r);
	uint64_t first = from < oldest ? oldest : from;
	if (first > r->next)
		first = r->next;
	uint64_t avail = r->next - first;
	uint32_t count = avail < max ? (uint32_t)avail : max;
	return (struct audit_span){ first, count, first + count };
}
