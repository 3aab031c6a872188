/* The audit log's memory: a bounded, append-only ring of AuditEvent
 * records (schema/identity.capnp), pure so it is host-tested.
 *
 * Sequence numbers start at 1 and are never reused: the ring keeps the
 * newest AUDIT_RING_CAP events, and an append to a full ring overwrites
 * the oldest and counts it in `dropped`. A reader that falls behind sees
 * the gap (the first seq it gets is above the one it asked for).
 *
 * Appends never fail (an audit log that refuses a record fails open):
 * each text is cut to its limit, with the last AUDIT_TRUNC_MARK bytes
 * replaced by the marker "...", and every byte outside printable ASCII
 * becomes '?', so a record cannot forge log lines or terminal escapes.
 *
 * Reading: audit_ring_span(from, max) names the kept events with seq >=
 * from (at most max of them, in order) and the seq to ask for next.
 *
 * Not locked: the audit service is one thread.
 */
#ifndef CAPOS_LIB_IDENT_AUDIT_RING_H
#define CAPOS_LIB_IDENT_AUDIT_RING_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUDIT_RING_CAP 256
/* Text limits in bytes (the fields hold one more for the NUL). */
#define AUDIT_EVENT_MAX 31
#define AUDIT_RESULT_MAX 15
#define AUDIT_REASON_MAX 47
#define AUDIT_DETAIL_MAX 159
#define AUDIT_TRUNC_MARK "..."

/* Events one AuditReader.read returns at most, and the result buffer
 * that always holds that many: per event a 3-word, 4-pointer struct plus
 * its texts (limits + NUL, padded to words), plus framing and the root. */
#define AUDIT_READ_MAX 32
#define AUDIT_EVENT_WIRE_BYTES                                          \
	(8 * (3 + 4) + 8 * (((AUDIT_EVENT_MAX + 8) / 8) +               \
			    ((AUDIT_RESULT_MAX + 8) / 8) +              \
			    ((AUDIT_REASON_MAX + 8) / 8) +              \
			    ((AUDIT_DETAIL_MAX + 8) / 8)))
#define AUDIT_READ_RESULT_BYTES(n) (64 + (n) * AUDIT_EVENT_WIRE_BYTES)

/* A text as received: not NUL-terminated, any bytes. */
struct audit_text {
	const char *s;
	size_t len;
};

struct audit_input {
	struct audit_text event, result, reason, detail;
	uint32_t delay_ms;
};

struct audit_entry {
	uint64_t seq;
	uint64_t time_ns;
	uint32_t delay_ms;
	char event[AUDIT_EVENT_MAX + 1];
	char result[AUDIT_RESULT_MAX + 1];
	char reason[AUDIT_REASON_MAX + 1];
	char detail[AUDIT_DETAIL_MAX + 1];
};

struct audit_ring {
	struct audit_entry e[AUDIT_RING_CAP];	/* seq s lives at (s-1) % CAP */
	uint64_t next;		/* seq of the next append */
	uint64_t dropped;	/* events overwritten */
	uint64_t truncated;	/* texts cut to their limit */
};

struct audit_span {
	uint64_t first;		/* seq of the first event to return */
	uint32_t count;		/* events first .. first+count-1 */
	uint64_t next;		/* where the reader goes on */
};

void audit_ring_init(struct audit_ring *r);
/* Store one event stamped time_ns; returns its seq. */
uint64_t audit_ring_append(struct audit_ring *r, const struct audit_input *in,
			   uint64_t time_ns);
/* The oldest seq still kept (== r->next when empty). */
uint64_t audit_ring_oldest(const struct audit_ring *r);
/* The event with this seq, or NULL if it is not kept. */
const struct audit_entry *audit_ring_get(const struct audit_ring *r,
					 uint64_t seq);
/* Kept events with seq >= from, at most max. from below the oldest starts
 * at the oldest; from past the newest returns none. next is one past the
 * last returned; with none returned it is from, clamped to
 * [oldest, seq of the next append]. */
struct audit_span audit_ring_span(const struct audit_ring *r, uint64_t from,
				  uint32_t max);

#endif
