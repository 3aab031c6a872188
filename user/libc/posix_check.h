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
