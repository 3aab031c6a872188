/* How a job ended, as the shell words it: pure (host-tested in
 * tests/host/test_shell_status.c). */
#ifndef CAPOS_SHELL_STATUS_H
#define CAPOS_SHELL_STATUS_H
#include <stddef.h>
#include <stdint.h>

enum status_kind {
	STATUS_EXITED,	/* code */
	STATUS_KILLED,
	STATUS_FAULTED,	/* vector, addr */
	STATUS_LOST,	/* the wait itself failed: why */
};

struct status {
	enum status_kind kind;
	int64_t code;
	uint8_t vector;
	uint64_t addr;
	const char *why;	/* STATUS_LOST: a static message */
};

/* "#PF page fault" for vector 14, "exception 40" past the table. */
const char *status_fault_name(unsigned vector, char *buf, size_t cap);
/* For `jobs` and notices: "done", "exited with code 3", "killed",
 * "crashed: #PF page fault at 0x0", "lost: <why>". */
void status_words(const struct status *s, char *buf, size_t cap);
/* After `run`: "" for exit code 0, else "[<words>]". */
void status_report(const struct status *s, char *buf, size_t cap);

#endif
