/* The pure half of the POSIX translation layer: argument checks and
 * conversions between Linux system-call arguments and capability-call
 * arguments. Nothing here touches the ring or the CapSet, so the same
 * file builds for capOS (against musl's headers) and for the host
 * (against glibc's, in tests/host/test_posix_check.c): the Linux x86_64
 * ABI types (struct iovec, struct timespec, the MAP_/PROT_ and errno
 * values) are the same in both.
 *
 * Conventions follow the system calls they serve: a function returning
 * long gives 0 (or a count) on success and -errno on failure, and fills
 * its out-parameters only on success.
 */
#ifndef CAPOS_USER_LIBC_POSIX_CHECK_H
#define CAPOS_USER_LIBC_POSIX_CHECK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>
#include <time.h>

#define POSIX_PAGE_SIZE 4096ull
#define POSIX_IOV_MAX 1024		/* Linux UIO_MAXIOV */
#define POSIX_MAP_MAX (1ull << 40)	/* the kernel's largest region */
#define POSIX_NS_PER_S 1000000000ull

/* The Linux errno (positive) for a capOS status (err_t, negative). */
int posix_errno_from_err(int err);

/* An mmap request turned into a VirtualMemory call. */
struct posix_map_req {
	uint64_t hint;		/* page-aligned; 0: anywhere */
	uint64_t size;		/* length rounded up to whole pages */
	uint32_t prot;		/* VirtualMemory.prot* bits */
	bool fixed;		/* MAP_FIXED or MAP_FIXED_NOREPLACE */
	bool noreplace;		/* MAP_FIXED_NOREPLACE */
	bool reserve;		/* PROT_NONE: address space only */
};

/* VirtualMemory.prot* bits for PROT_* bits, or -EINVAL for unknown
 * bits and -EACCES for write+exec (capOS keeps W^X). */
long posix_prot_to_schema(int prot);

long posix_mmap_check(uint64_t addr, uint64_t len, int prot, int flags,
		      int fd, int64_t off, struct posix_map_req *req);
/* munmap/mprotect: *size gets len rounded up to pages (0 if len is 0). */
long posix_munmap_check(uint64_t addr, uint64_t len, uint64_t *size);
long posix_mprotect_check(uint64_t addr, uint64_t len, int prot,
			  uint64_t *size, uint32_t *schema_prot);

/* Total bytes of an iovec array (writev/readv), with Linux's limits. */
long posix_iov_total(const struct iovec *iov, int iovcnt, size_t *total);

/* A timespec as nanoseconds (saturating), or -EFAULT / -EINVAL. */
long posix_timespec_to_ns(const struct timespec *ts, uint64_t *ns);
void posix_ns_to_timespec(uint64_t ns, struct timespec *ts);

/* Which Timer method serves a clock id. */
enum posix_clock { POSIX_CLOCK_REALTIME, POSIX_CLOCK_MONOTONIC };
long posix_clock_kind(long clock_id, enum posix_clock *kind);

/* How long clock_nanosleep must sleep: relative, or until an absolute
 * `deadline` on a clock that reads `now` (0 if already past). */
uint64_t posix_sleep_length(bool absolute, uint64_t req_ns, uint64_t now_ns);

/* getrandom flags: 0 or -EINVAL. */
long posix_getrandom_check(unsigned flags);

/* clone: the flags a thread of this process needs (what musl's
 * pthread_create passes, Linux values), and those it may add. */
#define POSIX_CLONE_VM		0x00000100
#define POSIX_CLONE_FS		0x00000200
#define POSIX_CLONE_FILES	0x00000400
#define POSIX_CLONE_SIGHAND	0x00000800
#define POSIX_CLONE_VFORK	0x00004000
#define POSIX_CLONE_THREAD	0x00010000
#define POSIX_CLONE_SYSVSEM	0x00040000
#define POSIX_CLONE_SETTLS	0x00080000
#define POSIX_CLONE_PARENT_SETTID 0x00100000
#define POSIX_CLONE_CHILD_CLEARTID 0x00200000
#define POSIX_CLONE_DETACHED	0x00400000
#define POSIX_CLONE_NEEDED (POSIX_CLONE_VM | POSIX_CLONE_FS | \
			    POSIX_CLONE_FILES | POSIX_CLONE_SIGHAND | \
			    POSIX_CLONE_THREAD | POSIX_CLONE_SETTLS)
#define POSIX_CLONE_OPTIONAL (POSIX_CLONE_SYSVSEM | \
			      POSIX_CLONE_PARENT_SETTID | \
			      POSIX_CLONE_CHILD_CLEARTID | POSIX_CLONE_DETACHED)

/* 0 for a thread clone we can make; -ENOSYS for a new process (fork,
 * vfork, posix_spawn: not through clone on capOS); -EINVAL for any
 * other mix (a thread without its own TLS, an exit signal, ...). */
long posix_clone_check(unsigned long flags);

/* futex operations (Linux values) */
#define POSIX_FUTEX_WAIT		0
#define POSIX_FUTEX_WAKE		1
#define POSIX_FUTEX_REQUEUE		3
#define POSIX_FUTEX_CMP_REQUEUE		4
#define POSIX_FUTEX_PRIVATE_FLAG	128
#define POSIX_FUTEX_CLOCK_REALTIME	256

/* A futex call decoded: which operation, and for WAIT its relative
 * timeout (timed false: none). Every process's futexes are private on
 * capOS, so FUTEX_PRIVATE_FLAG changes nothing. */
struct posix_futex_req {
	int cmd;		/* POSIX_FUTEX_WAIT ... CMP_REQUEUE */
	bool timed;
	uint64_t timeout_ns;	/* at least 1 when timed: PARK's 0 is "none" */
};
/* -ENOSYS for the operations we do not translate (WAKE_OP, the bitset
 * and priority-inheritance ones), -EINVAL for a bad timeout or a
 * negative requeue count (`val`/`val2`, the counts of REQUEUE). */
long posix_futex_check(int op, const struct timespec *timeout, int val,
		       long val2, struct posix_futex_req *req);

/* Ranges the layer reserved with mmap(PROT_NONE) and not yet opened.
 * Only a hint: mprotect tries VirtualMemory.commit first inside one
 * (else protect first), so a wrong hint costs one refused call. */
#define POSIX_RANGES_MAX 32
struct posix_ranges {
	struct { uint64_t start, end; } r[POSIX_RANGES_MAX];
	unsigned n;
};
/* Remember [start, start+size); forgets the oldest when full. */
void posix_ranges_add(struct posix_ranges *t, uint64_t start, uint64_t size);
/* True if one remembered range holds all of [start, start+size). */
bool posix_ranges_cover(const struct posix_ranges *t, uint64_t start,
			uint64_t size);
/* Forget every range that [start, start+size) overlaps. */
void posix_ranges_forget(struct posix_ranges *t, uint64_t start,
			 uint64_t size);

/* Bytes of s[0..n) up to and including its last '\n' (0 if none). */
size_t posix_line_end(const char *s, size_t n);

#endif
