/* The POSIX translation layer's argument checks (user/libc/posix_check.c):
 * each malformed request gets the errno Linux gives, before any
 * capability call; well-formed ones become the right VirtualMemory,
 * Timer and Console arguments. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>
#include "capos/err.h"
#include "user/libc/posix_check.h"

#define PAGE 4096ull
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static void test_errno_from_err(void **state)
{
	assert_int_equal(posix_errno_from_err(ERR_OK), 0);
	assert_int_equal(posix_errno_from_err(ERR_NO_MEMORY), ENOMEM);
	assert_int_equal(posix_errno_from_err(ERR_QUOTA), ENOMEM);
	assert_int_equal(posix_errno_from_err(ERR_UNALIGNED), EINVAL);
	assert_int_equal(posix_errno_from_err(ERR_DENIED), EACCES);
	assert_int_equal(posix_errno_from_err(ERR_BAD_HANDLE), EBADF);
	assert_int_equal(posix_errno_from_err(ERR_OVERLAP), EEXIST);
	assert_int_equal(posix_errno_from_err(ERR_BAD_ADDRESS), EFAULT);
	assert_int_equal(posix_errno_from_err(ERR_NOT_SUPPORTED), ENOSYS);
	assert_int_equal(posix_errno_from_err(ERR_INTERNAL), EIO);
	assert_int_equal(posix_errno_from_err(-999), EIO);	/* unknown */
}

static void test_prot(void **state)
{
	assert_int_equal(posix_prot_to_schema(PROT_NONE), 0);
	assert_int_equal(posix_prot_to_schema(PROT_READ), 1);
	assert_int_equal(posix_prot_to_schema(PROT_READ | PROT_WRITE), 3);
	assert_int_equal(posix_prot_to_schema(PROT_READ | PROT_EXEC), 5);
	assert_int_equal(posix_prot_to_schema(PROT_WRITE | PROT_EXEC), -EACCES);
	assert_int_equal(posix_prot_to_schema(0x80), -EINVAL);
	assert_int_equal(posix_prot_to_schema(PROT_READ | PROT_GROWSDOWN),
			 -EINVAL);
}

static void test_mmap_ok(void **state)
{
	struct posix_map_req q;
	assert_int_equal(posix_mmap_check(0, 1, PROT_READ | PROT_WRITE, ANON,
					  -1, 0, &q), 0);
	assert_int_equal(q.hint, 0);
	assert_int_equal(q.size, PAGE);
	assert_int_equal(q.prot, 3);
	assert_false(q.fixed);
	assert_false(q.reserve);
	/* a hint need not be aligned without MAP_FIXED: rounded down */
	assert_int_equal(posix_mmap_check(0x10001234, 2 * PAGE + 1, PROT_READ,
					  MAP_SHARED | MAP_ANONYMOUS, -1, 0, &q), 0);
	assert_int_equal(q.hint, 0x10001000);
	assert_int_equal(q.size, 3 * PAGE);
}

static void test_mmap_reserve_and_fixed(void **state)
{
	struct posix_map_req q;
	assert_int_equal(posix_mmap_check(0, 8 * PAGE, PROT_NONE, ANON, -1, 0,
					  &q), 0);
	assert_true(q.reserve);
	assert_int_equal(posix_mmap_check(0x200000, PAGE, PROT_READ,
					  ANON | MAP_FIXED, -1, 0, &q), 0);
	assert_true(q.fixed);
	assert_false(q.noreplace);
	assert_int_equal(posix_mmap_check(0x200000, PAGE, PROT_READ,
					  ANON | MAP_FIXED_NOREPLACE, -1, 0, &q), 0);
	assert_true(q.fixed && q.noreplace);
	assert_int_equal(posix_mmap_check(0x200010, PAGE, PROT_READ,
					  ANON | MAP_FIXED, -1, 0, &q), -EINVAL);
}

static void test_mmap_refused(void **state)
{
	struct posix_map_req q;
	const int rw = PROT_READ | PROT_WRITE;
	assert_int_equal(posix_mmap_check(0, 0, rw, ANON, -1, 0, &q), -EINVAL);
	assert_int_equal(posix_mmap_check(0, PAGE, rw, MAP_ANONYMOUS, -1, 0, &q),
			 -EINVAL);			/* neither private nor shared */
	assert_int_equal(posix_mmap_check(0, PAGE, rw, ANON, -1, 100, &q),
			 -EINVAL);			/* unaligned offset */
	assert_int_equal(posix_mmap_check(0, PAGE, rw, MAP_PRIVATE, 1, 0, &q),
			 -ENODEV);			/* a stream: no files */
	assert_int_equal(posix_mmap_check(0, PAGE, rw, MAP_PRIVATE, 9, 0, &q),
			 -EBADF);
	assert_int_equal(posix_mmap_check(0, PAGE, rw, ANON | MAP_GROWSDOWN,
					  -1, 0, &q), -EINVAL);
	assert_int_equal(posix_mmap_check(0, PAGE, PROT_WRITE | PROT_EXEC, ANON,
					  -1, 0, &q), -EACCES);
	assert_int_equal(posix_mmap_check(0, 1ull << 46, rw, ANON, -1, 0, &q),
			 -ENOMEM);			/* beyond any region */
	assert_int_equal(posix_mmap_check(0, UINT64_MAX, rw, ANON, -1, 0, &q),
			 -ENOMEM);			/* no wrap when rounding */
}

