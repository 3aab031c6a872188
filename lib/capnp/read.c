/* Cap'n Proto reader: framing, pointer resolution and the checks that keep
 * a hostile message from reading out of bounds, looping or amplifying work.
 * See capnp.h for the model; ../shared/reference/capnp-encoding.md section
 * 6 lists the rules this file implements, in the order they apply:
 *
 *   framing     segment count and sizes fit the buffer      (msg_init)
 *   resolve     far pointers land on well-formed pads       (resolve, far)
 *   shape       the pointer kind/list size fits the field   (capn_r_*)
 *   bounds      target and size lie inside one segment      (inside)
 *   budget      each dereference is charged to the message  (charge)
 *   depth       each followed pointer spends one nest level (capn_r_*)
 *
 * Word positions are counted in words from msg->base as 64-bit signed
 * numbers, so a wild offset never forms an out-of-range C pointer.
 */
#include "lib/capnp/capnp.h"

/* Where a pointer leads once far pointers are followed. */
struct target {
	uint64_t tag;	/* struct/list/capability pointer giving the shape */
	int64_t at;	/* first word of the object */
	uint32_t seg;	/* segment the object must lie in */
};

static inline uint64_t ld64(const uint8_t *p)
{
	uint64_t v;
	__builtin_memcpy(&v, p, 8);
	return v;
}

static inline uint32_t ld32(const uint8_t *p)
{
	uint32_t v;
	__builtin_memcpy(&v, p, 4);
	return v;
}

static void fail(struct capn_msg *m, int err)
{
	if (!m->err)
		m->err = err;
}

/* Signed word offset of a struct or list pointer (bits 2-31). */
static inline int64_t ptr_offset(uint64_t p)
{
	return (int64_t)((int32_t)(uint32_t)p >> 2);
}

static int msg_fail(struct capn_msg *m, int err)
{
	m->nsegs = 0;
	m->err = err;
	return err;
}

static void msg_defaults(struct capn_msg *m, const struct capn_read_opts *o)
{
	// Fields only: seg[] is filled up to nsegs by the caller.
	m->base = NULL;
	m->size = 0;
	m->err = 0;
	m->nsegs = 0;
	m->seg[0] = 0;
	m->budget = o && o->traversal_words ? o->traversal_words
					    : CAPN_TRAVERSAL_DEFAULT;
	m->nesting = o && o->nesting > 0 ? o->nesting : CAPN_NESTING_DEFAULT;
}

/* One segment, the form every builder here writes: no table to walk. */
static int msg_init_one(struct capn_msg *m, const uint8_t *b, size_t len)
{
	uint64_t words = ld32(b + 4);
	if (words > (len - 8) / 8)
		return msg_fail(m, CAPN_ETRUNC);
	if (words == 0)
		return msg_fail(m, CAPN_EFRAME);
	m->seg[1] = (uint32_t)words;
	m->nsegs = 1;
	m->base = b + 8;
	m->size = 8 + (size_t)words * 8;
	return 0;
}

int capn_msg_init_opts(struct capn_msg *m, const void *buf, size_t len,
		       const struct capn_read_opts *opts)
{
	const uint8_t *b = buf;
	msg_defaults(m, opts);
	if (!b)
		return msg_fail(m, CAPN_EINVAL);
	// Is the segment count readable and within bounds?
	if (len < 8)
		return msg_fail(m, CAPN_ETRUNC);
	uint64_t n = (uint64_t)ld32(b) + 1;
	if (n == 1)
		return msg_init_one(m, b, len);
	if (n > CAPN_MAX_SEGS)
		return msg_fail(m, CAPN_ESEGS);
	// Is the whole table there?
	size_t hdr = (size_t)((4 + 4 * n + 7) & ~(uint64_t)7);
	if (len < hdr)
		return msg_fail(m, CAPN_ETRUNC);
	uint64_t words = 0;
	for (uint32_t i = 0; i < n; i++) {
		m->seg[i] = (uint32_t)words;
		words += ld32(b + 4 + 4 * i);
		if (words > UINT32_MAX)
			return msg_fail(m, CAPN_EFRAME);
	}
	m->seg[n] = (uint32_t)words;
	// Do the segments fit in the buffer, and is there a root pointer?
	if (words > (len - hdr) / 8)
		return msg_fail(m, CAPN_ETRUNC);
	if (m->seg[1] == 0)
		return msg_fail(m, CAPN_EFRAME);
	m->nsegs = (uint32_t)n;
	m->base = b + hdr;
	m->size = hdr + (size_t)words * 8;
	return 0;
}

