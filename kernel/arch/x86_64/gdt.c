/* GDT and TSS set-up, one set per CPU (SMP reuses gdt_init_cpu). In long
 * mode segments are flat; the GDT only carries privilege levels, the TSS
 * descriptor, and the selector order that syscall/sysret require. */
#include <stddef.h>
#include "kernel/arch/x86_64/gdt.h"
#include "kernel/core/cpu.h"
#include "kernel/mm/kmap.h"

/* access byte and flag nibble of a code/data descriptor */
#define DESC(access, flags) \
	(((uint64_t)(access) << 40) | ((uint64_t)(flags) << 52) | 0xFFFFull | \
	 (0xFull << 48))
#define ACC_DPL3    0x60
#define ACC_CODE    0x9A /* present, code, readable */
#define ACC_DATA    0x92 /* present, data, writable */
#define FLAG_L      0x2  /* 64-bit code */
#define FLAG_DB_G   0xC  /* 32-bit, 4 KiB granularity */

static uint8_t boot_ist_stacks[IST_COUNT][IST_STACK_SIZE]
	__attribute__((aligned(16)));

static void gdt_set_tss(uint64_t *gdt, struct tss *tss)
{
	uint64_t base = (uint64_t)tss, limit = sizeof(*tss) - 1;
	gdt[SEL_TSS / 8] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) |
			   (0x89ull << 40) | ((base >> 24 & 0xFF) << 56);
	gdt[SEL_TSS / 8 + 1] = base >> 32;
}

static void gdt_load(struct cpu_tables *t)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof(t->gdt) - 1, (uint64_t)t->gdt };
	__asm__ volatile(
		"lgdt %0\n\t"
		"pushq %1\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1: mov %2, %%ax\n\t"
		"mov %%ax, %%ds\n\t mov %%ax, %%es\n\t mov %%ax, %%ss\n\t"
		"ltr %w3"
		: : "m"(ptr), "i"((uint64_t)SEL_KCODE), "i"(SEL_KDATA),
		  "r"((uint16_t)SEL_TSS) : "rax", "memory");
}

void gdt_init_cpu(struct cpu_tables *t)
{
	t->gdt[0] = 0;
	t->gdt[SEL_KCODE / 8] = DESC(ACC_CODE, FLAG_L);
	t->gdt[SEL_KDATA / 8] = DESC(ACC_DATA, FLAG_DB_G);
	t->gdt[SEL_UCODE32 / 8] = DESC(ACC_CODE | ACC_DPL3, FLAG_DB_G);
	t->gdt[SEL_UDATA / 8] = DESC(ACC_DATA | ACC_DPL3, FLAG_DB_G);
	t->gdt[SEL_UCODE / 8] = DESC(ACC_CODE | ACC_DPL3, FLAG_L);
	for (int i = 0; i < IST_COUNT; i++) {
		t->ist_bottom[i] = (uintptr_t)boot_ist_stacks[i];
		t->tss.ist[i] = t->ist_bottom[i] + IST_STACK_SIZE;
	}
	t->tss.iomap_base = sizeof(struct tss); /* no I/O bitmap */
	gdt_set_tss(t->gdt, &t->tss);
	gdt_load(t);
	cpu_current()->arch.tables = t;
}

void gdt_move_ist_stacks(struct cpu_tables *t)
{
	for (int i = 0; i < IST_COUNT; i++)
		t->tss.ist[i] = kstack_alloc(IST_STACK_PAGES, &t->ist_bottom[i]);
}

void gdt_ist_bounds(enum ist_slot slot, uintptr_t *lo, uintptr_t *hi)
{
	struct cpu_tables *t = cpu_current()->arch.tables;
	*lo = *hi = 0;
	if (!t || slot == IST_NONE)
		return;
	*lo = t->ist_bottom[slot - 1];
	*hi = *lo + IST_STACK_SIZE;
}
