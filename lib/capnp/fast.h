/* Inline fast paths for the shape nearly every message has: one segment
 * whose root pointer is a near struct pointer, read or built in one go.
 * Every call pays for framing a message and reaching its root twice (the
 * params and the results), and under TCG a function call, a spilled
 * register or a struct copied through memory costs several times an
 * arithmetic instruction; so these do the common case in registers and
 * hand anything else to the general code in read.c and build.c, which
 * performs the same checks in the general form. tests/host/
 * test_capnp_reader.c and fuzz_capnp_reader compare the two paths.
 *
 * Included by capnp.h only. */
#ifndef CAPOS_LIB_CAPNP_FAST_H
#define CAPOS_LIB_CAPNP_FAST_H

static inline uint32_t capn_fast_ld32(const uint8_t *p)
{
	uint32_t v;
	__builtin_memcpy(&v, p, 4);
	return v;
}

/* A framed one-segment message with a root pointer; else the general
 * framing (which also explains what is wrong). */
static inline int capn_msg_init(struct capn_msg *m, const void *buf,
				size_t len)
{
	const uint8_t *b = buf;
	uint32_t words;
	if (!b || len < 16 || capn_fast_ld32(b) != 0 ||
	    (words = capn_fast_ld32(b + 4)) == 0 || words > (len - 8) / 8)
		return capn_msg_init_opts(m, buf, len, NULL);
	m->base = b + 8;
	m->size = 8 + (size_t)words * 8;
	m->budget = CAPN_TRAVERSAL_DEFAULT;
	m->nesting = CAPN_NESTING_DEFAULT;
	m->err = 0;
	m->nsegs = 1;
	m->seg[0] = 0;
	m->seg[1] = words;
	return 0;
}

/* The root struct: a near struct pointer whose target lies inside segment
 * 0 and fits the budget is read here; everything else (null, far, the
 * wrong kind, out of bounds, several segments) goes the general way. */
static inline struct capn_struct_r capn_msg_root(struct capn_msg *m)
{
	if (m->nsegs != 1 || m->nesting <= 0)
		return capn_msg_root_general(m);
	uint64_t p;
	__builtin_memcpy(&p, m->base, 8);
	int64_t at = 1 + (int64_t)((int32_t)(uint32_t)p >> 2);
	uint32_t dw = (uint16_t)(p >> 32), pc = (uint16_t)(p >> 48);
	if (!p || (p & 3) || at < 0 || (uint64_t)at + dw + pc > m->seg[1] ||
	    dw + pc > m->budget)
		return capn_msg_root_general(m);
	m->budget -= dw + pc;
	const uint8_t *data = m->base + (uint64_t)at * 8;
	return (struct capn_struct_r){ .msg = m, .data = data,
				       .ptrs = data + (size_t)dw * 8,
				       .data_bytes = dw * 8, .nptrs = (uint16_t)pc,
				       .seg = 0, .nest = m->nesting - 1 };
}

/* Start a message in buf[0..len); anything below 16 bytes fails at once
 * (sticky CAPN_ENOSPACE). */
static inline void capn_build_init(struct capn_builder *b, void *buf,
				   size_t len)
{
	b->buf = buf;
	b->ncaps = 0;
	b->err = 0;
	if (!buf || len < 16) {
		b->seg = NULL;
		b->cap_words = b->used = 0;
		b->err = CAPN_ENOSPACE;
		return;
	}
	b->seg = b->buf + 8;
	b->cap_words = (len - 8) / 8;
	if (b->cap_words > CAPN_SEG_MAX_WORDS)
		b->cap_words = CAPN_SEG_MAX_WORDS;
	__builtin_memset(b->seg, 0, 8);	/* the root pointer */
	b->used = 1;
}

/* The root struct of a fresh message goes right after the root pointer
 * (offset 0); a struct of up to 8 words is zeroed inline. */
static inline struct capn_struct_b capn_b_root(struct capn_builder *b,
					       uint16_t dw, uint16_t pc)
{
	uint32_t words = (uint32_t)dw + pc;
	if (b->used != 1 || b->err || words > 8 || words >= b->cap_words)
		return capn_b_root_general(b, dw, pc);
	if (words == 0) {	/* empty: offset -1, so it is not null */
		uint64_t v = 0xfffffffcu;
		__builtin_memcpy(b->seg, &v, 8);
		return (struct capn_struct_b){ .b = b };
	}
	uint8_t *p = b->seg + 8;
	for (uint32_t i = 0; i < words; i++)
		__builtin_memset(p + i * 8, 0, 8);
	uint64_t v = (uint64_t)(dw | (uint32_t)pc << 16) << 32;
	__builtin_memcpy(b->seg, &v, 8);
	b->used = 1 + words;
	return (struct capn_struct_b){ .b = b, .data = p,
				       .ptrs = p + (size_t)dw * 8,
				       .data_bytes = dw * 8u, .nptrs = pc };
}

/* Write the segment table. Returns the framed length in bytes, or 0 with
 * b->err set if anything failed along the way. */
static inline size_t capn_build_finish(struct capn_builder *b)
{
	if (b->err)
		return 0;
	uint32_t hdr[2] = { 0, (uint32_t)b->used };
	__builtin_memcpy(b->buf, hdr, 8);
	return 8 + b->used * 8;
}

#endif
