/* Bringing up the other CPUs listed in the MADT, one at a time: copy the
 * trampoline below 1 MiB, give it a temporary page table (the kernel half
 * plus an identity mapping of the trampoline page), a guarded stack and
 * the CPU's block, then INIT, SIPI, SIPI. Each AP finishes its own set-up
 * in ap_entry and joins the scheduler; the boot CPU waits (bounded) for it
 * to say it is alive before starting the next. A CPU that does not answer
 * is reported and skipped. */
#include <string.h>
#include "kernel/arch/x86_64/boot_defs.h"
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/cpufeat.h"
#include "kernel/arch/x86_64/fpu.h"
#include "kernel/arch/x86_64/gdt.h"
#include "kernel/arch/x86_64/idt.h"
#include "kernel/arch/x86_64/lapic.h"
#include "kernel/arch/arch.h"
#include "kernel/core/cpu.h"
#include "kernel/core/log.h"
#include "kernel/dev/platform.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/kmap.h"
#include "kernel/mm/layout.h"
#include "kernel/time/clock.h"

LOG_SOURCE(smp_log, "smp");

#define AP_TRAMPOLINE 0x8000ull
#define AP_STACK_PAGES 4
#define ICR_INIT 0x4500u
#define ICR_SIPI 0x4600u

extern const char ap_tramp_start[], ap_tramp_end[], ap_tramp_data[];

struct ap_data {
	uint32_t cr3, efer_bits;
	uint64_t stack, entry, arg;
};

static volatile int ap_alive;

_Noreturn void ap_entry(struct cpu *c);

static void delay_us(uint64_t us)
{
	uint64_t until = clock_monotonic_ns() + us * 1000;
	while (clock_monotonic_ns() < until)
		cpu_pause();
}

/* The trampoline's page table: kernel half shared, trampoline page
 * identity-mapped (the instruction after enabling paging runs there). */
static uint64_t ap_temp_root(void)
{
	uint64_t root = frame_alloc_zeroed(0);
	if (!root || root >= (4ull << 30))
		return 0;
	arch_pt_share_kernel_half(root, kmap_kernel_root());
	if (arch_pt_map(root, AP_TRAMPOLINE, AP_TRAMPOLINE, PAGE_SIZE,
			MAP_R | MAP_W | MAP_X | MAP_SMALL))
		return 0;
	return root;
}

static void ap_free_frame(uint64_t pa)
{
	frame_free(pa, 0);
}

static void ap_temp_root_free(uint64_t root)
{
	arch_pt_destroy_user(root, ap_free_frame);	/* tables only */
	frame_free(root, 0);
}

static bool ap_start_one(uint32_t apic_id, struct cpu *c, uint64_t root)
{
	uintptr_t bottom, top = kstack_alloc(AP_STACK_PAGES, &bottom);
	uint8_t *tramp = phys_to_virt(AP_TRAMPOLINE);
	struct ap_data *d = (struct ap_data *)(tramp + (ap_tramp_data - ap_tramp_start));
	*d = (struct ap_data){
		.cr3 = (uint32_t)root,
		.efer_bits = EFER_LME | (cpu_features.nx ? EFER_NXE : 0) | EFER_SCE,
		.stack = top, .entry = (uint64_t)ap_entry, .arg = (uint64_t)c,
	};
	ap_alive = 0;
	lapic_send_ipi(apic_id, ICR_INIT);
	delay_us(10000);
	for (int i = 0; i < 2 && !ap_alive; i++) {
		lapic_send_ipi(apic_id, ICR_SIPI | (AP_TRAMPOLINE >> 12));
		delay_us(200);
	}
	uint64_t until = clock_monotonic_ns() + 200000000;
	while (!__atomic_load_n(&ap_alive, __ATOMIC_ACQUIRE) &&
	       clock_monotonic_ns() < until)
		cpu_pause();
	return ap_alive;
}

/* Called by the new CPU once it runs on its own tables. */
void arch_ap_alive(void)
{
	__atomic_store_n(&ap_alive, 1, __ATOMIC_RELEASE);
}

int arch_smp_start(const struct platform *p)
{
	memcpy(phys_to_virt(AP_TRAMPOLINE), ap_tramp_start,
	       (size_t)(ap_tramp_end - ap_tramp_start));
	uint64_t root = ap_temp_root();
	if (!root) {
		log_warn(&smp_log, "no page table for AP start-up: one CPU only");
		return 1;
	}
	int online = 1;
	uint32_t me = lapic_id();
	for (int i = 0; i < p->ncpus && online < CPU_MAX; i++) {
		if (p->cpu_apic_ids[i] == me)
			continue;
		struct cpu *c = kzalloc(sizeof(*c));
		if (c) {
			c->id = online;
			c->arch.apic_id = p->cpu_apic_ids[i];
		}
		if (c && ap_start_one(p->cpu_apic_ids[i], c, root))
			online++;
		else
			log_warn(&smp_log, "CPU with APIC id %u did not start",
				 p->cpu_apic_ids[i]);
	}
	ap_temp_root_free(root);
	return online;
}

/* First C code on a new CPU: its descriptor tables, FPU, protections,
 * system call MSRs and LAPIC, then the kernel's own page table. */
_Noreturn void ap_entry(struct cpu *c)
{
	cpu_install(c, c->id);
	struct cpu_tables *t = kzalloc(sizeof(*t));
	if (!t)
		arch_halt_forever();
	gdt_init_cpu(t);
	gdt_move_ist_stacks(t);
	idt_load();
	fpu_enable_cpu();
	arch_mmu_harden();
	write_cr3(kmap_kernel_root());
	arch_syscall_init();
	arch_intc_init_ap(&platform);
	kernel_ap_main();
}
