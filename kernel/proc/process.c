/* Process creation from a validated ELF image, capability grants, exit,
 * and teardown.
 *
 * Loading never maps the image writable to copy it: segment frames are
 * allocated with their final permissions and filled through the direct
 * map, so a text page is never writable, not even briefly. */
#include <string.h>
#include "kernel/arch/arch.h"
#include "kernel/core/log.h"
#include "kernel/core/panic.h"
#include "kernel/ipc/ring.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/layout.h"
#include "kernel/proc/process.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/session.h"
#include "lib/elf/elf.h"
#include "lib/ring/abi.h"

LOG_SOURCE(proc_log, "proc");

#define PROC_IMAGE_MAX_BYTES (256ull << 20)

static void proc_release_caps(struct process *p);

static int proc_next_pid = 1;
static int proc_live;
/* protects: proc_list and every process's list_next */
static struct spinlock proc_list_lock = SPINLOCK_INIT("proc_list");
static struct process *proc_list;

static unsigned proc_prot(uint32_t elf_prot)
{
	return ((elf_prot & ELF_PROT_W) ? MAP_W : 0) |
	       ((elf_prot & ELF_PROT_X) ? MAP_X : 0) | MAP_R;
}

/* Copy file bytes into the frames behind [va, va + n) of p. */
static err_t proc_fill(struct process *p, uint64_t va, const uint8_t *src,
		       uint64_t n)
{
	while (n) {
		uint64_t off = va & (PAGE_SIZE - 1), chunk = PAGE_SIZE - off;
		if (chunk > n)
			chunk = n;
		unsigned prot;
		uint64_t pa = aspace_lookup(&p->as, va - off, &prot);
		if (!pa)
			return ERR_INTERNAL;
		memcpy((uint8_t *)phys_to_virt(pa) + off, src, chunk);
		va += chunk, src += chunk, n -= chunk;
	}
	return ERR_OK;
}

/* Can segment s be mapped straight from the module's frames? Only a
 * read-only one without zero fill whose pages lie wholly inside the file
 * at the same page offset (copying costs more than anything else in a
 * spawn under emulation: QEMU retranslates code written to). */
