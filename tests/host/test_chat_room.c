/* lib/chat/room: labels in join order and keyed by the caller's session,
 * channels, history and the log cursor, refusals (names, text that could
 * pose as another line, non-members) and every table's bound. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "lib/chat/room.h"

static struct chat_ref R(uint64_t a)
{
	return (struct chat_ref){ { a, ~a } };
}

static struct chat_room *room(void)
{
	struct chat_room *r = malloc(sizeof *r);
	chat_room_init(r);
	return r;
}

static uint32_t join(struct chat_room *r, uint64_t who, const char *ch)
{
	uint32_t label;
	uint64_t next;
	struct chat_ref k = R(who);
	assert_int_equal(chat_room_join(r, &k, ch, strlen(ch), &label, &next),
			 ERR_OK);
	return label;
}

static err_t say(struct chat_room *r, uint64_t who, const char *ch,
		 const char *text)
{
	uint64_t seq;
	struct chat_ref k = R(who);
	return chat_room_send(r, &k, ch, strlen(ch), text, strlen(text), &seq);
}

static uint32_t collect(struct chat_room *r, uint64_t who, uint64_t after,
			const struct chat_line **out, uint64_t *next)
{
	uint32_t missed;
	struct chat_ref k = R(who);
	return chat_room_collect(r, &k, after, out, 32, next, &missed);
}

static void test_labels_in_join_order(void **state)
{
	struct chat_room *r = room();
	assert_int_equal(join(r, 7, "#lobby"), 1);
	assert_int_equal(join(r, 3, "#lobby"), 2);
	assert_int_equal(join(r, 7, "#other"), 1);	/* same session */
	assert_int_equal(join(r, 9, "#other"), 3);
	char buf[CHAT_LABEL_MAX];
	chat_label_format(3, buf);
	assert_string_equal(buf, "member-3");
	free(r);
}

static void test_join_twice_no_second_notice(void **state)
{
	struct chat_room *r = room();
	join(r, 1, "#lobby");
	uint64_t before = r->next_seq;
	join(r, 1, "#lobby");
	assert_int_equal(r->next_seq, before);
	uint32_t labels[4], n;
	assert_int_equal(chat_room_who(r, "#lobby", 6, labels, 4, &n), ERR_OK);
	assert_int_equal(n, 1);
	free(r);
}

static void test_message_reaches_members_only(void **state)
{
	struct chat_room *r = room();
	join(r, 1, "#lobby");
	join(r, 2, "#lobby");
	join(r, 3, "#elsewhere");
	uint64_t start = r->next_seq - 1;
	assert_int_equal(say(r, 2, "#lobby", "hello"), ERR_OK);
	const struct chat_line *out[32];
	uint64_t next;
	assert_int_equal(collect(r, 1, start, out, &next), 1);
	assert_string_equal(out[0]->channel, "#lobby");
	assert_int_equal(out[0]->label, 2);
	assert_int_equal(out[0]->kind, CHAT_MESSAGE);
	assert_memory_equal(out[0]->text, "hello", 5);
	assert_int_equal(next, r->next_seq - 1);
	assert_int_equal(collect(r, 3, start, out, &next), 0);
	assert_int_equal(collect(r, 99, start, out, &next), 0);	/* stranger */
	free(r);
}

/* What a channel said before you joined came as history: the cursor
 * does not hand it out again. */
static void test_no_lines_from_before_the_join(void **state)
{
	struct chat_room *r = room();
	join(r, 1, "#a");
	join(r, 2, "#b");
	uint64_t start = r->next_seq - 1;
	say(r, 2, "#b", "before");
	join(r, 1, "#b");
	say(r, 2, "#b", "after");
	const struct chat_line *out[32];
	uint64_t next;
	assert_int_equal(collect(r, 1, start, out, &next), 2);
	assert_int_equal(out[0]->kind, CHAT_JOINED);
	assert_memory_equal(out[1]->text, "after", 5);
	free(r);
}

