/* x86_64 page-table entry layout (4-level paging). Logic code never
 * shifts bits by hand: it uses these names, pinned by the asserts below. */
#ifndef CAPOS_ARCH_PTE_H
#define CAPOS_ARCH_PTE_H
#include <stdint.h>

typedef uint64_t pte_t;

#define PTE_PRESENT   (1ull << 0)
#define PTE_WRITE     (1ull << 1)
#define PTE_USER      (1ull << 2)
#define PTE_PWT       (1ull << 3)
#define PTE_PCD       (1ull << 4)
#define PTE_ACCESSED  (1ull << 5)
#define PTE_DIRTY     (1ull << 6)
#define PTE_HUGE      (1ull << 7)	/* PS: 2 MiB in a PD, 1 GiB in a PDPT */
#define PTE_GLOBAL    (1ull << 8)
#define PTE_OWNED     (1ull << 9)	/* software: frame freed with mapping */
#define PTE_PROTNONE  (1ull << 10)	/* software: no access, frame kept */
#define PTE_NX        (1ull << 63)
#define PTE_ADDR_MASK 0x000FFFFFFFFFF000ull

#define PT_ENTRIES 512
#define PT_LEVELS 4
/* Shift of the index for level 4 (PML4) down to level 1 (PT). */
#define PT_SHIFT(level) (12 + 9 * ((level) - 1))
#define PT_INDEX(va, level) (((va) >> PT_SHIFT(level)) & (PT_ENTRIES - 1))

_Static_assert(PT_SHIFT(1) == 12 && PT_SHIFT(2) == 21 && PT_SHIFT(3) == 30 &&
	       PT_SHIFT(4) == 39, "4-level paging shifts");
_Static_assert((PTE_ADDR_MASK & (PTE_NX | 0xFFF)) == 0, "address bits");

/* Page-fault error code bits. */
#define PF_ERR_PRESENT (1u << 0)
#define PF_ERR_WRITE   (1u << 1)
#define PF_ERR_USER    (1u << 2)
#define PF_ERR_RSVD    (1u << 3)
#define PF_ERR_FETCH   (1u << 4)

#endif
