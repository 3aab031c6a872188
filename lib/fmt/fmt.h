/* printf-style formatting for code that has no libc: the kernel log, panic
 * reports, early user runtime. Supports %d %i %u %x %X %o %p %s %c %%, the
 * flags '-' '0' '+' ' ' '#', width and precision (also as '*'), and the
 * length modifiers hh h l ll z j t. Output goes to a sink callback or into
 * a bounded buffer that records truncation instead of overflowing. */
#ifndef CAPOS_LIB_FMT_H
#define CAPOS_LIB_FMT_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef void (*fmt_sink_fn)(void *ctx, const char *s, size_t n);

/* Returns the number of characters produced. */
size_t fmt_vformat(fmt_sink_fn sink, void *ctx, const char *fmt, va_list ap);

struct fmt_buf {
	char *buf;
	size_t cap;		/* including the terminating NUL */
	size_t len;		/* characters stored, always < cap */
	bool truncated;
};

struct fmt_buf fmt_buf_init(char *buf, size_t cap);
void fmt_vappendf(struct fmt_buf *fb, const char *fmt, va_list ap);
void fmt_appendf(struct fmt_buf *fb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *fmt_buf_str(const struct fmt_buf *fb);

/* snprintf semantics: returns the length the full output would have. */
size_t fmt_snprintf(char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
size_t fmt_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap);

#endif
