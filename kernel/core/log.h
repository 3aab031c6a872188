/* The kernel log on COM1. Every line reads
 *   [    0.012345] I source: message
 * with seconds since boot, a level letter (E W I D) and the source. Each
 * source has its own rate limit, so one noisy subsystem (or, later, one
 * misbehaving process whose errors are logged on its behalf) cannot flood
 * the log; refused lines are counted and the count reported on the next
 * line the source is allowed to print. */
#ifndef CAPOS_CORE_LOG_H
#define CAPOS_CORE_LOG_H
#include <stdint.h>
#include "lib/util/ratelimit.h"

enum log_level { LOG_ERR, LOG_WARN, LOG_INFO, LOG_DEBUG };

struct log_source {
	const char *name;
	struct ratelimit rl;	/* protected by log_lock */
};

/* Kernel subsystems: bursts of 100 lines, then 200 lines a second. */
#define LOG_SOURCE_INIT(nm) { (nm), RATELIMIT_INIT(5000000, 100) }
#define LOG_SOURCE(var, nm) static struct log_source var = LOG_SOURCE_INIT(nm)

void log_printf(struct log_source *src, enum log_level lvl, const char *fmt,
		...) __attribute__((format(printf, 3, 4)));
/* Unprefixed, unlimited output for reports (panic, faults). */
void log_raw(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_set_level(enum log_level max);
/* Report the lines src refused since its last allowed one, if any, now
 * (a source that is going away, like an ending process, would otherwise
 * never say how much of its output was dropped). */
void log_flush_suppressed(struct log_source *src);

#define log_err(src, ...)   log_printf(src, LOG_ERR, __VA_ARGS__)
#define log_warn(src, ...)  log_printf(src, LOG_WARN, __VA_ARGS__)
#define log_info(src, ...)  log_printf(src, LOG_INFO, __VA_ARGS__)
#define log_debug(src, ...) log_printf(src, LOG_DEBUG, __VA_ARGS__)

#endif
