/* Cap'n Proto messages for the kernel, userspace and host tools.
 *
 * Framing. Every message capOS exchanges (call parameters, results, the boot
 * manifest) is a standard framed message: a segment table (u32 count-1,
 * u32 size per segment, padding to a word) followed by the segments. The
 * root pointer is word 0 of segment 0. capn_msg_init_flat() also reads the
 * unframed one-segment form `capnp eval --flat` writes.
 *
 * Reading. A reader never trusts the bytes. Each pointer is checked when it
 * is followed (lazily, like the C++ library): its target must lie inside its
 * segment, far pointers must land on well-formed pads in existing segments,
 * the pointer kind and list element size must fit the expected type, and
 * text must end in NUL. Two limits bound the work any message can cause:
 * a traversal budget (words read, charged on every dereference, zero-sized
 * list elements one word each; default 8 Mi words as in capnp C++) and a
 * nesting limit (pointers followed below the root; default 64). Aliased and
 * cyclic pointers are therefore harmless: they run out of budget or depth.
 *
 * Error policy: every failed dereference returns the field's default (an
 * empty struct, an empty list, "" or no capability) and records the first
 * error in the message (capn_msg_error()). Code that decodes a message reads
 * what it needs and then checks the error once; the generated *_validate()
 * functions read a whole message up front for decode-then-invoke.
 *
 * Building. capn_builder lays one framed single-segment message out in a
 * buffer the caller supplies: no allocation, no global state. Objects are
 * appended and zeroed; running out of room sets a sticky CAPN_ENOSPACE and
 * turns later writes into no-ops, so a builder sequence needs one check at
 * the end (capn_build_finish()).
 *
 * Words are little-endian and may sit at any byte alignment: loads and
 * stores go through __builtin_memcpy, which the compiler turns into plain
 * moves (x86_64 only, like the rest of capOS).
 */
#ifndef CAPOS_LIB_CAPNP_H
#define CAPOS_LIB_CAPNP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Errors. They share the system's err_t number space (see schema/errors.capnp,
 * whose codes stay above CAPN_ERR_FIRST), so a capn error can travel as a
 * completion status unchanged and capos_strerror() explains it. */
enum capn_err {
	CAPN_OK = 0,
	CAPN_EFRAME = -256,	/* segment table malformed */
	CAPN_ETRUNC = -257,	/* segments extend past the buffer */
	CAPN_ESEGS = -258,	/* more segments than CAPN_MAX_SEGS */
	CAPN_EBOUNDS = -259,	/* pointer target outside its segment */
	CAPN_EFAR = -260,	/* far pointer or landing pad malformed */
	CAPN_EKIND = -261,	/* pointer kind does not fit the field */
	CAPN_ELIST = -262,	/* list element size does not fit the field */
	CAPN_ETEXT = -263,	/* text not NUL-terminated */
	CAPN_ETRAVERSAL = -264,	/* traversal limit exceeded */
	CAPN_EDEPTH = -265,	/* nesting limit exceeded */
	CAPN_EPTR = -266,	/* reserved pointer kind */
	CAPN_ENOSPACE = -267,	/* builder buffer full */
	CAPN_ERANGE = -268,	/* size or count too large to encode */
	CAPN_EMETHOD = -269,	/* no such method in the interface */
	CAPN_EUNIMPL = -270,	/* method not implemented by this server */
	CAPN_EINVAL = -271,	/* bad argument to a library call */
};
#define CAPN_ERR_FIRST (-256)	/* highest capn error code */
#define CAPN_ERR_LAST (-271)	/* lowest capn error code */

/* Message text for a capn error; "unknown capnp error" outside the range. */
const char *capn_strerror(int err);
/* Short symbolic name ("CAPN_EBOUNDS"), or NULL outside the range. */
const char *capn_errname(int err);

/* Segments a reader accepts (capnp C++: 512). Our builder writes one and
 * `capnp eval` a handful; 64 keeps struct capn_msg small enough for a
 * kernel stack (about 300 bytes). */
#define CAPN_MAX_SEGS 64
#define CAPN_TRAVERSAL_DEFAULT (8u * 1024 * 1024)	/* words */
#define CAPN_NESTING_DEFAULT 64
#define CAPN_NO_CAP UINT32_MAX	/* capability getter: pointer was null */

/* List element size codes (wire values). */
enum capn_elem {
	CAPN_VOID = 0,
	CAPN_BIT = 1,
	CAPN_BYTE = 2,
	CAPN_TWO = 3,
	CAPN_FOUR = 4,
	CAPN_EIGHT = 5,
	CAPN_PTR = 6,
	CAPN_COMPOSITE = 7,
};

/* ---- Reading ---------------------------------------------------------- */

