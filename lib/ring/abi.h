/* The process entry ABI and the fixed user addresses the kernel uses.
 *
 * A new process's first thread starts at the ELF entry point with
 *   rdi = address of its ring page (struct ring_page)
 *   rsi = address of the CapSet page (struct capset_page)
 *   rsp = top of its stack, 16-byte aligned
 * and nothing else: no system call table, no environment, no global
 * names. Everything it can do is listed on the CapSet page.
 *
 * System calls (the only two): `syscall` with rax = number,
 *   SYS_CAP_ENTER: rdi = min_complete, rsi = timeout in ns (UINT64_MAX:
 *                  none); returns the number of completions available.
 *   SYS_EXIT:      rdi = exit code; does not return.
 */
#ifndef CAPOS_LIB_RING_ABI_H
#define CAPOS_LIB_RING_ABI_H
#include <stdint.h>

enum { SYS_CAP_ENTER = 0, SYS_EXIT = 1 };

#define USER_SPACE_LO     0x0000000000400000ull	/* nothing mapped below */
#define USER_SPACE_HI     0x00007ff000000000ull	/* ELF segments end here */
#define USER_RING_VADDR   0x00007ff000000000ull	/* thread i: + i pages */
#define USER_CAPSET_VADDR 0x00007ff800000000ull
#define USER_STACK_TOP    0x00007ffffff00000ull
#define USER_STACK_PAGES  32			/* 128 KiB, guard below */
#define USER_TOP          0x0000800000000000ull	/* first non-user address */

/* The CapSet page: the process's initial capabilities by name. */
#define CAPSET_MAGIC 0x53504143u	/* "CAPS" */
#define CAPSET_NAME_MAX 32
#define CAPSET_MAX 80

struct capset_entry {
	char name[CAPSET_NAME_MAX];	/* NUL-terminated */
	uint64_t interface_id;
	uint32_t handle;		/* cap_handle_t */
	uint32_t reserved;
};

struct capset_page {
	uint32_t magic;
	uint32_t count;
	uint64_t args;		/* address of the args page; 0: no arguments */
	struct capset_entry entries[CAPSET_MAX];
};

_Static_assert(sizeof(struct capset_entry) == 48, "capset entry");
_Static_assert(sizeof(struct capset_page) <= 4096, "capset fits a page");

/* The args page (read-only, only when the spawner passed arguments): argc
 * NUL-terminated strings in `bytes`, string i starting at off[i]. */
#define USER_ARGS_VADDR (USER_CAPSET_VADDR + 0x1000)
#define ARGS_MAGIC 0x53475241u	/* "ARGS" */
#define ARGS_MAX 64
#define ARGS_BYTES (4096 - 8 - 2 * ARGS_MAX)

struct args_page {
	uint32_t magic;
	uint32_t argc;
	uint16_t off[ARGS_MAX];
	char bytes[ARGS_BYTES];
};

_Static_assert(sizeof(struct args_page) == 4096, "args page is one page");

#endif