static void test_munmap_mprotect(void **state)
{
	uint64_t size = 0;
	uint32_t prot = 99;
	assert_int_equal(posix_munmap_check(0x1000, 1, &size), 0);
	assert_int_equal(size, PAGE);
	assert_int_equal(posix_munmap_check(0x1001, PAGE, &size), -EINVAL);
	assert_int_equal(posix_munmap_check(0x1000, 0, &size), -EINVAL);
	assert_int_equal(posix_mprotect_check(0x1000, PAGE + 1, PROT_READ,
					      &size, &prot), 0);
	assert_int_equal(size, 2 * PAGE);
	assert_int_equal(prot, 1);
	assert_int_equal(posix_mprotect_check(0x1000, 0, PROT_READ, &size,
					      &prot), 0);
	assert_int_equal(size, 0);		/* nothing to do, like Linux */
	assert_int_equal(posix_mprotect_check(0x1008, PAGE, PROT_READ, &size,
					      &prot), -EINVAL);
	assert_int_equal(posix_mprotect_check(0x1000, PAGE, PROT_WRITE |
					      PROT_EXEC, &size, &prot), -EACCES);
}

static void test_iov(void **state)
{
	char a[3], b[5];
	struct iovec v[3] = { { a, 3 }, { NULL, 0 }, { b, 5 } };
	size_t total = 0;
	assert_int_equal(posix_iov_total(v, 3, &total), 0);
	assert_int_equal(total, 8);
	assert_int_equal(posix_iov_total(NULL, 0, &total), 0);
	assert_int_equal(total, 0);
	assert_int_equal(posix_iov_total(v, -1, &total), -EINVAL);
	assert_int_equal(posix_iov_total(v, POSIX_IOV_MAX + 1, &total), -EINVAL);
	assert_int_equal(posix_iov_total(NULL, 2, &total), -EFAULT);
	struct iovec hole[1] = { { NULL, 4 } };
	assert_int_equal(posix_iov_total(hole, 1, &total), -EFAULT);
	struct iovec huge[2] = { { a, SSIZE_MAX }, { b, 1 } };
	assert_int_equal(posix_iov_total(huge, 2, &total), -EINVAL);
	assert_int_equal(posix_iov_total(huge, 1, &total), 0);
	assert_int_equal(total, SSIZE_MAX);
}

static void test_timespec(void **state)
{
	uint64_t ns = 0;
	struct timespec t = { 2, 500 };
	assert_int_equal(posix_timespec_to_ns(&t, &ns), 0);
	assert_int_equal(ns, 2000000500ull);
	assert_int_equal(posix_timespec_to_ns(NULL, &ns), -EFAULT);
	t = (struct timespec){ 0, -1 };
	assert_int_equal(posix_timespec_to_ns(&t, &ns), -EINVAL);
	t = (struct timespec){ 0, 1000000000 };
	assert_int_equal(posix_timespec_to_ns(&t, &ns), -EINVAL);
	t = (struct timespec){ -1, 0 };
	assert_int_equal(posix_timespec_to_ns(&t, &ns), -EINVAL);
	t = (struct timespec){ INT64_MAX, 999999999 };
	assert_int_equal(posix_timespec_to_ns(&t, &ns), 0);
	assert_int_equal(ns, UINT64_MAX);	/* saturates */
	posix_ns_to_timespec(3000000007ull, &t);
	assert_int_equal(t.tv_sec, 3);
	assert_int_equal(t.tv_nsec, 7);
}

static void test_clocks_and_sleep(void **state)
{
	enum posix_clock k;
	assert_int_equal(posix_clock_kind(CLOCK_REALTIME, &k), 0);
	assert_int_equal(k, POSIX_CLOCK_REALTIME);
	assert_int_equal(posix_clock_kind(CLOCK_MONOTONIC, &k), 0);
	assert_int_equal(k, POSIX_CLOCK_MONOTONIC);
	assert_int_equal(posix_clock_kind(CLOCK_BOOTTIME, &k), 0);
	assert_int_equal(k, POSIX_CLOCK_MONOTONIC);
	assert_int_equal(posix_clock_kind(CLOCK_PROCESS_CPUTIME_ID, &k), 0);
	assert_int_equal(posix_clock_kind(12345, &k), -EINVAL);
	assert_int_equal(posix_clock_kind(-1, &k), -EINVAL);
	assert_int_equal(posix_sleep_length(false, 500, 1000), 500);
	assert_int_equal(posix_sleep_length(true, 1500, 1000), 500);
	assert_int_equal(posix_sleep_length(true, 900, 1000), 0);
}

