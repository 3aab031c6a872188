/* One command line, decoded in full before any rule runs: words split on
 * spaces, counts of digits only (bounded), a known verb with the number
 * of words it takes. Anything else is refused with what was expected. */
#include <string.h>
#include "lib/paperclips/paperclips.h"

#define WORDS_MAX 4
#define LINE_MAX 200		/* PaperclipsGame.maxLine */
#define NUMBER_MAX 1000000000000000ull	/* 10^15: beyond is refused */

struct words {
	unsigned n;
	const char *w[WORDS_MAX];
	size_t len[WORDS_MAX];
};

/* Split on spaces; false when there are more than WORDS_MAX words. */
static bool words_split(struct words *ws, const char *s, size_t len)
{
	ws->n = 0;
	for (size_t i = 0; i < len;) {
		while (i < len && s[i] == ' ')
			i++;
		if (i == len)
			break;
		if (ws->n == WORDS_MAX)
			return false;
		ws->w[ws->n] = s + i;
		while (i < len && s[i] != ' ')
			i++;
		ws->len[ws->n] = (size_t)(s + i - ws->w[ws->n]);
		ws->n++;
	}
	return true;
}

static bool word_is(const struct words *ws, unsigned i, const char *s)
{
	return i < ws->n && ws->len[i] == strlen(s) &&
	       !memcmp(ws->w[i], s, ws->len[i]);
}

/* Digits only, at most NUMBER_MAX; false otherwise. */
static bool word_number(const struct words *ws, unsigned i, uint64_t *out)
{
	uint64_t v = 0;
	if (i >= ws->n || !ws->len[i] || ws->len[i] > 16)
		return false;
	for (size_t k = 0; k < ws->len[i]; k++) {
		char ch = ws->w[i][k];
		if (ch < '0' || ch > '9')
			return false;
		v = v * 10 + (uint64_t)(ch - '0');
	}
	*out = v;
	return v <= NUMBER_MAX;
}

static bool line_printable(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

static void usage(struct pc_result *r, const char *u)
{
	fmt_appendf(&r->text, "usage: %s\n", u);
}

static void run_buy(struct pc_state *s, const struct pc_content *c,
		    const struct words *ws, struct pc_result *r)
{
	uint64_t n = 1;
	int item = ws->n >= 2 ? pc_item_parse(ws->w[1], ws->len[1]) : -1;
	if (ws->n < 2 || ws->n > 3 || item < 0)
		return usage(r, "buy wire|autoclipper|marketing|processor|"
			     "memory|drone|factory|probe [n]");
	if (ws->n == 3 && !word_number(ws, 2, &n))
		return usage(r, "buy <item> [n]: n is a count (digits)");
	pc_act_buy(s, c, (unsigned)item, n, r);
}

static void run_project(struct pc_state *s, const struct pc_content *c,
			const struct words *ws, struct pc_result *r)
{
	if (ws->n != 2)
		return usage(r, "project <id>   (projects lists them)");
	int i = pc_project_find(c, ws->w[1], ws->len[1]);
	if (i < 0) {
		fmt_appendf(&r->text, "project: no project \"%.*s\" (projects "
			    "lists them)\n", (int)(ws->len[1] > 30 ? 30
						   : ws->len[1]), ws->w[1]);
		return;
	}
	pc_act_project(s, c, (unsigned)i, r);
}

static void run_words(struct pc_state *s, const struct pc_content *c,
		      const struct words *ws, struct pc_result *r)
{
	uint64_t n;
	if (word_is(ws, 0, "make") && ws->n == 1)
		pc_act_make(s, c, r);
	else if (word_is(ws, 0, "make"))
		fmt_appendf(&r->text, "make: one clip at a time by hand: "
			    "buy autoclippers to make more\n");
	else if (word_is(ws, 0, "sell"))
		ws->n == 2 && word_number(ws, 1, &n)
			? pc_act_sell(s, c, n, r)
			: usage(r, "sell <n>   (n: how many clips, digits)");
	else if (word_is(ws, 0, "price"))
		ws->n == 2 && word_number(ws, 1, &n)
			? pc_act_price(s, c, n, r)
			: usage(r, "price <cents>");
	else if (word_is(ws, 0, "buy"))
		run_buy(s, c, ws, r);
	else if (word_is(ws, 0, "project"))
		run_project(s, c, ws, r);
	else
		fmt_appendf(&r->text, "unknown command \"%.*s\" (help lists "
			    "them)\n", (int)(ws->len[0] > 30 ? 30 : ws->len[0]),
			    ws->w[0]);
}

void pc_execute(struct pc_state *s, const struct pc_content *c,
		const char *line, size_t len, struct pc_result *r)
{
	struct words ws;
	pc_result_init(r, s);
	if (len > LINE_MAX || !line_printable(line, len)) {
		fmt_appendf(&r->text, "refused: a command is at most %u "
			    "printable characters\n", LINE_MAX);
		return;
	}
	if (!words_split(&ws, line, len) || !ws.n) {
		fmt_appendf(&r->text, "refused: %s\n", ws.n ? "too many words"
			    : "empty command");
		return;
	}
	if (s->finished) {
		fmt_appendf(&r->text, "the game is over: every atom is a clip\n");
		return;
	}
	run_words(s, c, &ws, r);
}