int capn_msg_init_flat(struct capn_msg *m, const void *buf, size_t len,
		       const struct capn_read_opts *opts)
{
	msg_defaults(m, opts);
	if (!buf)
		return msg_fail(m, CAPN_EINVAL);
	if (len / 8 == 0)
		return msg_fail(m, CAPN_ETRUNC);
	if (len / 8 > UINT32_MAX)
		return msg_fail(m, CAPN_EFRAME);
	m->base = buf;
	m->nsegs = 1;
	m->seg[1] = (uint32_t)(len / 8);
	m->size = len / 8 * 8;
	return 0;
}

/* Follow a far pointer to its landing pad. */
static int far(struct capn_msg *m, uint64_t p, struct target *t)
{
	uint32_t s = (uint32_t)(p >> 32);
	uint64_t pad = (p >> 3) & 0x1fffffff;
	bool dbl = (p >> 2) & 1;
	// Does the pad lie inside an existing segment?
	if (s >= m->nsegs || pad + 1 + dbl > m->seg[s + 1] - m->seg[s])
		return CAPN_EFAR;
	pad += m->seg[s];
	uint64_t q = ld64(m->base + pad * 8);
	if (!dbl) {
		// A single pad is an ordinary struct or list pointer.
		if ((q & 3) > 1)
			return CAPN_EFAR;
		t->tag = q;
		t->seg = s;
		t->at = (int64_t)pad + 1 + ptr_offset(q);
		return 1;
	}
	// A double pad: a single far to the content, then a shape tag.
	uint64_t tag = ld64(m->base + (pad + 1) * 8);
	uint32_t s2 = (uint32_t)(q >> 32);
	if ((q & 7) != 2 || (tag & 3) > 1 || s2 >= m->nsegs)
		return CAPN_EFAR;
	t->tag = tag;
	t->seg = s2;
	t->at = (int64_t)m->seg[s2] + (int64_t)((q >> 3) & 0x1fffffff);
	return 1;
}

/* Resolve the pointer in word `pw` of segment `seg`: 0 for null, 1 for an
 * object described by *t, or a negative error. */
static int resolve(struct capn_msg *m, uint32_t seg, uint64_t pw,
		   struct target *t)
{
	uint64_t p = ld64(m->base + pw * 8);
	if (p == 0)
		return 0;
	switch (p & 3) {
	case 0:
	case 1:
		t->tag = p;
		t->seg = seg;
		t->at = (int64_t)pw + 1 + ptr_offset(p);
		return 1;
	case 2:
		return far(m, p, t);
	default:
		// Only the capability form of "other" is defined.
		if ((uint32_t)p != 3)
			return CAPN_EPTR;
		t->tag = p;
		t->seg = seg;
		t->at = 0;
		return 1;
	}
}

/* Does [at, at+words) lie inside the target's segment? */
static inline bool inside(const struct capn_msg *m, const struct target *t,
			  uint64_t words)
{
	return t->at >= (int64_t)m->seg[t->seg] &&
	       (uint64_t)t->at + words <= m->seg[t->seg + 1];
}

static inline int charge(struct capn_msg *m, uint64_t words)
{
	if (words > m->budget) {
		m->budget = 0;
		return CAPN_ETRAVERSAL;
	}
	m->budget -= words;
	return 0;
}

/* Resolve slot `slot` of s (0: null or absent, 1: object, <0: error). */
static int slot_target(const struct capn_struct_r *s, unsigned slot,
		       struct target *t)
{
	if (slot >= s->nptrs)
		return 0;
	struct capn_msg *m = s->msg;
	uint64_t pw = (uint64_t)(s->ptrs - m->base) / 8 + slot;
	return resolve(m, s->seg, pw, t);
}

struct capn_struct_r capn_msg_root_general(struct capn_msg *m)
{
	struct capn_struct_r root = { .msg = m, .nest = m->nesting };
	if (m->nsegs == 0)
		return root;
	root.ptrs = m->base;
	root.nptrs = 1;
	return capn_r_struct(&root, 0);
}

struct capn_struct_r capn_r_struct(const struct capn_struct_r *s,
				   unsigned slot)
{
	struct capn_struct_r r = { .msg = s->msg, .seg = s->seg,
				   .nest = s->nest - 1 };
	struct target t;
	struct capn_msg *m = s->msg;
	int e;
	uint64_t p = slot < s->nptrs ? ld64(s->ptrs + (size_t)slot * 8) : 0;
	if (p && (p & 3) == 0) {
		// A near struct pointer, by far the most common: resolved here.
		t.tag = p;
		t.seg = s->seg;
		t.at = (int64_t)((uint64_t)(s->ptrs - m->base) / 8 + slot) + 1 +
		       ptr_offset(p);
	} else if ((e = slot_target(s, slot, &t)) <= 0) {
		goto out;
	}
	// Is it a struct, within the nesting limit, inside its segment?
	e = CAPN_EKIND;
	if ((t.tag & 3) != 0)
		goto out;
	e = CAPN_EDEPTH;
	if (s->nest <= 0)
		goto out;
	uint32_t dw = (uint16_t)(t.tag >> 32), pc = (uint16_t)(t.tag >> 48);
	e = CAPN_EBOUNDS;
	if (!inside(m, &t, dw + pc))
		goto out;
	if ((e = charge(m, dw + pc)) != 0)
		goto out;
	r.data = m->base + (uint64_t)t.at * 8;
	r.ptrs = r.data + (size_t)dw * 8;
	r.data_bytes = dw * 8;
	r.nptrs = (uint16_t)pc;
	r.seg = (uint16_t)t.seg;
out:
	if (e < 0)
		fail(s->msg, e);
	return r;
}