struct capn_msg {
	const uint8_t *base;	/* word 0 of segment 0 */
	size_t size;		/* bytes of the framed message */
	uint64_t budget;	/* traversal words left */
	int32_t nesting;	/* nesting limit for the root */
	int err;		/* first error met; sticky */
	uint32_t nsegs;
	/* segment i spans words [seg[i], seg[i+1]) counted from base */
	uint32_t seg[CAPN_MAX_SEGS + 1];
};

struct capn_read_opts {
	uint64_t traversal_words;	/* 0: CAPN_TRAVERSAL_DEFAULT */
	int32_t nesting;		/* 0: CAPN_NESTING_DEFAULT */
};

/* A struct (or a list element viewed as one). An empty reader (all data
 * reads 0, all pointers null) stands in for null and failed pointers. */
struct capn_struct_r {
	struct capn_msg *msg;
	const uint8_t *data;	/* data section */
	const uint8_t *ptrs;	/* pointer section */
	uint32_t data_bytes;
	uint16_t nptrs;
	uint16_t seg;		/* segment holding the pointer section */
	int32_t nest;		/* pointers that may still be followed */
};

struct capn_list_r {
	struct capn_msg *msg;
	const uint8_t *ptr;	/* first element */
	uint32_t len;		/* elements */
	uint32_t step;		/* bytes per element; 0 for bit lists */
	uint32_t data_bytes;	/* per element, as a struct */
	uint16_t nptrs;		/* per element, as a struct */
	uint16_t seg;
	int32_t nest;
	uint8_t code;		/* enum capn_elem as found on the wire */
};

/* Text: str[len] == 0 always; null and failed pointers read as "". Interior
 * NULs are legal on the wire: trust len, not strlen(). */
struct capn_text {
	const char *str;
	uint32_t len;
};

struct capn_data {
	const uint8_t *ptr;
	uint32_t len;
};

/* Parse the segment table of buf[0..len). Returns 0 or a capn error (also
 * left in m->err); on error the root reads as an empty struct. Bytes after
 * the last segment are ignored: m->size tells where the message ends. */
/* capn_msg_init(m, buf, len): the same with default options, inline
 * (lib/capnp/fast.h). */
int capn_msg_init_opts(struct capn_msg *m, const void *buf, size_t len,
		       const struct capn_read_opts *opts);
/* One segment without a table (len rounded down to words). */
int capn_msg_init_flat(struct capn_msg *m, const void *buf, size_t len,
		       const struct capn_read_opts *opts);

static inline int capn_msg_error(const struct capn_msg *m)
{
	return m->err;
}

/* Restore the traversal budget (e.g. between validating and handling). */
static inline void capn_msg_reset_budget(struct capn_msg *m, uint64_t words)
{
	m->budget = words ? words : CAPN_TRAVERSAL_DEFAULT;
}

/* capn_msg_root(m) is inline (lib/capnp/fast.h); this is its general
 * form, for any message. */
struct capn_struct_r capn_msg_root_general(struct capn_msg *m);

/* Follow pointer slot `slot` of s. All record errors in s->msg. */
struct capn_struct_r capn_r_struct(const struct capn_struct_r *s,
				   unsigned slot);
struct capn_list_r capn_r_list(const struct capn_struct_r *s, unsigned slot,
			       enum capn_elem expect);
struct capn_text capn_r_text(const struct capn_struct_r *s, unsigned slot);
struct capn_data capn_r_data(const struct capn_struct_r *s, unsigned slot);
/* Capability-table index, or CAPN_NO_CAP for null (and on error). */
uint32_t capn_r_cap(const struct capn_struct_r *s, unsigned slot);
/* The raw pointer word of a slot is non-zero (checks nothing else). */
bool capn_r_has(const struct capn_struct_r *s, unsigned slot);

/* What an AnyPointer slot holds, without following it. */
enum capn_kind {
	CAPN_KIND_NULL,
	CAPN_KIND_STRUCT,
	CAPN_KIND_LIST,
	CAPN_KIND_CAP,
	CAPN_KIND_ERROR,	/* malformed far pointer or reserved kind */
};
enum capn_kind capn_r_kind(const struct capn_struct_r *s, unsigned slot);

/* Walk everything reachable from the root without a schema, checking every
 * pointer (bounds, far pads, list shapes, text is not known). For fuzzing
 * and for a cheap structural check. Returns 0 or the first error. */
int capn_msg_walk(struct capn_msg *m);
/* The same walk below one pointer slot (for AnyPointer fields). */
int capn_r_walk(const struct capn_struct_r *s, unsigned slot);

/* Data section loads: offsets in bytes (bits for bools); fields beyond the
 * data section read as 0, as schema evolution requires. */
