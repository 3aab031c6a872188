/* A line editor as a pure state machine: bytes in, echo bytes out, and
 * an end when the line is done. No I/O, no allocation, no locks; the
 * kernel's TerminalSession drives it from the receive interrupt, and host
 * tests drive it directly.
 *
 * Lifecycle: lineedit_start() draws the initial text and places the
 * cursor; lineedit_feed() takes one input byte at a time until it returns
 * an end other than LE_MORE; the text and cursor are then the result.
 *
 * The edit area. A read owns the screen from the column where it started.
 * On Tab, Up and Down it clears that area again (the cursor returns to
 * where the read started), so a caller that resumes with a new initial
 * text (a completion, a history entry) gets it drawn in the same place.
 * Enter echoes CR LF; Ctrl-C echoes "^C" CR LF; EOF and tooLong echo
 * nothing. Redraws use BS, ESC[K and ESC[nD / ESC[nC and assume the line
 * fits on one row.
 *
 * Keys: printable bytes (0x20..0x7e, and every byte >= 0x80) insert at
 * the cursor; Backspace (0x7f, 0x08); Ctrl-U deletes to the start;
 * Ctrl-W the word before the cursor; Ctrl-A / Home and Ctrl-E / End;
 * Left/Right (ESC [ D / ESC [ C); Delete (ESC [ 3 ~); Enter is CR or LF,
 * and an LF right after a CR belongs to it (the flag survives the end of
 * a read, so it is swallowed at the start of the next); Tab; Up/Down
 * (ESC [ A/B, ESC O A/B); Ctrl-C; Ctrl-D on an empty line. Any other
 * escape sequence is parsed to its end and ignored; a control byte inside
 * one ends it and then acts as itself. Other control bytes are ignored.
 */
#ifndef CAPOS_LIB_TERM_LINEEDIT_H
#define CAPOS_LIB_TERM_LINEEDIT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How a read ended; the values match the schema's ReadLine.End. */
enum le_end {
	LE_MORE = -1,		/* not ended: feed more */
	LE_ENTER = 0,
	LE_TAB = 1,
	LE_UP = 2,
	LE_DOWN = 3,
	LE_CANCELLED = 4,
	LE_EOF = 5,
	LE_TOO_LONG = 6,	/* an insert did not fit; that byte is dropped */
};

/* The values match the schema's EchoMode. */
enum le_echo { LE_VISIBLE = 0, LE_HIDDEN = 1, LE_MASKED = 2 };

/* Echo bytes go here. One call never writes more than
 * LINEEDIT_ECHO_MAX(max) bytes, so a buffer that size, emptied after each
 * call, never drops anything; past cap, bytes are dropped and counted. */
#define LINEEDIT_ECHO_MAX(max) ((size_t)(max) + 32)

struct le_out {
	char *buf;
	size_t len, cap;
	size_t dropped;
};

struct lineedit {
	char *text;		/* caller's buffer of max bytes */
	uint32_t max;
	uint32_t len, cur;	/* cur <= len <= max */
	enum le_echo echo;
	uint8_t state;		/* escape parser state */
	bool esc_ignore;	/* sequence has a private marker/intermediate */
	uint16_t param;		/* first numeric parameter, saturating */
	uint8_t nparams;	/* parameters seen past the first */
	bool swallow_lf;	/* the last byte was a CR that ended a read */
};

/* Begin a read into text[0, max): copy `initial` (cut to max bytes;
 * control bytes in it become '?'), clamp the cursor to its length, and
 * echo it with the cursor in place. Zero-initialise *le once before the
 * first start; later starts keep only the CR LF flag. */
void lineedit_start(struct lineedit *le, char *text, uint32_t max,
		    const char *initial, uint32_t initial_len, uint32_t cursor,
		    enum le_echo echo, struct le_out *out);

/* Feed one byte; returns LE_MORE or how the read ended. */
enum le_end lineedit_feed(struct lineedit *le, uint8_t byte,
			  struct le_out *out);

/* Forget a half-parsed escape sequence (a read ended from outside). */
void lineedit_abort(struct lineedit *le);

#endif
