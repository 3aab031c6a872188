/* Argument checks and conversions for the POSIX translation layer.
 *
 * The layer (posix*.c) must answer every malformed request exactly as
 * Linux would, before any capability call is made: musl and the
 * programs above it test for specific errno values (EINVAL for a bad
 * iovec count, ENOMEM when an mmap cannot be placed, ...). Keeping those
 * decisions here, free of the ring, lets the host tests pin them down.
 *
 * Where capOS is stricter than Linux the check says so: no file
 * mappings (ENODEV), no writable+executable memory (EACCES), and no
 * mapping flags whose meaning we cannot honour (EINVAL).
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/mman.h>
#include "capos/err.h"
#include "user/libc/posix_check.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif

/* Flags that change what a mapping is, and that we cannot provide. */
#define MAP_UNSUPPORTED (MAP_GROWSDOWN | MAP_HUGETLB | MAP_32BIT)

#define SCHEMA_READ 1u
#define SCHEMA_WRITE 2u
#define SCHEMA_EXEC 4u

int posix_errno_from_err(int err)
{
	switch (err) {
	case ERR_OK:			return 0;
	case ERR_INVALID:
	case ERR_UNALIGNED:
	case ERR_BAD_FLAGS:		return EINVAL;
	case ERR_NO_MEMORY:
	case ERR_QUOTA:
	case ERR_TOO_LARGE:
	case ERR_NOT_MAPPED:		return ENOMEM;
	case ERR_BAD_ADDRESS:		return EFAULT;
	case ERR_OVERLAP:
	case ERR_EXISTS:		return EEXIST;
	case ERR_DENIED:		return EACCES;
	case ERR_BAD_HANDLE:
	case ERR_STALE_HANDLE:
	case ERR_REVOKED:		return EBADF;
	case ERR_TIMEOUT:		return ETIMEDOUT;
	case ERR_INTERRUPTED:
	case ERR_CANCELLED:		return EINTR;
	case ERR_WOULD_BLOCK:		return EAGAIN;
	case ERR_BUSY:			return EBUSY;
	case ERR_NOT_FOUND:		return ENOENT;
	case ERR_NOT_SUPPORTED:
	case ERR_WRONG_INTERFACE:	return ENOSYS;
	case ERR_DISCONNECTED:		return EPIPE;
	default:			return EIO;
	}
}

long posix_prot_to_schema(int prot)
{
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if ((prot & PROT_WRITE) && (prot & PROT_EXEC))
		return -EACCES;		/* W^X: the kernel refuses it too */
	return ((prot & PROT_READ) ? SCHEMA_READ : 0) |
	       ((prot & PROT_WRITE) ? SCHEMA_WRITE : 0) |
	       ((prot & PROT_EXEC) ? SCHEMA_EXEC : 0);
}

/* len rounded up to pages; 0 if it is 0 or beyond the largest region. */
static uint64_t page_round(uint64_t len)
{
	if (len == 0 || len > POSIX_MAP_MAX)
		return 0;
	return (len + POSIX_PAGE_SIZE - 1) & ~(POSIX_PAGE_SIZE - 1);
}

static bool page_aligned(uint64_t v)
{
	return (v & (POSIX_PAGE_SIZE - 1)) == 0;
}

/* Sharing type and the mapping source: 0 or -errno. */
static long mmap_kind_check(int flags, int fd)
{
	int type = flags & MAP_TYPE;
	if (type != MAP_PRIVATE && type != MAP_SHARED &&
	    type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (flags & MAP_UNSUPPORTED)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))	/* no files yet: only 0-2 exist */
		return fd >= 0 && fd <= 2 ? -ENODEV : -EBADF;
	return 0;
}

long posix_mmap_check(uint64_t addr, uint64_t len, int prot, int flags,
		      int fd, int64_t off, struct posix_map_req *req)
{
	bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
	long sprot = posix_prot_to_schema(prot);
	long err = mmap_kind_check(flags, fd);

	if (err)
		return err;
	if (len == 0 || !page_aligned((uint64_t)off) || off < 0 ||
	    (fixed && !page_aligned(addr)))
		return -EINVAL;
	if (sprot < 0)
		return sprot;
	if (page_round(len) == 0)
		return -ENOMEM;
	req->hint = addr & ~(POSIX_PAGE_SIZE - 1);
	req->size = page_round(len);
	req->prot = (uint32_t)sprot;
	req->fixed = fixed;
	req->noreplace = flags & MAP_FIXED_NOREPLACE;
	req->reserve = prot == PROT_NONE;
	return 0;
}

long posix_munmap_check(uint64_t addr, uint64_t len, uint64_t *size)
{
	if (!page_aligned(addr) || len == 0)
		return -EINVAL;
	*size = page_round(len);
	return *size ? 0 : -EINVAL;
}

long posix_mprotect_check(uint64_t addr, uint64_t len, int prot,
			  uint64_t *size, uint32_t *schema_prot)
{
	long sprot = posix_prot_to_schema(prot);
	if (!page_aligned(addr))
		return -EINVAL;
	if (sprot < 0)
		return sprot;
	if (len != 0 && page_round(len) == 0)
		return -ENOMEM;
	*size = len ? page_round(len) : 0;
	*schema_prot = (uint32_t)sprot;
	return 0;
}