static inline uint8_t capn_r_u8(const struct capn_struct_r *s, uint32_t off)
{
	return off < s->data_bytes ? s->data[off] : 0;
}

static inline bool capn_r_bit(const struct capn_struct_r *s, uint32_t bit)
{
	return (capn_r_u8(s, bit / 8) >> (bit % 8)) & 1;
}

#define CAPN_LOADER(name, type)						\
static inline type name(const struct capn_struct_r *s, uint32_t off)	\
{									\
	type v = 0;							\
	if ((uint64_t)off + sizeof(type) <= s->data_bytes)		\
		__builtin_memcpy(&v, s->data + off, sizeof(type));	\
	return v;							\
}
CAPN_LOADER(capn_r_u16, uint16_t)
CAPN_LOADER(capn_r_u32, uint32_t)
CAPN_LOADER(capn_r_u64, uint64_t)
#undef CAPN_LOADER

/* List elements. Out-of-range indexes read as defaults (no error). */
static inline uint32_t capn_list_len(const struct capn_list_r *l)
{
	return l->len;
}

static inline struct capn_struct_r capn_list_struct(const struct capn_list_r *l,
						    uint32_t i)
{
	struct capn_struct_r s = { .msg = l->msg, .seg = l->seg,
				   .nest = l->nest };
	if (i < l->len) {
		s.data = l->ptr + (size_t)i * l->step;
		s.ptrs = s.data + l->data_bytes;
		s.data_bytes = l->data_bytes;
		s.nptrs = l->nptrs;
	}
	return s;
}

static inline bool capn_list_bit(const struct capn_list_r *l, uint32_t i)
{
	if (i >= l->len)
		return false;
	if (l->code == CAPN_BIT)
		return (l->ptr[i / 8] >> (i % 8)) & 1;
	struct capn_struct_r s = capn_list_struct(l, i);
	return capn_r_bit(&s, 0);
}

#define CAPN_LIST_LOADER(name, type, loader)				\
static inline type name(const struct capn_list_r *l, uint32_t i)	\
{									\
	struct capn_struct_r s = capn_list_struct(l, i);		\
	return loader(&s, 0);						\
}
CAPN_LIST_LOADER(capn_list_u8, uint8_t, capn_r_u8)
CAPN_LIST_LOADER(capn_list_u16, uint16_t, capn_r_u16)
CAPN_LIST_LOADER(capn_list_u32, uint32_t, capn_r_u32)
CAPN_LIST_LOADER(capn_list_u64, uint64_t, capn_r_u64)
#undef CAPN_LIST_LOADER

static inline struct capn_text capn_list_text(const struct capn_list_r *l,
					      uint32_t i)
{
	struct capn_struct_r s = capn_list_struct(l, i);
	return capn_r_text(&s, 0);
}

static inline struct capn_data capn_list_data(const struct capn_list_r *l,
					      uint32_t i)
{
	struct capn_struct_r s = capn_list_struct(l, i);
	return capn_r_data(&s, 0);
}

static inline struct capn_list_r capn_list_list(const struct capn_list_r *l,
						uint32_t i,
						enum capn_elem expect)
{
	struct capn_struct_r s = capn_list_struct(l, i);
	return capn_r_list(&s, 0, expect);
}

static inline uint32_t capn_list_cap(const struct capn_list_r *l, uint32_t i)
{
	struct capn_struct_r s = capn_list_struct(l, i);
	return capn_r_cap(&s, 0);
}

/* Text equality against a C string, for lookups by name. */
static inline bool capn_text_eq(struct capn_text t, const char *s)
{
	size_t n = strlen(s);
	return n == t.len && memcmp(t.str, s, n) == 0;
}

/* ---- Building --------------------------------------------------------- */

struct capn_builder {
	uint8_t *buf;		/* framing header (8 bytes), then segment 0 */
	uint8_t *seg;		/* buf + 8 */
	size_t cap_words;	/* room in segment 0 */
	size_t used;		/* words allocated in segment 0 */
	uint32_t ncaps;		/* 1 + highest capability index written */
	int err;		/* sticky */
};

struct capn_struct_b {
	struct capn_builder *b;
	uint8_t *data;		/* NULL after a failed allocation */
	uint8_t *ptrs;
	uint32_t data_bytes;	/* 0 after a failed allocation */
	uint16_t nptrs;
};

struct capn_list_b {
	struct capn_builder *b;
	uint8_t *ptr;
	uint32_t len;		/* 0 after a failed allocation */
	uint32_t step;		/* bytes per element; 0 for bit lists */
	uint32_t data_bytes;	/* per element (composite lists) */
	uint16_t nptrs;
	uint8_t code;
};

/* capn_build_init, capn_b_root (allocate the root struct: data words,
 * pointer count) and capn_build_finish are inline (lib/capnp/fast.h);
 * this is capn_b_root's general form. */
