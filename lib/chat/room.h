/* The chat service's state (user/chat-server), pure so host tests can
 * drive it: members, channels and one bounded log of lines.
 *
 * A member is a caller-session reference (the kernel's, from the IPC
 * header), never anything a client sends. It gets the label
 * "member-<N>", N counting members in the order they first joined; the
 * label lasts while the member is remembered. Members are forgotten only
 * to make room: one in no channel, longest idle.
 *
 * Channels: "#" plus 1..CHAT_CHANNEL_MAX-1 bytes of [a-z0-9._-]. A
 * channel exists while it has members or lines in the log; a full table
 * drops the longest-idle empty one.
 *
 * The log keeps the last CHAT_LOG lines of all channels in order (seq
 * from 1). History for a join is the channel's last CHAT_HISTORY lines
 * still in the log; a reader that falls further behind than the log
 * learns how many lines it missed.
 *
 * Every function validates everything before it changes anything and
 * returns 0 or a negative err_t: ERR_INVALID (bad channel name or text),
 * ERR_DENIED (not a member of that channel), ERR_QUOTA (a table is
 * full), ERR_NOT_FOUND (no such channel for who). */
#ifndef CAPOS_LIB_CHAT_ROOM_H
#define CAPOS_LIB_CHAT_ROOM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "capos/err.h"

#define CHAT_MEMBERS 64
#define CHAT_CHANNELS 16
#define CHAT_MEMBER_CHANNELS 8	/* channels one member may be in */
#define CHAT_LOG 256
#define CHAT_HISTORY 20		/* schema Chat.historyLines */
#define CHAT_TEXT_MAX 400	/* schema Chat.maxText */
#define CHAT_CHANNEL_MAX 32	/* schema Chat.maxChannel, with the '#' */
#define CHAT_LABEL_MAX 24	/* "member-4294967295" and a NUL */

enum chat_kind { CHAT_MESSAGE, CHAT_JOINED, CHAT_LEFT };

struct chat_ref {
	uint64_t w[2];
};

struct chat_line {
	uint64_t seq;		/* 0: an empty log slot */
	enum chat_kind kind;
	uint32_t label;		/* the sender's N */
	char channel[CHAT_CHANNEL_MAX + 1];
	uint16_t len;
	char text[CHAT_TEXT_MAX];
};

struct chat_member {
	bool used;
	struct chat_ref ref;
	uint32_t label;
	uint64_t active;	/* room clock at its last call */
};

struct chat_channel {
	bool used;
	char name[CHAT_CHANNEL_MAX + 1];
	uint64_t active;
	uint32_t n;
	uint16_t member[CHAT_MEMBERS];	/* indexes into members, join order */
	uint64_t since[CHAT_MEMBERS];	/* seq of member[i]'s join line */
};

struct chat_room {
	struct chat_member members[CHAT_MEMBERS];
	struct chat_channel channels[CHAT_CHANNELS];
	struct chat_line log[CHAT_LOG];	/* seq s lives at (s - 1) % CHAT_LOG */
	uint64_t next_seq;
	uint32_t next_label;
	uint64_t clock;
};

void chat_room_init(struct chat_room *r);

/* "member-<N>" into buf (at least CHAT_LABEL_MAX bytes). */
void chat_label_format(uint32_t label, char *buf);

err_t chat_channel_check(const char *s, size_t n);
/* 1..CHAT_TEXT_MAX bytes of UTF-8 without control characters (C0, DEL,
 * C1): a line break or an escape sequence could pose as another line. */
err_t chat_text_check(const char *s, size_t n);

/* Join channel ch (no change if already in it); *label: the member's N;
 * *next: the cursor after which this member hears new lines. */
err_t chat_room_join(struct chat_room *r, const struct chat_ref *who,
		     const char *ch, size_t n, uint32_t *label, uint64_t *next);
err_t chat_room_leave(struct chat_room *r, const struct chat_ref *who,
		      const char *ch, size_t n);
/* Leave every channel; 0 even if the member was in none. */
err_t chat_room_quit(struct chat_room *r, const struct chat_ref *who);
err_t chat_room_send(struct chat_room *r, const struct chat_ref *who,
		     const char *ch, size_t n, const char *text, size_t len,
		     uint64_t *seq);

/* Labels of ch's members in join order, at most max; *count: how many. */
err_t chat_room_who(const struct chat_room *r, const char *ch, size_t n,
		    uint32_t *labels, uint32_t max, uint32_t *count);

/* The channel's last CHAT_HISTORY lines still logged, oldest first. */
uint32_t chat_room_history(const struct chat_room *r, const char *ch,
			   size_t n, const struct chat_line **out);

/* Lines after `after` in the member's channels, logged since it joined
 * each (its history came with the join), at most max, oldest first; *next: the cursor to ask with next time; *missed: lines after
 * `after` no longer in the log. A non-member hears nothing. */
uint32_t chat_room_collect(const struct chat_room *r,
			   const struct chat_ref *who, uint64_t after,
			   const struct chat_line **out, uint32_t max,
			   uint64_t *next, uint32_t *missed);

/* The member's index, or -1 if the room does not know it. */
int chat_room_member(const struct chat_room *r, const struct chat_ref *who);

#endif