long posix_iov_total(const struct iovec *iov, int iovcnt, size_t *total)
{
	size_t sum = 0;
	if (iovcnt < 0 || iovcnt > POSIX_IOV_MAX)
		return -EINVAL;
	if (iovcnt > 0 && iov == NULL)
		return -EFAULT;
	for (int i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len > (size_t)SSIZE_MAX - sum)
			return -EINVAL;	/* the total must fit a ssize_t */
		if (iov[i].iov_len && iov[i].iov_base == NULL)
			return -EFAULT;
		sum += iov[i].iov_len;
	}
	*total = sum;
	return 0;
}

long posix_timespec_to_ns(const struct timespec *ts, uint64_t *ns)
{
	if (ts == NULL)
		return -EFAULT;
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 ||
	    (uint64_t)ts->tv_nsec >= POSIX_NS_PER_S)
		return -EINVAL;
	uint64_t sec = (uint64_t)ts->tv_sec;
	if (sec > (UINT64_MAX - (uint64_t)ts->tv_nsec) / POSIX_NS_PER_S)
		*ns = UINT64_MAX;	/* centuries: as good as forever */
	else
		*ns = sec * POSIX_NS_PER_S + (uint64_t)ts->tv_nsec;
	return 0;
}

void posix_ns_to_timespec(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / POSIX_NS_PER_S);
	ts->tv_nsec = (long)(ns % POSIX_NS_PER_S);
}

long posix_clock_kind(long clock_id, enum posix_clock *kind)
{
	switch (clock_id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*kind = POSIX_CLOCK_REALTIME;
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	/* no CPU-time accounting yet: elapsed time bounds it from above */
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*kind = POSIX_CLOCK_MONOTONIC;
		return 0;
	default:
		return -EINVAL;
	}
}

uint64_t posix_sleep_length(bool absolute, uint64_t req_ns, uint64_t now_ns)
{
	if (!absolute)
		return req_ns;
	return req_ns > now_ns ? req_ns - now_ns : 0;
}

long posix_getrandom_check(unsigned flags)
{
	/* GRND_NONBLOCK 1, GRND_RANDOM 2, GRND_INSECURE 4: all satisfiable */
	return flags & ~7u ? -EINVAL : 0;
}

long posix_clone_check(unsigned long flags)
{
	if (!(flags & POSIX_CLONE_VM) || !(flags & POSIX_CLONE_THREAD) ||
	    (flags & POSIX_CLONE_VFORK))
		return -ENOSYS;
	if ((flags & POSIX_CLONE_NEEDED) != POSIX_CLONE_NEEDED ||
	    (flags & ~(unsigned long)(POSIX_CLONE_NEEDED | POSIX_CLONE_OPTIONAL)))
		return -EINVAL;
	return 0;
}

long posix_futex_check(int op, const struct timespec *timeout, int val,
		       long val2, struct posix_futex_req *req)
{
	int cmd = op & ~(POSIX_FUTEX_PRIVATE_FLAG | POSIX_FUTEX_CLOCK_REALTIME);
	uint64_t ns = 0;
	switch (cmd) {
	case POSIX_FUTEX_WAIT:
		/* FUTEX_WAIT's timeout is relative whatever the clock flag */
		if (timeout) {
			long err = posix_timespec_to_ns(timeout, &ns);
			if (err)
				return err;
		}
		break;
	case POSIX_FUTEX_WAKE:
	case POSIX_FUTEX_REQUEUE:
	case POSIX_FUTEX_CMP_REQUEUE:
		if (op & POSIX_FUTEX_CLOCK_REALTIME)
			return -ENOSYS;
		if (cmd != POSIX_FUTEX_WAKE && (val < 0 || val2 < 0))
			return -EINVAL;
		break;
	default:
		return -ENOSYS;
	}
	req->cmd = cmd;
	req->timed = cmd == POSIX_FUTEX_WAIT && timeout;
	req->timeout_ns = ns ? ns : 1;
	return 0;
}

void posix_ranges_add(struct posix_ranges *t, uint64_t start, uint64_t size)
{
	if (t->n == POSIX_RANGES_MAX) {		/* drop the oldest */
		memmove(&t->r[0], &t->r[1], sizeof(t->r[0]) * (t->n - 1));
		t->n--;
	}
	t->r[t->n].start = start;
	t->r[t->n].end = start + size;
	t->n++;
}

bool posix_ranges_cover(const struct posix_ranges *t, uint64_t start,
			uint64_t size)
{
	for (unsigned i = 0; i < t->n; i++)
		if (start >= t->r[i].start && size <= t->r[i].end - start)
			return true;
	return false;
}

void posix_ranges_forget(struct posix_ranges *t, uint64_t start,
			 uint64_t size)
{
	unsigned kept = 0;
	for (unsigned i = 0; i < t->n; i++)
		if (t->r[i].end <= start || t->r[i].start >= start + size)
			t->r[kept++] = t->r[i];
	t->n = kept;
}

size_t posix_line_end(const char *s, size_t n)
{
	while (n > 0 && s[n - 1] != '\n')
		n--;
	return n;
}
