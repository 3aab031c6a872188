/* The ring scratch area (lib/ring/ring.h): copies to and from it, for the
 * kernel and the user runtime alike, and how the runtime lays a call out
 * in it (user/rt/call.h). Pure, so the host tests run it. */
#ifndef CAPOS_LIB_RING_SCRATCH_H
#define CAPOS_LIB_RING_SCRATCH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/ring/ring.h"

/* Inline, words then the tail: a scratch copy is at most 896 bytes and
 * usually a few words, and under TCG a call to memcpy and its return
 * would each cost a block lookup, more than the copy itself. */
static inline void ring_scratch_copy(void *dst, const void *src, size_t n)
{
	size_t words = n / 8, tail = n % 8;
	__asm__ volatile("rep movsq\n\t"
			 "movq %[tail], %%rcx\n\t"
			 "rep movsb"
			 : "+D"(dst), "+S"(src), "+c"(words)
			 : [tail] "r"(tail)
			 : "memory");
}

/* How a call lays out the scratch: params at its start, results after
 * them, 8-aligned. */
static inline uint32_t ring_scratch_results_off(uint32_t params_len)
{
	return (params_len + 7u) & ~7u;
}

static inline bool ring_scratch_fits(uint32_t params_len, uint32_t results_cap)
{
	return params_len <= RING_SCRATCH_SIZE &&
	       results_cap <= RING_SCRATCH_SIZE -
				      ring_scratch_results_off(params_len);
}

/* How much of the results area a completion says the kernel wrote: the
 * framed results and the capability records after them, or an exception
 * of unknown length (all of it); never more than results_cap. */
static inline uint32_t ring_scratch_written(const struct ring_cqe *e,
					    uint32_t results_cap)
{
	uint64_t n = (uint32_t)e->result;
	if (e->result < 0)
		n = e->flags & RING_CQE_EXCEPTION ? results_cap : 0;
	else if (e->flags & RING_CQE_CAPS)	/* each at most 2^32: no wrap */
		n = e->aux1 > results_cap || e->aux0 > results_cap ? results_cap
		    : e->aux1 + e->aux0 * sizeof(struct ring_cap_record);
	return n < results_cap ? (uint32_t)n : results_cap;
}

#endif
