/* adventure-client: the Aurelian Frontier at a terminal (see main.c).
 * Shared by its files. */
#ifndef CAPOS_USER_ADVENTURE_CLIENT_H
#define CAPOS_USER_ADVENTURE_CLIENT_H
#include "user/adventure-client/calls.h"
#include "user/rt/evloop.h"

#define LINE_MAX 256

struct client {
	cap_handle_t adv, chat;
	struct rt_loop loop;
	bool choosing;		/* a saved expedition: resume or new first */
	bool quit;
	char room[40];		/* the room id of the last report */
};

extern struct client cl;

void out(const char *s);
void outf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* cmds.c: one typed line. */
void cmd_run(char *line);
/* After a report: the room (and so the chat channel) may have changed. */
void cmd_room_changed(void);

/* chat.c: the room's channel. Without a chat capability these say so. */
void chat_start(void);
void chat_enter(const char *channel);
void chat_say(const char *text);
void chat_quit(void);

#endif
