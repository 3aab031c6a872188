/* Per-CPU descriptor tables: GDT, TSS and the IST stacks for faults that
 * must not trust the current stack (double fault, NMI, machine check). */
#ifndef CAPOS_ARCH_GDT_H
#define CAPOS_ARCH_GDT_H

/* Selector layout is dictated by syscall/sysret: STAR's sysret base is
 * 0x18, so user data = base + 8 and user code = base + 16. */
#define SEL_KCODE   0x08
#define SEL_KDATA   0x10
#define SEL_UCODE32 0x18
#define SEL_UDATA   (0x20 | 3)
#define SEL_UCODE   (0x28 | 3)
#define SEL_TSS     0x30

#ifndef __ASSEMBLER__
#include <stdint.h>

enum ist_slot { IST_NONE = 0, IST_DF = 1, IST_NMI = 2, IST_MC = 3 };
#define IST_STACK_SIZE 8192
#define IST_STACK_PAGES (IST_STACK_SIZE / 4096)

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss) == 104, "TSS is 104 bytes");

#define IST_COUNT 3

/* The boot CPU starts on static IST stacks (no allocator exists yet) and
 * moves to guarded ones once paging is final; other CPUs get guarded
 * stacks from the start. ist_bottom[] records the current ones. */
struct cpu_tables {
	uint64_t gdt[8];
	struct tss tss;
	uintptr_t ist_bottom[IST_COUNT];
};

void gdt_init_cpu(struct cpu_tables *t);
/* Give every IST slot a fresh guarded kernel stack. */
void gdt_move_ist_stacks(struct cpu_tables *t);
/* Bounds of IST stack `slot` on this CPU, for fault reports. */
void gdt_ist_bounds(enum ist_slot slot, uintptr_t *lo, uintptr_t *hi);

#endif /* __ASSEMBLER__ */

#endif