static void test_random_flags_and_lines(void **state)
{
	assert_int_equal(posix_getrandom_check(0), 0);
	assert_int_equal(posix_getrandom_check(1 | 2 | 4), 0);
	assert_int_equal(posix_getrandom_check(8), -EINVAL);
	assert_int_equal(posix_line_end("ab\ncd\nef", 8), 6);
	assert_int_equal(posix_line_end("abc", 3), 0);
	assert_int_equal(posix_line_end("abc\n", 4), 4);
	assert_int_equal(posix_line_end("", 0), 0);
}

static void test_ranges(void **state)
{
	struct posix_ranges t = { .n = 0 };
	posix_ranges_add(&t, 0x10000, 4 * PAGE);
	assert_true(posix_ranges_cover(&t, 0x10000, PAGE));
	assert_true(posix_ranges_cover(&t, 0x13000, PAGE));
	assert_false(posix_ranges_cover(&t, 0x13000, 2 * PAGE));
	assert_false(posix_ranges_cover(&t, 0xf000, 2 * PAGE));
	posix_ranges_forget(&t, 0x12000, PAGE);	/* any overlap forgets */
	assert_false(posix_ranges_cover(&t, 0x10000, PAGE));
	for (unsigned i = 0; i <= POSIX_RANGES_MAX; i++)
		posix_ranges_add(&t, 0x100000 + i * 0x10000, PAGE);
	assert_int_equal(t.n, POSIX_RANGES_MAX);
	assert_false(posix_ranges_cover(&t, 0x100000, PAGE));	/* oldest */
	assert_true(posix_ranges_cover(&t, 0x100000 + POSIX_RANGES_MAX * 0x10000,
				       PAGE));
}

static void test_clone_flags(void **state)
{
	const unsigned long musl = 0x7d0f00;	/* pthread_create's flags */
	assert_int_equal(musl, POSIX_CLONE_NEEDED | POSIX_CLONE_OPTIONAL);
	assert_int_equal(posix_clone_check(musl), 0);
	assert_int_equal(posix_clone_check(POSIX_CLONE_NEEDED), 0);
	assert_int_equal(posix_clone_check(17), -ENOSYS);	/* fork */
	assert_int_equal(posix_clone_check(POSIX_CLONE_VM | POSIX_CLONE_VFORK | 17),
			 -ENOSYS);				/* posix_spawn */
	assert_int_equal(posix_clone_check(musl | POSIX_CLONE_VFORK), -ENOSYS);
	assert_int_equal(posix_clone_check(musl & ~POSIX_CLONE_SETTLS), -EINVAL);
	assert_int_equal(posix_clone_check(musl | 17), -EINVAL);	/* signal */
}

static void test_futex_ops(void **state)
{
	struct posix_futex_req q;
	struct timespec ms = { 0, 1000000 }, zero = { 0, 0 }, bad = { 0, -1 };
	assert_int_equal(posix_futex_check(0, NULL, 0, 0, &q), 0);
	assert_int_equal(q.cmd, POSIX_FUTEX_WAIT);
	assert_false(q.timed);
	assert_int_equal(posix_futex_check(128, &ms, 0, 0, &q), 0);
	assert_true(q.timed);
	assert_int_equal(q.timeout_ns, 1000000);
	assert_int_equal(posix_futex_check(128 | 256, &zero, 0, 0, &q), 0);
	assert_true(q.timed);
	assert_int_equal(q.timeout_ns, 1);	/* PARK's 0 would be "none" */
	assert_int_equal(posix_futex_check(0, &bad, 0, 0, &q), -EINVAL);
	assert_int_equal(posix_futex_check(1 | 128, NULL, 5, 0, &q), 0);
	assert_int_equal(q.cmd, POSIX_FUTEX_WAKE);
	assert_int_equal(posix_futex_check(1 | 256, NULL, 5, 0, &q), -ENOSYS);
	assert_int_equal(posix_futex_check(3 | 128, NULL, 0, 1, &q), 0);
	assert_int_equal(q.cmd, POSIX_FUTEX_REQUEUE);
	assert_int_equal(posix_futex_check(4, NULL, -1, 1, &q), -EINVAL);
	assert_int_equal(posix_futex_check(4, NULL, 1, -1, &q), -EINVAL);
	assert_int_equal(posix_futex_check(5, NULL, 1, 1, &q), -ENOSYS);  /* WAKE_OP */
	assert_int_equal(posix_futex_check(6, NULL, 0, 0, &q), -ENOSYS);  /* LOCK_PI */
	assert_int_equal(posix_futex_check(9, NULL, 0, 0, &q), -ENOSYS);  /* BITSET */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errno_from_err),
		cmocka_unit_test(test_prot),
		cmocka_unit_test(test_mmap_ok),
		cmocka_unit_test(test_mmap_reserve_and_fixed),
		cmocka_unit_test(test_mmap_refused),
		cmocka_unit_test(test_munmap_mprotect),
		cmocka_unit_test(test_iov),
		cmocka_unit_test(test_timespec),
		cmocka_unit_test(test_clocks_and_sleep),
		cmocka_unit_test(test_random_flags_and_lines),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_clone_flags),
		cmocka_unit_test(test_futex_ops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
