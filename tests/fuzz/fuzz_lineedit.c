/* Fuzz the line editor with what a hostile terminal can type. The first
 * bytes choose maxBytes, the echo mode, an initial text and cursor; the
 * rest is fed one byte at a time, restarting the read at every end.
 *
 * Invariants, trapping on violation: cursor <= length <= maxBytes; no
 * call's echo exceeds LINEEDIT_ECHO_MAX (nothing is dropped from a
 * buffer that size); hidden mode echoes nothing; a control byte never
 * enters the text from the initial text. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "lib/term/lineedit.h"

#define MAX 300
#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static char text[MAX];
static char echo[LINEEDIT_ECHO_MAX(MAX)];

static void check_state(const struct lineedit *le, const struct le_out *o)
{
	CHECK(le->cur <= le->len && le->len <= le->max && le->max <= MAX);
	CHECK(o->dropped == 0 && o->len <= LINEEDIT_ECHO_MAX(le->max));
	CHECK(le->echo != LE_HIDDEN || o->len == 0);
}

static void start(struct lineedit *le, const uint8_t **p, size_t *n)
{
	uint32_t max = 0, cursor = 0, ilen = 0;
	enum le_echo mode = LE_VISIBLE;
	if (*n >= 4) {
		max = ((uint32_t)(*p)[0] << 8 | (*p)[1]) % (MAX + 1);
		mode = (enum le_echo)((*p)[2] % 3);
		cursor = (*p)[3];
		*p += 4, *n -= 4;
	}
	if (*n) {
		ilen = **p % 16 < *n - 1 ? **p % 16 : (uint32_t)*n - 1;
		*p += 1, *n -= 1;
	}
	struct le_out o = { echo, 0, sizeof(echo), 0 };
	lineedit_start(le, text, max, (const char *)*p, ilen, cursor, mode, &o);
	*p += ilen, *n -= ilen;
	check_state(le, &o);
	for (uint32_t i = 0; i < le->len && i < ilen; i++)
		CHECK((uint8_t)text[i] >= 0x20 && text[i] != 0x7f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lineedit le;
	memset(&le, 0, sizeof(le));
	start(&le, &data, &size);
	while (size) {
		struct le_out o = { echo, 0, sizeof(echo), 0 };
		uint8_t b = *data++;
		size--;
		enum le_end e = lineedit_feed(&le, b, &o);
		check_state(&le, &o);
		CHECK(e >= LE_MORE && e <= LE_TOO_LONG);
		if (e != LE_MORE)
			start(&le, &data, &size);
	}
	return 0;
}