/* Data bits and pointers per element for each size code. */
static const uint8_t elem_bits[8] = { 0, 1, 8, 16, 32, 64, 0, 0 };

/* Can a list whose elements have `dbits` data bits and `ptrs` pointers be
 * read as a list of `expect`? Wider elements may be read narrower (capnp
 * schema evolution); bit lists only as bit lists. */
static bool fits(enum capn_elem expect, uint32_t dbits, uint32_t ptrs,
		 bool is_bits)
{
	if (expect == CAPN_VOID)
		return true;
	if (is_bits != (expect == CAPN_BIT))
		return false;
	if (expect == CAPN_COMPOSITE)
		return true;
	return elem_bits[expect] <= dbits && (expect == CAPN_PTR) <= ptrs;
}

static int composite(struct capn_msg *m, struct target *t, uint64_t wc,
		     enum capn_elem expect, struct capn_list_r *r)
{
	if (!inside(m, t, wc + 1))
		return CAPN_EBOUNDS;
	uint64_t tag = ld64(m->base + (uint64_t)t->at * 8);
	// The tag is struct-shaped: element count and per-element sizes.
	if ((tag & 3) != 0)
		return CAPN_ELIST;
	uint64_t n = (uint32_t)tag >> 2;
	uint32_t dw = (uint16_t)(tag >> 32), pc = (uint16_t)(tag >> 48);
	if (n * (dw + pc) > wc)
		return CAPN_EBOUNDS;
	if (!fits(expect, dw * 64, pc, false))
		return CAPN_ELIST;
	// Zero-sized elements cost a word each, or they amplify work.
	int e = charge(m, wc + 1 + (dw + pc == 0 ? n : 0));
	if (e)
		return e;
	r->ptr = m->base + ((uint64_t)t->at + 1) * 8;
	r->len = (uint32_t)n;
	r->step = (dw + pc) * 8;
	r->data_bytes = dw * 8;
	r->nptrs = (uint16_t)pc;
	return 0;
}

static int plain_list(struct capn_msg *m, struct target *t,
		      enum capn_elem code, uint64_t n, enum capn_elem expect,
		      struct capn_list_r *r)
{
	uint32_t bits = code == CAPN_PTR ? 64 : elem_bits[code];
	uint64_t words = (n * bits + 63) / 64;
	if (!fits(expect, elem_bits[code], code == CAPN_PTR, code == CAPN_BIT))
		return CAPN_ELIST;
	if (!inside(m, t, words))
		return CAPN_EBOUNDS;
	int e = charge(m, code == CAPN_VOID ? n : words);
	if (e)
		return e;
	r->ptr = m->base + (uint64_t)t->at * 8;
	r->len = (uint32_t)n;
	r->step = bits / 8;
	r->data_bytes = code == CAPN_PTR ? 0 : bits / 8;
	r->nptrs = code == CAPN_PTR;
	return 0;
}

struct capn_list_r capn_r_list(const struct capn_struct_r *s, unsigned slot,
			       enum capn_elem expect)
{
	struct capn_list_r r = { .msg = s->msg, .seg = s->seg,
				 .nest = s->nest - 1, .code = expect };
	struct target t;
	int e = slot_target(s, slot, &t);
	if (e <= 0)
		goto out;
	// Is it a list, within the nesting limit?
	e = CAPN_EKIND;
	if ((t.tag & 3) != 1)
		goto out;
	e = CAPN_EDEPTH;
	if (s->nest <= 0)
		goto out;
	enum capn_elem code = (enum capn_elem)((t.tag >> 32) & 7);
	uint64_t n = t.tag >> 35;
	if (code == CAPN_COMPOSITE)
		e = composite(s->msg, &t, n, expect, &r);
	else
		e = plain_list(s->msg, &t, code, n, expect, &r);
	if (e == 0) {
		r.code = (uint8_t)code;
		r.seg = (uint16_t)t.seg;
	} else {
		r.len = 0;
	}
out:
	if (e < 0)
		fail(s->msg, e);
	return r;
}

