/* The line editor (see lineedit.h for the keys and the echo contract).
 *
 * Input is untrusted: every byte value is handled, escape sequences of
 * any length take constant state (the first parameter saturates, the
 * rest are only counted), and the text never grows past max. Echo is
 * computed from the state alone, so hidden mode simply writes nothing:
 * every output helper takes a NULL out and does nothing with it. */
#include <string.h>
#include "lib/term/lineedit.h"

enum { ST_NORMAL, ST_ESC, ST_CSI, ST_SS3 };

#define PARAM_MAX 9999
#define ESC "\x1b"

static void out_bytes(struct le_out *o, const char *s, size_t n)
{
	if (!o)
		return;
	size_t room = o->cap - o->len;
	size_t k = n < room ? n : room;
	memcpy(o->buf + o->len, s, k);
	o->len += k;
	o->dropped += n - k;
}

/* ESC [ n final, with n left out when it is 1 (the default). */
static void out_csi(struct le_out *o, uint32_t n, char final)
{
	char b[16], digits[10];
	size_t k = 0, nd = 0;
	b[k++] = '\x1b';
	b[k++] = '[';
	for (uint32_t v = n == 1 ? 0 : n; v; v /= 10)
		digits[nd++] = (char)('0' + v % 10);
	while (nd)
		b[k++] = digits[--nd];
	b[k++] = final;
	out_bytes(o, b, k);
}

static void move_left(struct le_out *o, uint32_t n)
{
	if (n == 1)
		out_bytes(o, "\b", 1);
	else if (n > 1)
		out_csi(o, n, 'D');
}

static void move_right(struct le_out *o, uint32_t n)
{
	if (n)
		out_csi(o, n, 'C');
}

/* Draw text[from, to) as the echo mode shows it. */
static void show(const struct lineedit *le, struct le_out *o, uint32_t from,
		 uint32_t to)
{
	for (uint32_t i = from; i < to; i++)
		out_bytes(o, le->echo == LE_MASKED ? "*" : &le->text[i], 1);
}

/* Redraw from the cursor to the end (optionally clearing what the line
 * used to cover) and put the cursor back. */
static void redraw_tail(const struct lineedit *le, struct le_out *o,
			bool clear)
{
	show(le, o, le->cur, le->len);
	if (clear)
		out_bytes(o, ESC "[K", 3);
	move_left(o, le->len - le->cur);
}

static enum le_end insert(struct lineedit *le, uint8_t c, struct le_out *o)
{
	if (le->len >= le->max)
		return LE_TOO_LONG;
	memmove(le->text + le->cur + 1, le->text + le->cur, le->len - le->cur);
	le->text[le->cur] = (char)c;
	le->len++;
	show(le, o, le->cur, le->cur + 1);
	le->cur++;
	redraw_tail(le, o, false);
	return LE_MORE;
}

/* Remove text[from, to); the cursor, somewhere in [from, to], ends at
 * from. */
static void delete_range(struct lineedit *le, uint32_t from, uint32_t to,
			 struct le_out *o)
{
	if (from >= to)
		return;
	move_left(o, le->cur - from);
	memmove(le->text + from, le->text + to, le->len - to);
	le->len -= to - from;
	le->cur = from;
	redraw_tail(le, o, true);
}

static void delete_word(struct lineedit *le, struct le_out *o)
{
	uint32_t i = le->cur;
	while (i > 0 && le->text[i - 1] == ' ')
		i--;
	while (i > 0 && le->text[i - 1] != ' ')
		i--;
	delete_range(le, i, le->cur, o);
}

static void go_to(struct lineedit *le, uint32_t pos, struct le_out *o)
{
	if (pos < le->cur)
		move_left(o, le->cur - pos);
	else
		move_right(o, pos - le->cur);
	le->cur = pos;
}

/* Tab, Up and Down hand the line back to be resumed: clear the area. */
static enum le_end end_resumable(struct lineedit *le, enum le_end end,
				 struct le_out *o)
{
	move_left(o, le->cur);
	if (le->len)
		out_bytes(o, ESC "[K", 3);
	return end;
}

/* The final byte of ESC [ ... or ESC O ... */
static enum le_end key_final(struct lineedit *le, uint8_t f, struct le_out *o)
{
	switch (f) {
	case 'A': return end_resumable(le, LE_UP, o);
	case 'B': return end_resumable(le, LE_DOWN, o);
	case 'C': go_to(le, le->cur < le->len ? le->cur + 1 : le->cur, o); break;
	case 'D': go_to(le, le->cur ? le->cur - 1 : 0, o); break;
	case 'H': go_to(le, 0, o); break;
	case 'F': go_to(le, le->len, o); break;
	case '~':
		if (le->param == 1 || le->param == 7)
			go_to(le, 0, o);
		else if (le->param == 4 || le->param == 8)
			go_to(le, le->len, o);
		else if (le->param == 3 && le->cur < le->len)
			delete_range(le, le->cur, le->cur + 1, o);
		break;
	}
	return LE_MORE;
}

