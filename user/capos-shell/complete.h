/* Tab completion: pure logic (host-tested in
 * tests/host/test_shell_complete.c).
 *
 * The word before the cursor decides what is completed:
 *   - the first word of the line: command names;
 *   - the binary after `run` or `spawn` (quoted or not): launchable
 *     binaries; a bare one is quoted when completed;
 *   - a word starting with '@': capability names.
 * One match completes the word (and adds what normally follows: a space
 * after a command, the closing quote and a space after a binary). Several
 * matches extend the word to their longest common prefix and are listed
 * for the shell to print. */
#ifndef CAPOS_SHELL_COMPLETE_H
#define CAPOS_SHELL_COMPLETE_H
#include <stddef.h>
#include <stdint.h>
#include "user/capos-shell/shell_limits.h"

#define COMPLETE_LIST_MAX 64

struct complete_names {
	const char *const *name;
	size_t count;
};

struct complete_sources {
	struct complete_names cmds, bins, caps;
};

struct completion {
	uint32_t nmatch;			/* 0: nothing to complete */
	const char *match[COMPLETE_LIST_MAX];	/* sorted, no duplicates */
	char line[SHELL_LINE_MAX + 1];		/* the line after completion */
	uint32_t len, cursor;
};

/* Complete line[0..len) at byte `cursor`. out->line is always the line
 * to continue editing (unchanged when nothing matched or the result
 * would exceed SHELL_LINE_MAX). */
void complete_line(const char *line, uint32_t len, uint32_t cursor,
		   const struct complete_sources *src, struct completion *out);

#endif
