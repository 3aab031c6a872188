/* The C runtime start for musl programs: from the capOS entry state to
 * musl's __libc_start_main.
 *
 * capOS gives a process no argv, environment or auxiliary vector: only
 * its ring and its CapSet (lib/ring/abi.h). musl's start-up reads one
 * contiguous block, Linux style:
 *     argc, argv[0..argc-1], NULL, envp..., NULL, auxv pairs, AT_NULL
 * so we build it in this function's frame, near the top of the stack,
 * which stays live because __libc_start_main never returns:
 *   - argv = { "prog" }: the CapSet carries no name for us;
 *   - envp = { "TZ=UTC" }: saves musl probing /etc/localtime;
 *   - AT_PHDR/PHNUM/PHENT come from our own ELF header (__ehdr_start).
 *     musl finds PT_TLS through them; without them TLS initialisers are
 *     not copied. The linker defines __ehdr_start only when the headers
 *     lie in a PT_LOAD segment (the default static layout puts them at
 *     the start of the first), so a program that links has them mapped;
 *   - AT_RANDOM: 16 bytes from EntropySource (stack canary and malloc
 *     secret), or a timer-derived value without "entropy";
 *   - AT_PAGESZ 4096, AT_UID..AT_EGID 0 and AT_SECURE 0 (no set-uid).
 *
 * The ring and CapSet pointers go to user/rt (rt_ring, rt_capset) first,
 * since everything, including the translation layer, calls through
 * them. A program without the "thread" capability cannot have TLS
 * (musl crashes if arch_prctl fails), so it ends here with a message and
 * exit code 127 instead of a fault.
 */
#include <elf.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "user/libc/posix.h"

#define EXIT_NO_TLS 127

extern const Elf64_Ehdr __ehdr_start;
/* The program's main, named apart from user/rt's `int main(void)`. */
int program_main(int argc, char **argv, char **envp) __asm__("main");
int __libc_start_main(int (*main)(int, char **, char **), int argc,
		      char **argv, void (*init)(void), void (*fini)(void),
		      void (*ldso)(void));
_Noreturn void capos_libc_start(struct ring_page *ring,
				const struct capset_page *capset);

static char prog_name[] = "prog";
static char env_tz[] = "TZ=UTC";

/* The block, as one array so that musl may walk it with one pointer. */
enum {
	BLOCK_ARGC, BLOCK_ARGV, BLOCK_ARGV_END, BLOCK_ENVP, BLOCK_ENVP_END,
	BLOCK_AUXV, AUXV_MAX = 2 * 12, BLOCK_WORDS = BLOCK_AUXV + AUXV_MAX
};

static _Noreturn void start_fail(const char *why)
{
	posix_io_write(2, why, strlen(why));
	posix_proc_exit(EXIT_NO_TLS);
}

static void start_random(uint8_t out[16])
{
	if (posix_proc_getrandom(out, 16, 0) == 16)
		return;
	/* no entropy capability: unpredictable enough for a canary only */
	uint64_t t = posix_time_now_ns() ^ (uintptr_t)out;
	for (int i = 0; i < 16; i++, t = t * 6364136223846793005ull + 1)
		out[i] = (uint8_t)(t >> 56);
}

static void start_auxv(uintptr_t *a, const uint8_t *random)
{
	const Elf64_Ehdr *eh = &__ehdr_start;
	const uintptr_t pairs[] = {
		AT_PHDR, (uintptr_t)eh + eh->e_phoff, AT_PHNUM, eh->e_phnum,
		AT_PHENT, eh->e_phentsize, AT_PAGESZ, 4096,
		AT_RANDOM, (uintptr_t)random, AT_UID, 0, AT_EUID, 0,
		AT_GID, 0, AT_EGID, 0, AT_SECURE, 0, AT_NULL, 0,
	};
	_Static_assert(sizeof(pairs) <= AUXV_MAX * sizeof(uintptr_t),
		       "auxv fits the start block");
	memcpy(a, pairs, sizeof(pairs));
}

_Noreturn void capos_libc_start(struct ring_page *ring,
				const struct capset_page *capset)
{
	uintptr_t b[BLOCK_WORDS];
	uint8_t random[16];

	rt_ring = ring;
	rt_capset = capset;
	if (posix_cap(POSIX_CAP_THREAD) == CAP_HANDLE_NONE)
		start_fail("libc: no \"thread\" capability: cannot set up TLS\n");
	start_random(random);
	b[BLOCK_ARGC] = 1;
	b[BLOCK_ARGV] = (uintptr_t)prog_name, b[BLOCK_ARGV_END] = 0;
	b[BLOCK_ENVP] = (uintptr_t)env_tz, b[BLOCK_ENVP_END] = 0;
	start_auxv(&b[BLOCK_AUXV], random);
	__libc_start_main(program_main, 1, (char **)&b[BLOCK_ARGV], 0, 0, 0);
	__builtin_unreachable();
}