static enum le_end key_control(struct lineedit *le, uint8_t c,
			       struct le_out *o)
{
	switch (c) {
	case 0x01: go_to(le, 0, o); break;		/* Ctrl-A */
	case 0x03:					/* Ctrl-C */
		out_bytes(o, "^C\r\n", 4);
		return LE_CANCELLED;
	case 0x04: return le->len ? LE_MORE : LE_EOF;	/* Ctrl-D */
	case 0x05: go_to(le, le->len, o); break;	/* Ctrl-E */
	case 0x08: case 0x7f:				/* Backspace */
		if (le->cur)
			delete_range(le, le->cur - 1, le->cur, o);
		break;
	case 0x09: return end_resumable(le, LE_TAB, o);
	case 0x0a: case 0x0d:
		le->swallow_lf = c == 0x0d;
		out_bytes(o, "\r\n", 2);
		return LE_ENTER;
	case 0x15: delete_range(le, 0, le->cur, o); break;	/* Ctrl-U */
	case 0x17: delete_word(le, o); break;		/* Ctrl-W */
	case 0x1b: le->state = ST_ESC; break;
	}
	return LE_MORE;
}

static enum le_end key_plain(struct lineedit *le, uint8_t c, struct le_out *o)
{
	if (c < 0x20 || c == 0x7f)
		return key_control(le, c, o);
	return insert(le, c, o);
}

static enum le_end after_esc(struct lineedit *le, uint8_t c, struct le_out *o)
{
	le->state = ST_NORMAL;
	if (c == '[' || c == 'O') {
		le->state = c == '[' ? ST_CSI : ST_SS3;
		le->param = 0;
		le->nparams = 0;
		le->esc_ignore = false;
		return LE_MORE;
	}
	if (c >= 0x20 && c <= 0x7e)
		return LE_MORE;		/* a two-byte escape (Alt-key): ignored */
	return key_plain(le, c, o);	/* ESC then a control byte: the byte */
}

/* Inside ESC [: parameters 0x30-0x3f, intermediates 0x20-0x2f, a final
 * 0x40-0x7e; anything else ends the sequence and acts as itself. */
static enum le_end in_csi(struct lineedit *le, uint8_t c, struct le_out *o)
{
	if (c >= '0' && c <= '9') {
		if (!le->nparams)
			le->param = le->param > (PARAM_MAX - 9) / 10
					    ? PARAM_MAX
					    : (uint16_t)(le->param * 10 + (c - '0'));
	} else if (c == ';') {
		le->nparams += le->nparams < UINT8_MAX;
	} else if (c >= 0x20 && c <= 0x3f) {
		le->esc_ignore = true;	/* private marker or intermediate */
	} else if (c >= 0x40 && c <= 0x7e) {
		le->state = ST_NORMAL;
		return le->esc_ignore ? LE_MORE : key_final(le, c, o);
	} else {
		le->state = ST_NORMAL;
		return key_plain(le, c, o);
	}
	return LE_MORE;
}

static enum le_end in_ss3(struct lineedit *le, uint8_t c, struct le_out *o)
{
	le->state = ST_NORMAL;
	if (c < 0x20 || c > 0x7e)
		return key_plain(le, c, o);
	le->param = 0;		/* SS3 has none; '~' means nothing here */
	return key_final(le, c, o);
}

enum le_end lineedit_feed(struct lineedit *le, uint8_t byte,
			  struct le_out *out)
{
	struct le_out *o = le->echo == LE_HIDDEN ? NULL : out;
	bool swallow = le->swallow_lf;
	le->swallow_lf = false;
	if (swallow && byte == '\n')
		return LE_MORE;
	switch (le->state) {
	case ST_ESC: return after_esc(le, byte, o);
	case ST_CSI: return in_csi(le, byte, o);
	case ST_SS3: return in_ss3(le, byte, o);
	}
	return key_plain(le, byte, o);
}

void lineedit_start(struct lineedit *le, char *text, uint32_t max,
		    const char *initial, uint32_t initial_len, uint32_t cursor,
		    enum le_echo echo, struct le_out *out)
{
	bool swallow = le->swallow_lf;
	*le = (struct lineedit){ .text = text, .max = max, .echo = echo,
				 .swallow_lf = swallow };
	le->len = initial_len < max ? initial_len : max;
	for (uint32_t i = 0; i < le->len; i++) {
		uint8_t c = (uint8_t)initial[i];
		text[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	le->cur = cursor < le->len ? cursor : le->len;
	struct le_out *o = echo == LE_HIDDEN ? NULL : out;
	show(le, o, 0, le->len);
	move_left(o, le->len - le->cur);
}

void lineedit_abort(struct lineedit *le)
{
	le->state = ST_NORMAL;
}
