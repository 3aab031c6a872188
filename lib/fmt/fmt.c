/* The formatter is a single pass over the format string. A conversion is
 * parsed into a struct fmt_spec, its argument fetched according to the
 * length modifier, rendered into a small local buffer (integers never need
 * more than 24 digits plus sign/prefix), then padded and emitted. */
#include <stdint.h>
#include "lib/fmt/fmt.h"

struct fmt_spec {
	bool left, zero, plus, space, alt;
	int width, prec;	/* prec < 0: none */
	char len;		/* 0, 'H' (hh), 'h', 'l', 'L' (ll/j/z/t) */
	char conv;
};

struct fmt_out {
	fmt_sink_fn sink;
	void *ctx;
	size_t count;
};

static void out_str(struct fmt_out *o, const char *s, size_t n)
{
	if (n) {
		o->sink(o->ctx, s, n);
		o->count += n;
	}
}

static void out_pad(struct fmt_out *o, char c, int n)
{
	char pad[16];
	for (int i = 0; i < 16; i++)
		pad[i] = c;
	while (n > 0) {
		int k = n > 16 ? 16 : n;
		out_str(o, pad, (size_t)k);
		n -= k;
	}
}

static const char *spec_parse_flags(const char *p, struct fmt_spec *s)
{
	for (;; p++) {
		switch (*p) {
		case '-': s->left = true; break;
		case '0': s->zero = true; break;
		case '+': s->plus = true; break;
		case ' ': s->space = true; break;
		case '#': s->alt = true; break;
		default: return p;
		}
	}
}

static const char *spec_parse_num(const char *p, int *out, va_list *ap)
{
	if (*p == '*') {
		*out = va_arg(*ap, int);
		return p + 1;
	}
	int v = 0;
	while (*p >= '0' && *p <= '9' && v < 100000)
		v = v * 10 + (*p++ - '0');
	*out = v;
	return p;
}

static const char *spec_parse_len(const char *p, struct fmt_spec *s)
{
	if (p[0] == 'h' && p[1] == 'h')
		return s->len = 'H', p + 2;
	if (p[0] == 'l' && p[1] == 'l')
		return s->len = 'L', p + 2;
	if (*p == 'h' || *p == 'l')
		return s->len = *p, p + 1;
	if (*p == 'z' || *p == 'j' || *p == 't')
		return s->len = 'L', p + 1;
	return p;
}

static const char *spec_parse(const char *p, struct fmt_spec *s, va_list *ap)
{
	*s = (struct fmt_spec){ .prec = -1 };
	p = spec_parse_flags(p, s);
	p = spec_parse_num(p, &s->width, ap);
	if (s->width < 0)
		s->left = true, s->width = -s->width;
	if (*p == '.') {
		p = spec_parse_num(p + 1, &s->prec, ap);
		if (s->prec < 0)
			s->prec = -1;
	}
	p = spec_parse_len(p, s);
	s->conv = *p;
	return *p ? p + 1 : p;
}

static uint64_t arg_unsigned(const struct fmt_spec *s, va_list *ap)
{
	switch (s->len) {
	case 'H': return (unsigned char)va_arg(*ap, unsigned);
	case 'h': return (unsigned short)va_arg(*ap, unsigned);
	case 'l': return va_arg(*ap, unsigned long);
	case 'L': return va_arg(*ap, unsigned long long);
	default: return va_arg(*ap, unsigned);
	}
}

static int64_t arg_signed(const struct fmt_spec *s, va_list *ap)
{
	switch (s->len) {
	case 'H': return (signed char)va_arg(*ap, int);
	case 'h': return (short)va_arg(*ap, int);
	case 'l': return va_arg(*ap, long);
	case 'L': return va_arg(*ap, long long);
	default: return va_arg(*ap, int);
	}
}

/* Render digits of v in base into the end of buf; returns the start. */
static char *render_digits(char *end, uint64_t v, unsigned base, bool upper)
{
	const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char *p = end;
	do {
		*--p = dig[v % base];
		v /= base;
	} while (v);
	return p;
}

static void emit_padded(struct fmt_out *o, const struct fmt_spec *s,
			const char *prefix, const char *body, int blen)
{
	int plen = (int)__builtin_strlen(prefix);
	int zeros = 0;
	if (s->prec > blen)
		zeros = s->prec - blen;
	int total = plen + zeros + blen;
	int pad = s->width > total ? s->width - total : 0;
	if (s->zero && !s->left && s->prec < 0)
		zeros += pad, pad = 0;
	if (!s->left)
		out_pad(o, ' ', pad);
	out_str(o, prefix, (size_t)plen);
	out_pad(o, '0', zeros);
	out_str(o, body, (size_t)blen);
	if (s->left)
		out_pad(o, ' ', pad);
}

