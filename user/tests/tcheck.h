/* A tiny test vocabulary for user test programs: one line per check,
 * a summary, and the exit code says whether everything passed. */
#ifndef CAPOS_USER_TESTS_TCHECK_H
#define CAPOS_USER_TESTS_TCHECK_H
#include "user/rt/rt.h"

extern const char *tcheck_prog;
extern int tcheck_passed, tcheck_failed;

#define CHECK(name, cond, ...)                                                \
	do {                                                                  \
		if (cond) {                                                   \
			tcheck_passed++;                                      \
			rt_printf("%s: %s ... ok\n", tcheck_prog, name);      \
		} else {                                                      \
			tcheck_failed++;                                      \
			rt_printf("%s: %s ... FAILED: ", tcheck_prog, name);  \
			rt_printf(__VA_ARGS__);                               \
			rt_printf("\n");                                      \
		}                                                             \
	} while (0)

#define TCHECK_DEFINE(prog)                                                   \
	const char *tcheck_prog = prog;                                       \
	int tcheck_passed, tcheck_failed;

static inline int tcheck_summary(void)
{
	rt_printf("%s: %d passed, %d failed\n", tcheck_prog, tcheck_passed,
		  tcheck_failed);
	return tcheck_failed ? 1 : 0;
}

#endif
