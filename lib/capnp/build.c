/* Cap'n Proto builder: one framed, single-segment message laid out in a
 * caller's buffer. Word 0 of the segment is the root pointer; every object
 * is appended after the objects already placed, zeroed first, so pointer
 * offsets are never negative except for the empty struct (offset -1, which
 * keeps it distinct from null). The segment table is written last, by
 * capn_build_finish(), once the size is known.
 *
 * Failures are sticky: after the first one every allocation returns an
 * empty handle whose setters do nothing, and finish reports the error.
 */
#include "lib/capnp/capnp.h"

#define LIST_MAX ((1u << 29) - 1)

static void set_err(struct capn_builder *b, int err)
{
	if (!b->err)
		b->err = err;
}

/* Reserve `words` words; returns the first word's index or -1. */
static int64_t reserve(struct capn_builder *b, uint64_t words)
{
	if (b->err)
		return -1;
	if (words > b->cap_words - b->used) {
		set_err(b, CAPN_ENOSPACE);
		return -1;
	}
	int64_t at = (int64_t)b->used;
	b->used += (size_t)words;
	return at;
}

/* Reserve and zero (small objects inline: most are a few words). */
static int64_t alloc(struct capn_builder *b, uint64_t words)
{
	int64_t at = reserve(b, words);
	if (at < 0)
		return -1;
	uint8_t *p = b->seg + at * 8;
	if (words <= 8) {
		for (uint64_t i = 0; i < words; i++)
			__builtin_memset(p + i * 8, 0, 8);
	} else {
		memset(p, 0, (size_t)words * 8);
	}
	return at;
}

/* The word of pointer slot `slot` in p, or NULL (error recorded). */
static uint8_t *slot_word(struct capn_struct_b *p, unsigned slot)
{
	if (p->b->err)
		return NULL;
	if (slot >= p->nptrs) {
		set_err(p->b, CAPN_EINVAL);
		return NULL;
	}
	return p->ptrs + (size_t)slot * 8;
}

/* Point `w` at word `at`: kind 0 (struct) or 1 (list), `hi` = bits 32-63. */
static void set_ptr(struct capn_builder *b, uint8_t *w, int64_t at,
		    unsigned kind, uint32_t hi)
{
	int64_t from = (w - b->seg) / 8;
	uint32_t off = (uint32_t)(at - from - 1);
	uint64_t v = (uint64_t)(off << 2 | kind) | (uint64_t)hi << 32;
	__builtin_memcpy(w, &v, 8);
}

struct capn_struct_b capn_b_root_general(struct capn_builder *b, uint16_t dw,
					 uint16_t pc)
{
	struct capn_struct_b root = { .b = b, .ptrs = b->seg, .nptrs = 1 };
	return capn_b_struct(&root, 0, dw, pc);
}

struct capn_struct_b capn_b_struct(struct capn_struct_b *p, unsigned slot,
				   uint16_t dw, uint16_t pc)
{
	struct capn_struct_b r = { .b = p->b };
	uint8_t *w = slot_word(p, slot);
	if (!w)
		return r;
	uint32_t shape = dw | (uint32_t)pc << 16;
	if (dw + pc == 0) {
		// Offset -1: an empty struct must not encode as null.
		uint64_t v = 0xfffffffcu;
		__builtin_memcpy(w, &v, 8);
		return r;
	}
	int64_t at = alloc(p->b, dw + pc);
	if (at < 0)
		return r;
	set_ptr(p->b, w, at, 0, shape);
	r.data = p->b->seg + at * 8;
	r.ptrs = r.data + (size_t)dw * 8;
	r.data_bytes = dw * 8u;
	r.nptrs = pc;
	return r;
}