static void conv_integer(struct fmt_out *o, const struct fmt_spec *s,
			 va_list *ap)
{
	char buf[32], *end = buf + sizeof(buf);
	const char *prefix = "";
	uint64_t v;
	unsigned base = 10;
	if (s->conv == 'd' || s->conv == 'i') {
		int64_t sv = arg_signed(s, ap);
		v = sv < 0 ? -(uint64_t)sv : (uint64_t)sv;
		prefix = sv < 0 ? "-" : s->plus ? "+" : s->space ? " " : "";
	} else {
		v = arg_unsigned(s, ap);
		base = s->conv == 'u' ? 10 : s->conv == 'o' ? 8 : 16;
		if (s->alt && v && base == 16)
			prefix = s->conv == 'X' ? "0X" : "0x";
	}
	char *start = render_digits(end, v, base, s->conv == 'X');
	if (v == 0 && s->prec == 0)
		start = end;
	emit_padded(o, s, prefix, start, (int)(end - start));
}

static void conv_string(struct fmt_out *o, const struct fmt_spec *s,
			const char *str)
{
	if (!str)
		str = "(null)";
	int n = 0;
	// The precision first: "%.*s" may point at bytes with no NUL after.
	while ((s->prec < 0 || n < s->prec) && str[n])
		n++;
	struct fmt_spec plain = *s;
	plain.prec = -1;
	plain.zero = false;
	emit_padded(o, &plain, "", str, n);
}

static void conv_pointer(struct fmt_out *o, const struct fmt_spec *s,
			 va_list *ap)
{
	char buf[24], *end = buf + sizeof(buf);
	uintptr_t v = (uintptr_t)va_arg(*ap, void *);
	char *start = render_digits(end, v, 16, false);
	emit_padded(o, s, "0x", start, (int)(end - start));
}

static void conv_one(struct fmt_out *o, const struct fmt_spec *s, va_list *ap)
{
	char c;
	switch (s->conv) {
	case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
		conv_integer(o, s, ap);
		break;
	case 's':
		conv_string(o, s, va_arg(*ap, const char *));
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		emit_padded(o, s, "", &c, 1);
		break;
	case 'p':
		conv_pointer(o, s, ap);
		break;
	case '%':
		out_str(o, "%", 1);
		break;
	default:	/* unknown conversion: show it rather than guess */
		out_str(o, "%?", 2);
		break;
	}
}

size_t fmt_vformat(fmt_sink_fn sink, void *ctx, const char *fmt, va_list ap)
{
	struct fmt_out o = { sink, ctx, 0 };
	va_list aq;
	va_copy(aq, ap);
	const char *p = fmt;
	while (*p) {
		const char *q = p;
		while (*q && *q != '%')
			q++;
		out_str(&o, p, (size_t)(q - p));
		if (!*q)
			break;
		struct fmt_spec s;
		p = spec_parse(q + 1, &s, &aq);
		if (s.conv)
			conv_one(&o, &s, &aq);
	}
	va_end(aq);
	return o.count;
}

static void buf_sink(void *ctx, const char *s, size_t n)
{
	struct fmt_buf *fb = ctx;
	size_t room = fb->cap ? fb->cap - 1 - fb->len : 0;
	if (n > room) {
		fb->truncated = true;
		n = room;
	}
	for (size_t i = 0; i < n; i++)
		fb->buf[fb->len + i] = s[i];
	fb->len += n;
	if (fb->cap)
		fb->buf[fb->len] = '\0';
}

struct fmt_buf fmt_buf_init(char *buf, size_t cap)
{
	if (cap)
		buf[0] = '\0';
	return (struct fmt_buf){ .buf = buf, .cap = cap };
}

void fmt_vappendf(struct fmt_buf *fb, const char *fmt, va_list ap)
{
	fmt_vformat(buf_sink, fb, fmt, ap);
}

void fmt_appendf(struct fmt_buf *fb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fmt_vappendf(fb, fmt, ap);
	va_end(ap);
}

const char *fmt_buf_str(const struct fmt_buf *fb)
{
	return fb->cap ? fb->buf : "";
}

size_t fmt_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap)
{
	struct fmt_buf fb = fmt_buf_init(buf, cap);
	return fmt_vformat(buf_sink, &fb, fmt, ap);
}

size_t fmt_snprintf(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t n = fmt_vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
	return n;
}
