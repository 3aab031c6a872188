/* Editing the command line: the prompt, and what each way a readLine can
 * end means for it. The terminal does the editing itself; the shell only
 * sees a line end early for Tab (completion), Up/Down (history), Ctrl-C,
 * Ctrl-D, an overlong line, or because the shell cancelled it to print a
 * job's output. The text and cursor to go on with are kept in sh.edit.
 * After Tab, Up and Down the terminal has cleared the edit area, so the
 * next prompt_start() just resumes editing (sh.resume); after our own
 * cancel the shell erases the line, prints, and draws a new prompt. */
#include <string.h>
#include "user/capos-shell/complete.h"
#include "user/capos-shell/shell.h"

void prompt_start(void)
{
	if (!sh.resume) {
		term_fresh_line();
		term_puts(SHELL_PROMPT);
	}
	sh.resume = false;
	term_rl_start(RL_PROMPT, 0, sh.edit, sh.edit_len, sh.edit_cursor,
		      SHELL_LINE_MAX, EchoMode_visible);
}

static void prompt_set(const char *s, uint32_t n, uint32_t cursor)
{
	if (n > SHELL_LINE_MAX)
		n = SHELL_LINE_MAX;
	memmove(sh.edit, s, n);
	sh.edit[n] = '\0';
	sh.edit_len = n;
	sh.edit_cursor = cursor <= n ? cursor : n;
}

static void prompt_enter(const struct rl_result *r)
{
	static char line[SHELL_LINE_MAX + 1];
	uint32_t n = r->len <= SHELL_LINE_MAX ? r->len : SHELL_LINE_MAX;
	memcpy(line, r->text, n);
	line[n] = '\0';
	prompt_set("", 0, 0);
	sh.ctrl_c = 0;
	hist_add(&sh.hist, line, n);
	cmd_execute(line, n);
}

/* The names Tab completes: commands, binaries, capabilities + "stdio". */
static void prompt_sources(struct complete_sources *src)
{
	static const char *caps[CAPSET_MAX + SHELL_BUNDLE_MAX + 1];
	size_t n = 0;
	for (uint32_t i = 0; i < held_count() &&
	     n < CAPSET_MAX + SHELL_BUNDLE_MAX; i++) {
		const char *name = held_at(i)->name;
		if (strnlen(name, CAPSET_NAME_MAX) < CAPSET_NAME_MAX)
			caps[n++] = name;
	}
	caps[n++] = "stdio";
	const char *const *bins;
	size_t nbins = (size_t)launch_binaries(&bins);
	*src = (struct complete_sources){ { cmd_names, cmd_count },
					  { bins, nbins }, { caps, n } };
}

static void prompt_tab(const struct rl_result *r)
{
	static struct completion c;
	struct complete_sources src;
	prompt_sources(&src);
	complete_line(r->text, r->len, r->cursor, &src, &c);
	prompt_set(c.line, c.len, c.cursor);
	if (c.nmatch <= 1) {
		sh.resume = true;	/* the terminal cleared the edit area */
		return;
	}
	term_puts("\n");
	for (uint32_t i = 0; i < c.nmatch; i++)
		term_printf("%s%s", c.match[i], i + 1 < c.nmatch ? "  " : "\n");
}

static void prompt_recall(const struct rl_result *r, bool older)
{
	const char *s;
	size_t n;
	bool ok = older ? hist_up(&sh.hist, r->text, r->len, &s, &n)
			: hist_down(&sh.hist, &s, &n);
	if (ok)
		prompt_set(s, (uint32_t)n, (uint32_t)n);
	else
		prompt_set(r->text, r->len, r->cursor);
	sh.resume = true;
}

/* Ctrl-C abandons the line; our own cancel only makes room for output. */
static void prompt_cancelled(const struct rl_result *r, bool ours)
{
	if (ours) {
		prompt_set(r->text, r->len, r->cursor);
		term_clear_line();
		return;
	}
	prompt_set("", 0, 0);
	hist_reset(&sh.hist);
	term_fresh_line();
}

static void prompt_eof(const struct rl_result *r)
{
	if (r->len) {			/* Ctrl-D inside a line: ignored */
		prompt_set(r->text, r->len, r->cursor);
		term_clear_line();
		return;
	}
	term_fresh_line();
	term_puts("(type exit to leave the shell)\n");
}

/* Refused, never cut: the rest of the line is read and dropped unseen. */
static void prompt_too_long(void)
{
	prompt_set("", 0, 0);
	hist_reset(&sh.hist);
	term_fresh_line();
	term_printf("line too long: the limit is %d bytes; everything up to "
		    "the next Enter is ignored\n", SHELL_LINE_MAX);
	term_rl_start(RL_DISCARD, 0, "", 0, 0, SHELL_LINE_MAX, EchoMode_hidden);
}

void prompt_on_line(const struct rl_result *r, bool ours)
{
	switch (r->end) {
	case ReadLine_End_enter: prompt_enter(r); return;
	case ReadLine_End_tab: prompt_tab(r); return;
	case ReadLine_End_up: prompt_recall(r, true); return;
	case ReadLine_End_down: prompt_recall(r, false); return;
	case ReadLine_End_cancelled: prompt_cancelled(r, ours); return;
	case ReadLine_End_eof: prompt_eof(r); return;
	case ReadLine_End_tooLong: prompt_too_long(); return;
	}
	prompt_set(r->text, r->len, r->cursor);	/* an end we do not know */
	term_clear_line();
}

void discard_on_line(const struct rl_result *r)
{
	switch (r->end) {
	case ReadLine_End_tab:
	case ReadLine_End_up:
	case ReadLine_End_down:
	case ReadLine_End_tooLong:
		term_rl_start(RL_DISCARD, 0, "", 0, 0, SHELL_LINE_MAX,
			      EchoMode_hidden);
		return;
	case ReadLine_End_enter:
	case ReadLine_End_cancelled:
	case ReadLine_End_eof:
		return;
	}
}