static bool proc_segment_shareable(const struct elf_segment *s,
				   const uint8_t *file, size_t size)
{
	uint64_t lo = s->vaddr & ~(PAGE_SIZE - 1);
	uint64_t hi = (s->vaddr + s->memsz + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	uint64_t flo = s->file_off - (s->vaddr - lo);
	return !(s->prot & ELF_PROT_W) && s->memsz == s->filesz &&
	       ((uintptr_t)file & (PAGE_SIZE - 1)) == 0 &&
	       (s->file_off & (PAGE_SIZE - 1)) == (s->vaddr & (PAGE_SIZE - 1)) &&
	       flo + (hi - lo) <= size;
}

static err_t proc_map_segment(struct process *p, const struct elf_segment *s,
			      const uint8_t *file, size_t size)
{
	uint64_t lo = s->vaddr & ~(PAGE_SIZE - 1);
	uint64_t hi = (s->vaddr + s->memsz + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	if (proc_segment_shareable(s, file, size))
		return aspace_map_shared(&p->as, lo,
					 virt_to_phys(file + s->file_off - (s->vaddr - lo)),
					 (hi - lo) / PAGE_SIZE, proc_prot(s->prot));
	err_t e = aspace_map_new(&p->as, lo, (hi - lo) / PAGE_SIZE,
				 proc_prot(s->prot), VMA_IMAGE);
	return e ? e : proc_fill(p, s->vaddr, file + s->file_off, s->filesz);
}

static err_t proc_map_segments(struct process *p, const struct elf_image *img,
			       const uint8_t *file, size_t size)
{
	for (uint32_t i = 0; i < img->nsegments; i++) {
		err_t e = proc_map_segment(p, &img->seg[i], file, size);
		if (e)
			return e;
	}
	return ERR_OK;
}

static struct process *proc_alloc(const char *name, struct session *session)
{
	struct process *p = kzalloc(sizeof(*p));
	if (!p)
		return 0;
	p->pid = __atomic_fetch_add(&proc_next_pid, 1, __ATOMIC_RELAXED);
	size_t n = strnlen(name, PROC_NAME_MAX - 1);
	memcpy(p->name, name, n);
	p->lock = (struct spinlock)SPINLOCK_INIT("process");
	p->park_lock = (struct spinlock)SPINLOCK_INIT("park");
	/* refusals: bursts of 50 lines, then 20/s; Console output: bursts of
	 * 500 lines, then 200/s. Either way a flood costs its sender only. */
	p->log = (struct log_source){ p->name, RATELIMIT_INIT(50000000, 50) };
	p->console_log = (struct log_source){ p->name, RATELIMIT_INIT(5000000, 500) };
	p->acct = account_new();
	if (!p->acct) {
		kfree(p);
		return 0;
	}
	p->refs = 1;	/* dropped when the process has fully ended */
	p->session = session;
	session_get(session);
	p->as.acct = p->acct;
	captable_init(&p->caps, p->cap_slots, PROC_CAP_SLOTS,
		      (uint32_t)p->acct->ledger.limit[LEDGER_CAP_SLOTS]);
	spin_lock(&proc_list_lock);
	p->list_next = proc_list;
	proc_list = p;
	spin_unlock(&proc_list_lock);
	return p;
}

/* The stack is demand-zero (its pages come, and are charged, as it
 * grows; the guard page below stays unmapped): only the top page, which
 * the entry code uses at once, is filled now. */
static err_t proc_map_fixed(struct process *p, struct thread *t)
{
	uint64_t stack_lo = USER_STACK_TOP - USER_STACK_PAGES * PAGE_SIZE;
	err_t e = aspace_map_demand(&p->as, stack_lo, USER_STACK_PAGES,
				    MAP_R | MAP_W, VMA_STACK);
	if (!e)
		e = aspace_demand_fault(&p->as, USER_STACK_TOP - PAGE_SIZE, MAP_W);
	if (e)
		return e;
	uint64_t capset = frame_alloc_zeroed(0);
	if (!capset)
		return ERR_NO_MEMORY;
	p->capset = phys_to_virt(capset);
	p->capset->magic = CAPSET_MAGIC;
	if ((e = aspace_map_fixed(&p->as, USER_CAPSET_VADDR, capset, MAP_R))) {
		frame_free(capset, 0);
		return e;
	}
	e = aspace_map_fixed(&p->as, t->ring_uva, t->ring_pa, MAP_R | MAP_W);
	t->ring_mapped = !e;
	return e;
}

/* Arguments go on their own read-only page (mapped and freed like the
 * CapSet page); the spawner has checked count and total size already. */
err_t process_set_args(struct process *p, const char *const *argv,
		       const uint32_t *len, uint32_t argc)
{
	if (argc > ARGS_MAX)
		return ERR_TOO_LARGE;
	uint64_t pa = frame_alloc_zeroed(0);
	if (!pa)
		return ERR_NO_MEMORY;
	struct args_page *ap = phys_to_virt(pa);
	uint32_t at = 0;
	for (uint32_t i = 0; i < argc; i++) {
		if (len[i] + 1 > ARGS_BYTES - at) {
			frame_free(pa, 0);
			return ERR_TOO_LARGE;
		}
		ap->off[i] = (uint16_t)at;
		memcpy(ap->bytes + at, argv[i], len[i]);
		at += len[i] + 1;	/* the page is zeroed: NUL included */
	}
	ap->magic = ARGS_MAGIC;
	ap->argc = argc;
	err_t e = aspace_map_fixed(&p->as, USER_ARGS_VADDR, pa, MAP_R);
	if (e) {
		frame_free(pa, 0);
		return e;
	}
	p->capset->args = USER_ARGS_VADDR;
	return 0;
}

static err_t proc_build(struct process *p, const void *image, size_t size)
{
	const struct elf_limits lim = { USER_SPACE_LO, USER_SPACE_HI,
					PROC_IMAGE_MAX_BYTES };
	struct elf_image img;
	int ee = elf_validate(image, size, &lim, &img);
	if (ee) {
		log_warn(&proc_log, "%s: executable refused: %s", p->name,
			 elf_strerror(ee));
		return ERR_BAD_ELF;
	}
	err_t e = aspace_init(&p->as, p->acct);
	if (!e)
		e = proc_map_segments(p, &img, image, size);
	if (e)
		return e;
	struct thread *t = thread_create_user(p, img.entry, USER_RING_VADDR,
					      USER_CAPSET_VADDR, USER_STACK_TOP);
	if (!t)
		return ERR_NO_MEMORY;
	t->ring_uva = USER_RING_VADDR;
	p->threads = t;
	p->nthreads = p->nthreads_live = 1;
	p->ring_slots[0] = 1;
	account_charge(p->acct, LEDGER_THREADS, 1);
	return proc_map_fixed(p, t);
}

struct process *process_load(const char *name, const void *image,
			     size_t size, struct session *session, err_t *err)
{
	struct process *p = proc_alloc(name, session);
	*err = p ? proc_build(p, image, size) : ERR_NO_MEMORY;
	if (*err && p) {
		if (p->threads)
			thread_free_unstarted(p->threads);
		p->nthreads = 0;
		aspace_destroy(&p->as);
		process_put(p);
		p = 0;
	}
	return p;
}

err_t process_insert_cap(struct process *p, enum cap_type type, uint64_t iface,
			 void *obj, uint16_t flags, cap_handle_t *out)
{
	spin_lock(&p->lock);
	err_t e = p->state == PROC_EXITING || p->state == PROC_DEAD
			  ? ERR_EXITED
			  : captable_insert(&p->caps, type, iface, obj, flags, out);
	spin_unlock(&p->lock);
	return e;
}

void process_drop_cap(struct process *p, cap_handle_t h)
{
	struct cap_slot old;
	spin_lock(&p->lock);
	err_t e = captable_remove(&p->caps, h, &old);
	spin_unlock(&p->lock);
	if (!e)
		cap_release((enum cap_type)old.type, old.obj);
}

err_t process_capset_add(struct process *p, const char *cap_name,
			 uint64_t iface, cap_handle_t h)
{
	struct capset_page *cs = p->capset;
	if (cs->count >= CAPSET_MAX || strlen(cap_name) >= CAPSET_NAME_MAX)
		return ERR_TOO_LARGE;
	struct capset_entry *ce = &cs->entries[cs->count++];
	memcpy(ce->name, cap_name, strlen(cap_name) + 1);
	ce->interface_id = iface;
	ce->handle = h;
	return ERR_OK;
}

err_t process_grant(struct process *p, const char *cap_name,
		    enum cap_type type, uint64_t iface, void *obj)
{
	struct capset_page *cs = p->capset;
	if (cs->count >= CAPSET_MAX || strlen(cap_name) >= CAPSET_NAME_MAX)
		return ERR_TOO_LARGE;
	cap_handle_t h;
	err_t e = process_insert_cap(p, type, iface, obj, 0, &h);
	if (e)
		return e;
	return process_capset_add(p, cap_name, iface, h);
}

/* A loaded process that will never run: give back everything. */
void process_discard(struct process *p)
{
	p->state = PROC_DEAD;
	proc_release_caps(p);
	thread_free_unstarted(p->threads);
	p->threads = 0;
	p->nthreads = 0;
	aspace_destroy(&p->as);
	process_put(p);
}

void process_start(struct process *p)
{
	p->state = PROC_RUNNING;
	__atomic_fetch_add(&proc_live, 1, __ATOMIC_RELAXED);
	/* debug: the spawner (or boot) logs the start with who asked;
	 * one line less per spawn is 100 µs less under emulation */
	log_debug(&proc_log, "started pid %d \"%s\" with %u capabilities",
		  p->pid, p->name, p->capset->count);
	sched_enqueue(p->threads);
}

/* Release every capability at once: a dying process must stop holding
 * authority before its memory is gone. */
static void proc_release_caps(struct process *p)
{
	for (uint32_t i = captable_next_live(&p->caps, 0); i != CAPTABLE_NIL;
	     i = captable_next_live(&p->caps, i + 1)) {
		struct cap_slot old;
		spin_lock(&p->lock);
		err_t e = captable_remove(&p->caps, captable_handle_of(&p->caps, i), &old);
		spin_unlock(&p->lock);
		if (!e)
			cap_release((enum cap_type)old.type, old.obj);
	}
}

/* The first thread to end its process records how it ended, releases
 * the capabilities and wakes every other thread, which then leaves at its
 * next return to user mode (process_check_kill). */
static _Noreturn void proc_end_current(enum proc_end end, int64_t code)
{
	struct thread *t = sched_current();
	struct process *p = t->proc;
	spin_lock(&p->lock);
	bool first = p->state == PROC_RUNNING;
	if (first) {
		p->state = PROC_EXITING;
		p->end = end;
		p->exit_code = code;
		for (struct thread *o = p->threads; o; o = o->proc_next)
			if (o != t)
				ring_kick(o);
	}
	spin_unlock(&p->lock);
	thread_exit_current(code, first);
	if (first)
		proc_release_caps(p);
	sched_exit_current();
}

/* An ending process's rate-limited output says what it lost, before the
 * line that says how it ended. */
static void proc_log_flush(struct process *p)
{
	log_flush_suppressed(&p->console_log);
	log_flush_suppressed(&p->log);
}

_Noreturn void process_exit_current(int64_t code)
{
	struct process *p = sched_current()->proc;
	proc_log_flush(p);
	log_info(&proc_log, "pid %d \"%s\" exited with code %ld", p->pid, p->name,
		 code);
	proc_end_current(PROC_END_EXIT, code);
}

void process_kill(struct process *p)
{
	spin_lock(&p->lock);
	bool alive = p->state == PROC_RUNNING || p->state == PROC_NEW;
	if (alive)
		p->kill_pending = true;
	for (struct thread *t = p->threads; alive && t; t = t->proc_next)
		ring_kick(t);
	spin_unlock(&p->lock);
}

/* On every way back to user mode: a killed process's threads, and the
 * other threads of a process that is ending, stop here. */
_Noreturn void process_end_killed(void)
{
	struct process *p = sched_current()->proc;
	if (p->state == PROC_EXITING)
		proc_end_current(PROC_END_EXIT, 0);	/* status already set */
	proc_log_flush(p);
	log_info(&proc_log, "pid %d \"%s\" killed", p->pid, p->name);
	proc_end_current(PROC_END_KILLED, -1);
}

_Noreturn void process_fault_current(const struct proc_fault *f)
{
	struct process *p = sched_current()->proc;
	p->fault = *f;
	proc_log_flush(p);
	log_warn(&proc_log, "pid %d \"%s\" killed: %s at ip 0x%lx, address 0x%lx, "
		 "error 0x%lx", p->pid, p->name, arch_trap_name(f->vector), f->ip,
		 f->addr, f->error);
	proc_end_current(PROC_END_FAULT, -1);
}

/* The reaper freed a thread; after the last one the address space goes. */
void process_thread_gone(struct process *p, struct thread *t)
{
	spin_lock(&p->lock);
	for (struct thread **pp = &p->threads; *pp; pp = &(*pp)->proc_next)
		if (*pp == t) {
			*pp = t->proc_next;
			break;
		}
	bool last = --p->nthreads == 0;
	if (last)
		p->state = PROC_DEAD;
	spin_unlock(&p->lock);
	if (!last)
		return;
	aspace_destroy(&p->as);
	__atomic_fetch_sub(&proc_live, 1, __ATOMIC_RELAXED);
	process_ended(p);
	proc_handle_notify_end(p);
	process_put(p);
}

void process_get(struct process *p)
{
	__atomic_fetch_add(&p->refs, 1, __ATOMIC_RELAXED);
}

static void proc_unlist(struct process *p)
{
	spin_lock(&proc_list_lock);
	struct process **pp = &proc_list;
	while (*pp && *pp != p)
		pp = &(*pp)->list_next;
	if (*pp)
		*pp = p->list_next;
	spin_unlock(&proc_list_lock);
}

void process_put(struct process *p)
{
	if (__atomic_sub_fetch(&p->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	proc_unlist(p);
	account_put(p->acct);
	session_put(p->session);
	kfree(p);
}

struct process_totals process_totals(void)
{
	struct process_totals t = { 0 };
	spin_lock(&proc_list_lock);
	for (struct process *p = proc_list; p; p = p->list_next) {
		if (p->state == PROC_DEAD)
			continue;
		const struct ledger *l = &p->acct->ledger;
		t.processes++;
		t.cap_slots += p->caps.live;
		t.pages += l->used[LEDGER_PAGES];
		t.threads += (uint64_t)p->nthreads;
		t.calls += l->used[LEDGER_CALLS];
		t.timers += l->used[LEDGER_TIMERS];
	}
	spin_unlock(&proc_list_lock);
	return t;
}

int process_count(void)
{
	return __atomic_load_n(&proc_live, __ATOMIC_RELAXED);
}
