/* lib/ident/allowlist: parsing `a,b,c`, membership, and which kernel
 * authority a session's child may be granted through the launcher. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "capos/interfaces.h"
#include "lib/ident/allowlist.h"

static err_t parse(struct ident_allowlist *a, const char *s, const char **why)
{
	return ident_allowlist_parse(a, s, strlen(s), why);
}

static bool has(const struct ident_allowlist *a, const char *s)
{
	return ident_allowlist_has(a, s, strlen(s));
}

static void test_parse_and_membership(void **state)
{
	struct ident_allowlist a;
	const char *why = "unset";
	assert_int_equal(parse(&a, "hello,readline,lines", &why), ERR_OK);
	assert_null(why);
	assert_int_equal(a.n, 3);
	assert_true(has(&a, "hello") && has(&a, "readline") && has(&a, "lines"));
	assert_false(has(&a, "hell"));
	assert_false(has(&a, "hello2"));
	assert_false(has(&a, ""));
	assert_false(ident_allowlist_has(&a, "hello,readline", 14));
	// Length, not NUL, ends a candidate name.
	assert_true(ident_allowlist_has(&a, "hello-world", 5));
}

static void test_empty_and_duplicates(void **state)
{
	struct ident_allowlist a;
	assert_int_equal(parse(&a, "", 0), ERR_OK);
	assert_int_equal(a.n, 0);
	assert_false(has(&a, ""));
	assert_int_equal(parse(&a, "x,x,y,x", 0), ERR_OK);
	assert_int_equal(a.n, 2);
}

static void test_refusals_leave_it_empty(void **state)
{
	static const char *const bad[] = {
		",", "a,", ",a", "a,,b", "a b", " a", "a\tb", "a\x7f",
		"a,\xc3\xa9",
	};
	struct ident_allowlist a;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *why = 0;
		assert_int_equal(parse(&a, "keep", 0), ERR_OK);
		assert_int_equal(parse(&a, bad[i], &why), ERR_INVALID);
		assert_non_null(why);
		assert_int_equal(a.n, 0);
		assert_false(has(&a, "a"));
	}
}

static void test_limits(void **state)
{
	struct ident_allowlist a;
	char name[IDENT_ALLOW_NAME_MAX + 2];
	memset(name, 'n', sizeof name);
	assert_int_equal(ident_allowlist_parse(&a, name, IDENT_ALLOW_NAME_MAX, 0),
			 ERR_OK);
	assert_int_equal(ident_allowlist_parse(&a, name, IDENT_ALLOW_NAME_MAX + 1,
					       0), ERR_INVALID);
	char many[IDENT_ALLOW_MAX * 4 + 8];
	size_t at = 0;
	for (int i = 0; i <= IDENT_ALLOW_MAX; i++)
		at += (size_t)snprintf(many + at, sizeof many - at, "%s%d",
				       i ? "," : "", i);
	const char *why = 0;
	assert_int_equal(ident_allowlist_parse(&a, many, at, &why), ERR_TOO_LARGE);
	assert_non_null(why);
	assert_int_equal(a.n, 0);
	// Exactly the maximum is fine.
	char *last = strrchr(many, ',');
	assert_int_equal(ident_allowlist_parse(&a, many, (size_t)(last - many), 0),
			 ERR_OK);
	assert_int_equal(a.n, IDENT_ALLOW_MAX);
}

static uint64_t id(const char *name)
{
	const struct capos_iface *k = capos_iface_by_name(name, strlen(name));
	assert_non_null(k);
	return k->id;
}

static void test_kernel_authority_never_passes(void **state)
{
	static const char *const never[] = {
		"ProcessSpawner", "ProcessHandle", "BootPackage",
		"SessionAuthority", "UserSession", "Terminal", "TerminalSession",
		"KernelDiag", "FrameAllocator",
	};
	static const Profile all[] = { Profile_system, Profile_anonymous,
				       Profile_guest, Profile_operator };
	for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
		for (size_t p = 0; p < 4; p++)
			assert_string_equal(ident_grant_refused(id(never[i]), all[p]),
					    never[i]);
}

static void test_operator_passes_more_than_guest(void **state)
{
	static const char *const op_only[] = {
		"Console", "EndpointFactory", "Endpoint", "MemoryObject",
		"ThreadSpawner",
	};
	for (size_t i = 0; i < sizeof op_only / sizeof op_only[0]; i++) {
		uint64_t k = id(op_only[i]);
		assert_null(ident_grant_refused(k, Profile_operator));
		assert_string_equal(ident_grant_refused(k, Profile_guest), op_only[i]);
		assert_string_equal(ident_grant_refused(k, Profile_anonymous),
				    op_only[i]);
	}
}

static void test_ordinary_grants_pass(void **state)
{
	static const char *const fine[] = {
		"Timer", "VirtualMemory", "ThreadControl", "EntropySource",
		"Blob", "StdIO", "ClientEndpoint", "SystemInfo",
	};
	for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
		assert_null(ident_grant_refused(id(fine[i]), Profile_guest));
		assert_null(ident_grant_refused(id(fine[i]), Profile_operator));
	}
	assert_null(ident_grant_refused(0x1234, Profile_guest));
	assert_non_null(ident_grant_refused(id("Console"), (Profile)77));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_and_membership),
		cmocka_unit_test(test_empty_and_duplicates),
		cmocka_unit_test(test_refusals_leave_it_empty),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_kernel_authority_never_passes),
		cmocka_unit_test(test_operator_passes_more_than_guest),
		cmocka_unit_test(test_ordinary_grants_pass),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
