/* Small helpers shared by the kernel capability types. */
#ifndef CAPOS_CAP_UTIL_H
#define CAPOS_CAP_UTIL_H
#include "capos/err.h"
#include "kernel/arch/arch.h"
#include "kernel/cap/cap.h"
#include "lib/cap/captable.h"

/* Schema prot bits (VirtualMemory.prot*) to MAP_*; -1 for unknown bits. */
static inline int cap_prot_from_schema(uint32_t prot)
{
	if (prot & ~7u)
		return -1;
	return (int)(((prot & 1) ? MAP_R : 0) | ((prot & 2) ? MAP_W : 0) |
		     ((prot & 4) ? MAP_X : 0));
}

/* Run a generated dispatcher and turn its outcome into an invoke result:
 * the framed results length, CAP_PENDING, or a negative error. */
#define CAP_DISPATCH(iface, server, call)                                     \
	({                                                                    \
		struct capn_dispatch d_;                                      \
		capn_dispatch_init(&d_, (call)->method, (call)->params,       \
				   (call)->params_len, (call)->results,       \
				   (call)->results_cap);                      \
		int r_ = iface##_dispatch(server, (call), &d_);               \
		r_ == CAP_PENDING || r_ < 0 ? r_ : (int)d_.results_len;       \
	})

#endif
