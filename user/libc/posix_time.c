/* Clocks and sleeping through the "timer" capability (Timer).
 *
 * CLOCK_MONOTONIC (and its RAW/COARSE/BOOTTIME variants) is Timer.now,
 * nanoseconds since boot. CLOCK_REALTIME is Timer.wallClock, the RTC
 * read at boot plus the monotonic clock; musl needs it to succeed (on
 * ENOSYS it tries gettimeofday and then returns garbage). The CPU-time
 * clocks read the monotonic clock too until the kernel accounts CPU
 * time: an upper bound, which is what clock() users care about.
 * gettimeofday is CLOCK_REALTIME in microseconds.
 *
 * Sleeps are Timer.sleep; an absolute deadline (TIMER_ABSTIME) is read
 * against its own clock first and slept as the remaining interval. One
 * call covers at most Timer.maxSleepNs, so longer sleeps loop. Nothing
 * interrupts a sleep yet (no signals), so `rem` is never written.
 *
 * Without a timer, clock_gettime and the sleeps fail with ENOSYS, the
 * honest answer for "no clock here" (musl turns it into EINVAL for the
 * monotonic clock and, for the realtime clock, reads gettimeofday,
 * which then gives the epoch).
 */
#include <errno.h>
#include <sys/time.h>
#include "capos/time.h"
#include "user/libc/posix.h"
#include "user/libc/posix_check.h"

/* Timer.now or Timer.wallClock as nanoseconds: 0 or -errno. */
static long timer_read(enum posix_clock kind, uint64_t *ns)
{
	uint8_t params[64], results[64];
	struct capn_call c;
	struct capn_msg m;
	cap_handle_t t = posix_cap(POSIX_CAP_TIMER);
	if (t == CAP_HANDLE_NONE)
		return -ENOSYS;
	if (kind == POSIX_CLOCK_MONOTONIC)
		Timer_now_prepare(&c, params, sizeof(params));
	else
		Timer_wallClock_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(t, &c);
	/* both results are one 64-bit word at offset 0 */
	Timer_now_Results_r r;
	if (Timer_now_results(&m, &c, st, &r))
		return st < 0 ? posix_call_errno(st) : -EIO;
	*ns = Timer_now_Results_get_ns(r);
	return 0;
}

/* One Timer.sleep. */
static long timer_sleep(uint64_t ns)
{
	uint8_t params[64], results[64];
	struct capn_call c;
	Timer_sleep_prepare(&c, params, sizeof(params), ns);
	capn_call_set_results(&c, results, sizeof(results));
	return posix_call_errno(rt_call(posix_cap(POSIX_CAP_TIMER), &c));
}

uint64_t posix_time_now_ns(void)
{
	uint64_t ns;
	return timer_read(POSIX_CLOCK_MONOTONIC, &ns) ? 0 : ns;
}

long posix_time_gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t ns;
	if (tv == NULL)
		return 0;
	/* musl's clock_gettime(CLOCK_REALTIME) falls back to us and uses
	 * *tv whatever we return: without a timer, give it the epoch */
	long err = timer_read(POSIX_CLOCK_REALTIME, &ns);
	if (err)
		ns = 0;
	tv->tv_sec = (time_t)(ns / POSIX_NS_PER_S);
	tv->tv_usec = (suseconds_t)(ns % POSIX_NS_PER_S / 1000);
	return err;
}

long posix_time_clock_gettime(long clk, struct timespec *ts)
{
	enum posix_clock kind;
	uint64_t ns;
	long err = posix_clock_kind(clk, &kind);
	if (!err)
		err = ts ? timer_read(kind, &ns) : -EFAULT;
	if (!err)
		posix_ns_to_timespec(ns, ts);
	return err;
}

/* Sleep `ns` from now, in chunks the Timer accepts. */
static long sleep_relative(uint64_t ns)
{
	while (ns > 0) {
		uint64_t k = ns < Timer_maxSleepNs ? ns : Timer_maxSleepNs;
		long err = timer_sleep(k);
		if (err)
			return err;
		ns -= k;
	}
	return 0;
}

long posix_time_nanosleep(const struct timespec *req, struct timespec *rem)
{
	uint64_t ns;
	long err = posix_timespec_to_ns(req, &ns);
	if (err)
		return err;
	if (posix_cap(POSIX_CAP_TIMER) == CAP_HANDLE_NONE)
		return -ENOSYS;
	return sleep_relative(ns);
}

long posix_time_clock_nanosleep(long clk, int flags,
				const struct timespec *req,
				struct timespec *rem)
{
	enum posix_clock kind;
	uint64_t ns, now = 0;
	bool absolute = flags & TIMER_ABSTIME;
	long err = posix_clock_kind(clk, &kind);
	if (!err)
		err = posix_timespec_to_ns(req, &ns);
	if (err)
		return err;
	if (posix_cap(POSIX_CAP_TIMER) == CAP_HANDLE_NONE)
		return -ENOSYS;
	if (absolute && (err = timer_read(kind, &now)))
		return err;
	return sleep_relative(posix_sleep_length(absolute, ns, now));
}