/* A byte list (text or data): exact element size, inside its segment. */
static int blob(const struct capn_struct_r *s, unsigned slot,
		const uint8_t **p, uint64_t *n)
{
	struct target t;
	int e = slot_target(s, slot, &t);
	if (e <= 0)
		return e;
	if ((t.tag & 3) != 1 || ((t.tag >> 32) & 7) != CAPN_BYTE)
		return CAPN_EKIND;
	*n = t.tag >> 35;
	uint64_t words = (*n + 7) / 8;
	if (!inside(s->msg, &t, words))
		return CAPN_EBOUNDS;
	if ((e = charge(s->msg, words)) != 0)
		return e;
	*p = s->msg->base + (uint64_t)t.at * 8;
	return 1;
}

struct capn_text capn_r_text(const struct capn_struct_r *s, unsigned slot)
{
	struct capn_text r = { "", 0 };
	const uint8_t *p;
	uint64_t n;
	int e = blob(s, slot, &p, &n);
	if (e <= 0)
		goto out;
	// Text carries its NUL in the count.
	e = CAPN_ETEXT;
	if (n == 0 || p[n - 1] != 0)
		goto out;
	r.str = (const char *)p;
	r.len = (uint32_t)(n - 1);
	e = 0;
out:
	if (e < 0)
		fail(s->msg, e);
	return r;
}

struct capn_data capn_r_data(const struct capn_struct_r *s, unsigned slot)
{
	struct capn_data r = { NULL, 0 };
	const uint8_t *p;
	uint64_t n;
	int e = blob(s, slot, &p, &n);
	if (e < 0)
		fail(s->msg, e);
	if (e > 0) {
		r.ptr = p;
		r.len = (uint32_t)n;
	}
	return r;
}

uint32_t capn_r_cap(const struct capn_struct_r *s, unsigned slot)
{
	if (slot >= s->nptrs)
		return CAPN_NO_CAP;
	uint64_t p = ld64(s->ptrs + (size_t)slot * 8);
	if (p == 0)
		return CAPN_NO_CAP;
	// Capabilities are never reached through far pointers.
	if ((uint32_t)p != 3) {
		fail(s->msg, (p & 3) == 3 ? CAPN_EPTR : CAPN_EKIND);
		return CAPN_NO_CAP;
	}
	return (uint32_t)(p >> 32);
}

bool capn_r_has(const struct capn_struct_r *s, unsigned slot)
{
	return slot < s->nptrs && ld64(s->ptrs + (size_t)slot * 8) != 0;
}

enum capn_kind capn_r_kind(const struct capn_struct_r *s, unsigned slot)
{
	struct target t;
	int e = slot_target(s, slot, &t);
	if (e < 0)
		return CAPN_KIND_ERROR;
	if (e == 0)
		return CAPN_KIND_NULL;
	switch (t.tag & 3) {
	case 0:
		return CAPN_KIND_STRUCT;
	case 1:
		return CAPN_KIND_LIST;
	default:
		return CAPN_KIND_CAP;
	}
}

static int walk_struct(const struct capn_struct_r *s);

static int walk_list(const struct capn_list_r *l)
{
	if (l->nptrs == 0)
		return l->msg->err;
	for (uint32_t i = 0; i < l->len && !l->msg->err; i++) {
		struct capn_struct_r e = capn_list_struct(l, i);
		walk_struct(&e);
	}
	return l->msg->err;
}

static int walk_struct(const struct capn_struct_r *s)
{
	for (unsigned i = 0; i < s->nptrs && !s->msg->err; i++) {
		switch (capn_r_kind(s, i)) {
		case CAPN_KIND_NULL:
			break;
		case CAPN_KIND_STRUCT: {
			struct capn_struct_r c = capn_r_struct(s, i);
			walk_struct(&c);
			break;
		}
		case CAPN_KIND_LIST: {
			struct capn_list_r l = capn_r_list(s, i, CAPN_VOID);
			walk_list(&l);
			break;
		}
		case CAPN_KIND_CAP:
			(void)capn_r_cap(s, i);
			break;
		case CAPN_KIND_ERROR:
			// Re-resolve through a getter to record the error.
			(void)capn_r_struct(s, i);
			break;
		}
	}
	return s->msg->err;
}

int capn_msg_walk(struct capn_msg *m)
{
	struct capn_struct_r root = capn_msg_root(m);
	if (m->err)
		return m->err;
	return walk_struct(&root);
}

int capn_r_walk(const struct capn_struct_r *s, unsigned slot)
{
	struct capn_struct_r one = *s;
	if (slot >= s->nptrs)
		return s->msg ? s->msg->err : 0;
	one.ptrs = s->ptrs + (size_t)slot * 8;
	one.nptrs = 1;
	return walk_struct(&one);
}