struct capn_list_b capn_b_list(struct capn_struct_b *p, unsigned slot,
			       enum capn_elem code, uint32_t n)
{
	static const uint8_t bits[7] = { 0, 1, 8, 16, 32, 64, 64 };
	struct capn_list_b r = { .b = p->b, .code = (uint8_t)code };
	uint8_t *w = slot_word(p, slot);
	if (!w)
		return r;
	if ((unsigned)code > CAPN_PTR || n > LIST_MAX) {
		set_err(p->b, (unsigned)code > CAPN_PTR ? CAPN_EINVAL
							: CAPN_ERANGE);
		return r;
	}
	int64_t at = alloc(p->b, ((uint64_t)n * bits[code] + 63) / 64);
	if (at < 0)
		return r;
	set_ptr(p->b, w, at, 1, (uint32_t)code | n << 3);
	r.ptr = p->b->seg + at * 8;
	r.len = n;
	r.step = bits[code] / 8u;
	r.data_bytes = code == CAPN_PTR ? 0 : bits[code] / 8u;
	r.nptrs = code == CAPN_PTR;
	return r;
}

struct capn_list_b capn_b_struct_list(struct capn_struct_b *p, unsigned slot,
				      uint32_t n, uint16_t dw, uint16_t pc)
{
	struct capn_list_b r = { .b = p->b, .code = CAPN_COMPOSITE };
	uint8_t *w = slot_word(p, slot);
	if (!w)
		return r;
	uint64_t words = (uint64_t)n * (dw + pc);
	if (words > LIST_MAX || n > LIST_MAX) {
		set_err(p->b, CAPN_ERANGE);
		return r;
	}
	int64_t at = alloc(p->b, words + 1);
	if (at < 0)
		return r;
	// The tag: element count in the offset field, then the shape.
	uint64_t tag = (uint64_t)n << 2 | (uint64_t)(dw | (uint32_t)pc << 16)
					  << 32;
	__builtin_memcpy(p->b->seg + at * 8, &tag, 8);
	set_ptr(p->b, w, at, 1, CAPN_COMPOSITE | (uint32_t)words << 3);
	r.ptr = p->b->seg + (at + 1) * 8;
	r.len = n;
	r.step = (dw + pc) * 8u;
	r.data_bytes = dw * 8u;
	r.nptrs = pc;
	return r;
}

/* A byte list holding d[0..len) plus `extra` zero bytes. */
static int byte_list(struct capn_struct_b *p, unsigned slot, const void *d,
		     size_t len, size_t extra)
{
	uint8_t *w = slot_word(p, slot);
	if (!w)
		return p->b->err;
	if (len > LIST_MAX - extra) {
		set_err(p->b, CAPN_ERANGE);
		return p->b->err;
	}
	uint32_t n = (uint32_t)(len + extra);
	uint32_t words = (n + 7) / 8;
	int64_t at = reserve(p->b, words);
	if (at < 0)
		return p->b->err;
	// Only the last word has padding (and the NUL) to clear.
	uint8_t *body = p->b->seg + at * 8;
	if (words)
		__builtin_memset(body + (words - 1) * 8, 0, 8);
	if (len)
		memcpy(body, d, len);
	set_ptr(p->b, w, at, 1, CAPN_BYTE | n << 3);
	return 0;
}

int capn_b_text(struct capn_struct_b *p, unsigned slot, const char *s,
		size_t len)
{
	return byte_list(p, slot, s, len, 1);
}

int capn_b_data(struct capn_struct_b *p, unsigned slot, const void *d,
		size_t len)
{
	return byte_list(p, slot, d, len, 0);
}

void capn_b_cap(struct capn_struct_b *p, unsigned slot, uint32_t index)
{
	uint8_t *w = slot_word(p, slot);
	if (!w)
		return;
	if (index == CAPN_NO_CAP) {
		memset(w, 0, 8);
		return;
	}
	uint64_t v = 3 | (uint64_t)index << 32;
	__builtin_memcpy(w, &v, 8);
	if (index >= p->b->ncaps)
		p->b->ncaps = index + 1;
}