struct capn_struct_b capn_b_root_general(struct capn_builder *b, uint16_t dw,
					 uint16_t pc);
/* Offsets are 30-bit signed word counts: keep the segment below 2^29. */
#define CAPN_SEG_MAX_WORDS ((1u << 29) - 1)

static inline int capn_build_error(const struct capn_builder *b)
{
	return b->err;
}

struct capn_struct_b capn_b_struct(struct capn_struct_b *p, unsigned slot,
				   uint16_t dw, uint16_t pc);
struct capn_list_b capn_b_list(struct capn_struct_b *p, unsigned slot,
			       enum capn_elem code, uint32_t n);
struct capn_list_b capn_b_struct_list(struct capn_struct_b *p, unsigned slot,
				      uint32_t n, uint16_t dw, uint16_t pc);
int capn_b_text(struct capn_struct_b *p, unsigned slot, const char *s,
		size_t len);
int capn_b_data(struct capn_struct_b *p, unsigned slot, const void *d,
		size_t len);
void capn_b_cap(struct capn_struct_b *p, unsigned slot, uint32_t index);

static inline void capn_w_u8(struct capn_struct_b *s, uint32_t off, uint8_t v)
{
	if (off < s->data_bytes)
		s->data[off] = v;
}

static inline void capn_w_bit(struct capn_struct_b *s, uint32_t bit, bool v)
{
	if (bit / 8 < s->data_bytes) {
		uint8_t m = (uint8_t)(1u << (bit % 8));
		s->data[bit / 8] = v ? s->data[bit / 8] | m
				     : s->data[bit / 8] & (uint8_t)~m;
	}
}

#define CAPN_STORER(name, type)						\
static inline void name(struct capn_struct_b *s, uint32_t off, type v)	\
{									\
	if ((uint64_t)off + sizeof(type) <= s->data_bytes)		\
		__builtin_memcpy(s->data + off, &v, sizeof(type));	\
}
CAPN_STORER(capn_w_u16, uint16_t)
CAPN_STORER(capn_w_u32, uint32_t)
CAPN_STORER(capn_w_u64, uint64_t)
#undef CAPN_STORER

static inline struct capn_struct_b capn_lb_struct(const struct capn_list_b *l,
						  uint32_t i)
{
	struct capn_struct_b s = { .b = l->b };
	if (i < l->len && l->code != CAPN_BIT) {
		s.data = l->ptr + (size_t)i * l->step;
		s.ptrs = s.data + l->data_bytes;
		s.data_bytes = l->data_bytes;
		s.nptrs = l->nptrs;
	}
	return s;
}

static inline void capn_lb_bit(struct capn_list_b *l, uint32_t i, bool v)
{
	if (i < l->len && l->code == CAPN_BIT) {
		uint8_t m = (uint8_t)(1u << (i % 8));
		l->ptr[i / 8] = v ? l->ptr[i / 8] | m
				  : l->ptr[i / 8] & (uint8_t)~m;
	}
}

#define CAPN_LIST_STORER(name, type, storer)				\
static inline void name(struct capn_list_b *l, uint32_t i, type v)	\
{									\
	struct capn_struct_b s = capn_lb_struct(l, i);			\
	storer(&s, 0, v);						\
}
CAPN_LIST_STORER(capn_lb_u8, uint8_t, capn_w_u8)
CAPN_LIST_STORER(capn_lb_u16, uint16_t, capn_w_u16)
CAPN_LIST_STORER(capn_lb_u32, uint32_t, capn_w_u32)
CAPN_LIST_STORER(capn_lb_u64, uint64_t, capn_w_u64)
#undef CAPN_LIST_STORER

static inline int capn_lb_text(struct capn_list_b *l, uint32_t i,
			       const char *s, size_t len)
{
	struct capn_struct_b e = capn_lb_struct(l, i);
	return capn_b_text(&e, 0, s, len);
}

static inline int capn_lb_data(struct capn_list_b *l, uint32_t i,
			       const void *d, size_t len)
{
	struct capn_struct_b e = capn_lb_struct(l, i);
	return capn_b_data(&e, 0, d, len);
}

static inline void capn_lb_cap(struct capn_list_b *l, uint32_t i,
			       uint32_t index)
{
	struct capn_struct_b e = capn_lb_struct(l, i);
	capn_b_cap(&e, 0, index);
}

static inline struct capn_list_b capn_lb_list(struct capn_list_b *l,
					      uint32_t i, enum capn_elem code,
					      uint32_t n)
{
	struct capn_struct_b e = capn_lb_struct(l, i);
	return capn_b_list(&e, 0, code, n);
}

#include "lib/capnp/fast.h"

#endif