static void test_send_refusals(void **state)
{
	struct chat_room *r = room();
	join(r, 1, "#lobby");
	assert_int_equal(say(r, 2, "#lobby", "not a member"), ERR_DENIED);
	assert_int_equal(say(r, 1, "#other", "not joined"), ERR_DENIED);
	assert_int_equal(say(r, 1, "#lobby", ""), ERR_INVALID);
	/* a line break would let the text pose as member-1's own line */
	assert_int_equal(say(r, 1, "#lobby", "hi\n[chat] #lobby <member-9> x"),
			 ERR_INVALID);
	assert_int_equal(say(r, 1, "#lobby", "esc \x1b[2J"), ERR_INVALID);
	assert_int_equal(say(r, 1, "#lobby", "del \x7f"), ERR_INVALID);
	assert_int_equal(say(r, 1, "#lobby", "c1 \xc2\x9b"), ERR_INVALID);
	assert_int_equal(say(r, 1, "#lobby", "bad \xc3"), ERR_INVALID);
	assert_int_equal(say(r, 1, "#lobby", "overlong \xc0\xaf"), ERR_INVALID);
	assert_int_equal(say(r, 1, "#lobby", "surrogate \xed\xa0\x80"),
			 ERR_INVALID);
	assert_int_equal(say(r, 1, "#lobby", "caf\xc3\xa9 \xe2\x82\xac"), ERR_OK);
	char big[CHAT_TEXT_MAX + 2];
	memset(big, 'a', sizeof big);
	big[CHAT_TEXT_MAX + 1] = '\0';
	assert_int_equal(say(r, 1, "#lobby", big), ERR_INVALID);
	big[CHAT_TEXT_MAX] = '\0';
	assert_int_equal(say(r, 1, "#lobby", big), ERR_OK);
	free(r);
}

