/* Command history with Up/Down browsing: pure logic over fixed buffers
 * (host-tested in tests/host/test_shell_hist.c).
 *
 * Entries live in a ring of HIST_MAX lines, oldest overwritten first.
 * Browsing starts at the line being edited (the draft, saved on the first
 * Up) and walks back; Down walks forward and ends at the draft again. A
 * new entry, or hist_reset(), ends browsing. */
#ifndef CAPOS_SHELL_HIST_H
#define CAPOS_SHELL_HIST_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "user/capos-shell/shell_limits.h"

#define HIST_MAX 32

struct hist {
	char line[HIST_MAX][SHELL_LINE_MAX + 1];
	uint32_t len[HIST_MAX];
	uint32_t count;		/* entries stored, <= HIST_MAX */
	uint32_t next;		/* ring slot the next entry goes to */
	int pos;		/* -1: at the draft; k: the k-th newest entry */
	char draft[SHELL_LINE_MAX + 1];
	uint32_t draft_len;
};

void hist_init(struct hist *h);
/* Remember a command line; blank lines and a repeat of the newest entry
 * are skipped, longer than SHELL_LINE_MAX too. Ends browsing. */
void hist_add(struct hist *h, const char *s, size_t n);
/* One entry older than the one shown; `cur` is the line being edited
 * (kept as the draft when browsing starts). False: nothing older. */
bool hist_up(struct hist *h, const char *cur, size_t n, const char **out,
	     size_t *out_n);
/* One entry newer, or the draft after the newest. False: not browsing. */
bool hist_down(struct hist *h, const char **out, size_t *out_n);
void hist_reset(struct hist *h);

#endif
