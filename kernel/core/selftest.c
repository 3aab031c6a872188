#include <string.h>
#include "kernel/core/log.h"
#include "kernel/core/selftest.h"

extern const struct selftest _selftests_start[], _selftests_end[];

static bool selftest_selected(const struct selftest *t, const char *only,
			      size_t only_len)
{
	if (!only || !only_len)
		return true;
	return strlen(t->name) == only_len && !memcmp(t->name, only, only_len);
}

int selftest_run(const char *only, size_t only_len)
{
	int pass = 0, fail = 0;
	for (const struct selftest *t = _selftests_start; t < _selftests_end; t++) {
		if (!selftest_selected(t, only, only_len))
			continue;
		const char *err = t->run();
		if (err) {
			log_raw("selftest: %s ... FAILED: %s\n", t->name, err);
			fail++;
		} else {
			log_raw("selftest: %s ... ok\n", t->name);
			pass++;
		}
	}
	if (pass + fail == 0) {
		log_raw("selftest: no test matched\n");
		fail = 1;
	}
	log_raw("selftest: %d passed, %d failed\n", pass, fail);
	return fail;
}