static void test_channel_names(void **state)
{
	static const char *bad[] = { "", "#", "lobby", "#Lobby", "# x",
				     "#a/b", "#\n", "#0123456789012345678901234567890" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(chat_channel_check(bad[i], strlen(bad[i])),
				 ERR_INVALID);
	static const char *good[] = { "#lobby", "#r.ashen-road_2", "#a",
				      "#012345678901234567890123456789" };
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		assert_int_equal(chat_channel_check(good[i], strlen(good[i])),
				 ERR_OK);
	struct chat_room *r = room();
	uint32_t l;
	uint64_t n;
	struct chat_ref k = R(1);
	assert_int_equal(chat_room_join(r, &k, "lobby", 5, &l, &n), ERR_INVALID);
	assert_int_equal(r->next_label, 1);	/* nothing changed */
	free(r);
}

static void test_leave_and_quit(void **state)
{
	struct chat_room *r = room();
	join(r, 1, "#a");
	join(r, 1, "#b");
	join(r, 2, "#a");
	struct chat_ref one = R(1);
	assert_int_equal(chat_room_leave(r, &one, "#b", 2), ERR_OK);
	assert_int_equal(chat_room_leave(r, &one, "#b", 2), ERR_DENIED);
	assert_int_equal(say(r, 1, "#b", "gone"), ERR_DENIED);
	uint64_t start = r->next_seq - 1;
	assert_int_equal(chat_room_quit(r, &one), ERR_OK);
	const struct chat_line *out[32];
	uint64_t next;
	assert_int_equal(collect(r, 2, start, out, &next), 1);
	assert_int_equal(out[0]->kind, CHAT_LEFT);
	assert_int_equal(out[0]->label, 1);
	uint32_t labels[4], n;
	assert_int_equal(chat_room_who(r, "#a", 2, labels, 4, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(labels[0], 2);
	assert_int_equal(join(r, 1, "#a"), 1);	/* still remembered */
	assert_int_equal(chat_room_who(r, "#zz", 3, labels, 4, &n),
			 ERR_NOT_FOUND);
	free(r);
}

static void test_history_last_lines_of_channel(void **state)
{
	struct chat_room *r = room();
	join(r, 1, "#a");
	join(r, 1, "#b");
	char t[16];
	for (int i = 0; i < 30; i++) {
		snprintf(t, sizeof t, "a%d", i);
		say(r, 1, "#a", t);
		say(r, 1, "#b", "noise");
	}
	const struct chat_line *h[CHAT_HISTORY];
	uint32_t n = chat_room_history(r, "#a", 2, h);
	assert_int_equal(n, CHAT_HISTORY);
	assert_memory_equal(h[0]->text, "a10", 3);
	assert_memory_equal(h[n - 1]->text, "a29", 3);
	for (uint32_t i = 1; i < n; i++)
		assert_true(h[i - 1]->seq < h[i]->seq);
	assert_int_equal(chat_room_history(r, "#none", 5, h), 0);
	free(r);
}

static void test_cursor_batches_and_missed(void **state)
{
	struct chat_room *r = room();
	join(r, 1, "#a");
	for (int i = 0; i < CHAT_LOG + 40; i++)
		say(r, 1, "#a", "x");
	const struct chat_line *out[32];
	uint64_t next;
	uint32_t missed;
	struct chat_ref k = R(1);
	uint32_t n = chat_room_collect(r, &k, 0, out, 32, &next, &missed);
	assert_int_equal(n, 32);
	assert_int_equal(missed, r->next_seq - 1 - CHAT_LOG);
	assert_int_equal(out[0]->seq, r->next_seq - CHAT_LOG);
	assert_int_equal(next, out[31]->seq);
	n = chat_room_collect(r, &k, UINT64_MAX, out, 32, &next, &missed);
	assert_int_equal(n, 0);	/* a cursor from the future: nothing */
	assert_int_equal(next, r->next_seq - 1);
	assert_int_equal(missed, 0);
	free(r);
}

static void test_member_table_bound_and_recycling(void **state)
{
	struct chat_room *r = room();
	for (uint64_t i = 0; i < CHAT_MEMBERS; i++)
		join(r, 100 + i, i < 2 ? "#busy" : "#lobby");
	uint32_t l;
	uint64_t n;
	struct chat_ref k = R(5000);
	assert_int_equal(chat_room_join(r, &k, "#lobby", 6, &l, &n), ERR_QUOTA);
	struct chat_ref idle = R(102);
	chat_room_quit(r, &idle);
	assert_int_equal(chat_room_join(r, &k, "#lobby", 6, &l, &n), ERR_OK);
	assert_int_equal(l, CHAT_MEMBERS + 1);
	assert_int_equal(chat_room_member(r, &idle), -1);	/* forgotten */
	free(r);
}

static void test_channel_table_bound(void **state)
{
	struct chat_room *r = room();
	char name[16];
	for (int i = 0; i < CHAT_CHANNELS; i++) {
		snprintf(name, sizeof name, "#c%d", i);
		join(r, 1 + (uint64_t)i / CHAT_MEMBER_CHANNELS, name);
	}
	uint32_t l;
	uint64_t n;
	struct chat_ref k = R(77);
	assert_int_equal(chat_room_join(r, &k, "#new", 4, &l, &n), ERR_QUOTA);
	struct chat_ref one = R(1);
	assert_int_equal(chat_room_leave(r, &one, "#c3", 3), ERR_OK);
	assert_int_equal(chat_room_join(r, &k, "#new", 4, &l, &n), ERR_OK);
	/* one member's channels are bounded too */
	struct chat_ref two = R(2);
	assert_int_equal(chat_room_join(r, &two, "#c0", 3, &l, &n), ERR_QUOTA);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_labels_in_join_order),
		cmocka_unit_test(test_join_twice_no_second_notice),
		cmocka_unit_test(test_message_reaches_members_only),
		cmocka_unit_test(test_no_lines_from_before_the_join),
		cmocka_unit_test(test_send_refusals),
		cmocka_unit_test(test_channel_names),
		cmocka_unit_test(test_leave_and_quit),
		cmocka_unit_test(test_history_last_lines_of_channel),
		cmocka_unit_test(test_cursor_batches_and_missed),
		cmocka_unit_test(test_member_table_bound_and_recycling),
		cmocka_unit_test(test_channel_table_bound),
	};
	return cmocka_run_group_tests_name("chat_room", tests, NULL, NULL);
}
