/* In-kernel self-tests. Each test is a function returning NULL on success
 * or a static string saying what failed; SELFTEST() registers it in the
 * .selftests section, which the runner walks. Tests run in a boot mode
 * chosen on the kernel command line (test=selftest[:name]). */
#ifndef CAPOS_CORE_SELFTEST_H
#define CAPOS_CORE_SELFTEST_H
#include <stddef.h>

struct selftest {
	const char *name;
	const char *(*run)(void);
};

#define SELFTEST(tname)                                                      \
	static const char *selftest_fn_##tname(void);                        \
	static const struct selftest selftest_entry_##tname                  \
		__attribute__((used, section(".selftests"), aligned(16))) = { \
			#tname, selftest_fn_##tname };                        \
	static const char *selftest_fn_##tname(void)

/* Runs every test whose name equals `only` (all when only is NULL/empty);
 * prints one line per test and a summary; returns the failure count. */
int selftest_run(const char *only, size_t only_len);

#define ST_CHECK(cond, msg)                                                 \
	do {                                                                \
		if (!(cond))                                                \
			return (msg);                                       \
	} while (0)

#endif
