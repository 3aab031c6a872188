/* Lines are formatted into a local buffer first and written to the UART
 * in one piece under log_lock, so lines from different CPUs never
 * interleave. The panic path bypasses the lock (log_raw with the lock
 * possibly held by the CPU that crashed would deadlock). */
#include "kernel/arch/arch.h"
#include "kernel/core/log.h"
#include "kernel/core/spinlock.h"
#include "kernel/time/clock.h"
#include "lib/fmt/fmt.h"

#define LOG_PORT 0
#define LOG_LINE_MAX 512

/* protects: the UART output stream, every log_source.rl */
static struct spinlock log_lock = SPINLOCK_INIT("log");
static enum log_level log_max_level = LOG_INFO;

static const char level_letter[] = { 'E', 'W', 'I', 'D' };

void log_set_level(enum log_level max)
{
	log_max_level = max;
}

static void log_emit(struct fmt_buf *fb)
{
	if (fb->truncated)
		fb->len = fb->cap - 2;	/* keep room for the newline */
	fb->buf[fb->len++] = '\n';
	arch_uart_write(LOG_PORT, fb->buf, fb->len);
}

static void log_prefix(struct fmt_buf *fb, enum log_level lvl,
		       const char *src, uint64_t now)
{
	fmt_appendf(fb, "[%5lu.%06lu] %c %s: ", now / 1000000000,
		    now / 1000 % 1000000, level_letter[lvl], src);
}

void log_printf(struct log_source *src, enum log_level lvl, const char *fmt,
		...)
{
	if (lvl > log_max_level)
		return;
	char line[LOG_LINE_MAX];
	uint64_t now = clock_monotonic_ns(), dropped;
	spin_lock(&log_lock);
	if (!ratelimit_allow(&src->rl, now, &dropped)) {
		spin_unlock(&log_lock);
		return;
	}
	struct fmt_buf fb = fmt_buf_init(line, sizeof(line));
	if (dropped) {
		log_prefix(&fb, LOG_WARN, src->name, now);
		fmt_appendf(&fb, "%lu lines suppressed by rate limit", dropped);
		log_emit(&fb);
		fb = fmt_buf_init(line, sizeof(line));
	}
	log_prefix(&fb, lvl, src->name, now);
	va_list ap;
	va_start(ap, fmt);
	fmt_vappendf(&fb, fmt, ap);
	va_end(ap);
	log_emit(&fb);
	spin_unlock(&log_lock);
}

void log_flush_suppressed(struct log_source *src)
{
	char line[LOG_LINE_MAX];
	uint64_t now = clock_monotonic_ns();
	spin_lock(&log_lock);
	uint64_t dropped = src->rl.suppressed;
	src->rl.suppressed = 0;
	if (dropped) {
		struct fmt_buf fb = fmt_buf_init(line, sizeof(line));
		log_prefix(&fb, LOG_WARN, src->name, now);
		fmt_appendf(&fb, "%lu lines suppressed by rate limit", dropped);
		log_emit(&fb);
	}
	spin_unlock(&log_lock);
}

static void raw_sink(void *ctx, const char *s, size_t n)
{
	arch_uart_write(LOG_PORT, s, n);
}

void log_raw(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fmt_vformat(raw_sink, 0, fmt, ap);
	va_end(ap);
}
