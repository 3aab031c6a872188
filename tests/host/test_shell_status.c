/* How the shell words a job's end (user/capos-shell/status.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "user/capos-shell/status.h"

static void check(struct status s, const char *words, const char *report)
{
	char buf[128];
	status_words(&s, buf, sizeof(buf));
	assert_string_equal(buf, words);
	status_report(&s, buf, sizeof(buf));
	assert_string_equal(buf, report);
}

static void test_words_and_reports(void **state)
{
	check((struct status){ STATUS_EXITED, 0, 0, 0, 0 }, "done", "");
	check((struct status){ STATUS_EXITED, 3, 0, 0, 0 },
	      "exited with code 3", "[exited with code 3]");
	check((struct status){ STATUS_EXITED, -1, 0, 0, 0 },
	      "exited with code -1", "[exited with code -1]");
	check((struct status){ STATUS_KILLED, 0, 0, 0, 0 }, "killed",
	      "[killed]");
	check((struct status){ STATUS_FAULTED, 0, 14, 0, 0 },
	      "crashed: #PF page fault at 0x0",
	      "[crashed: #PF page fault at 0x0]");
	check((struct status){ STATUS_FAULTED, 0, 13, 0x401000, 0 },
	      "crashed: #GP general protection at 0x401000",
	      "[crashed: #GP general protection at 0x401000]");
	check((struct status){ STATUS_FAULTED, 0, 200, 0x10, 0 },
	      "crashed: exception 200 at 0x10",
	      "[crashed: exception 200 at 0x10]");
	check((struct status){ STATUS_LOST, 0, 0, 0, "peer is gone" },
	      "lost: peer is gone", "[lost: peer is gone]");
}

static void test_small_buffers(void **state)
{
	char buf[8];
	struct status s = { STATUS_FAULTED, 0, 14, 0xffffffffffffffffull, 0 };
	status_report(&s, buf, sizeof(buf));
	assert_string_equal(buf, "[crashe");
	status_words(&s, buf, 1);
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_and_reports),
		cmocka_unit_test(test_small_buffers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
