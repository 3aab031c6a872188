/* The Paperclips server's player table (user/paperclips-server/
 * players.c): one game per caller-session reference, found again by the
 * same reference, bounded at PLAYERS_MAX; when it is full a new session
 * gets nothing (the server then refuses the call) and every existing
 * game stays as it was. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tests/host/paperclips_content.h"
#include "user/paperclips-server/server.h"

struct server srv;

static struct ipc_msg_header session(uint64_t n)
{
	struct ipc_msg_header h;
	memset(&h, 0, sizeof h);
	h.session_ref[0] = n * 0x9e3779b97f4a7c15ull;
	h.session_ref[1] = ~n;
	return h;
}

static int setup(void **state)
{
	memset(&srv, 0, sizeof srv);
	srv.content = pc_real;
	return 0;
}

static void test_same_session_same_game(void **state)
{
	struct ipc_msg_header a = session(1), b = session(2);
	struct player *pa = players_get(&a);
	assert_non_null(pa);
	pa->st.clips_made = 41;
	assert_ptr_equal(players_get(&a), pa);
	struct player *pb = players_get(&b);
	assert_non_null(pb);
	assert_ptr_not_equal(pa, pb);
	assert_int_equal(pb->st.clips_made, 0);
	assert_int_equal(srv.nplayers, 2);
}

static void test_full_table_refuses_newcomer_only(void **state)
{
	struct player *first[PLAYERS_MAX];
	for (uint64_t i = 0; i < PLAYERS_MAX; i++) {
		struct ipc_msg_header h = session(i + 1);
		first[i] = players_get(&h);
		assert_non_null(first[i]);
		first[i]->st.clips_made = i + 100;
	}
	struct ipc_msg_header late = session(PLAYERS_MAX + 1);
	assert_null(players_get(&late));
	assert_null(players_get(&late));	/* still refused, not queued */
	assert_int_equal(srv.nplayers, PLAYERS_MAX);
	for (uint64_t i = 0; i < PLAYERS_MAX; i++) {
		struct ipc_msg_header h = session(i + 1);
		assert_ptr_equal(players_get(&h), first[i]);
		assert_int_equal(first[i]->st.clips_made, i + 100);
	}
}

int main(void)
{
	pc_real_load();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_same_session_same_game, setup),
		cmocka_unit_test_setup(test_full_table_refuses_newcomer_only, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
