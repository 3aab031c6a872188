/* chat-client: the terminal side of the Chat service, started from the
 * shell as run "chat-client" with { stdio: client @stdio, chat: client @chat }.
 *
 * Two calls are always out, each on the event loop: a StdIO.readLine for
 * the person and a Chat.wait for the channels. Lines heard are printed as
 * they come (the shell redraws the prompt and what was typed); a typed
 * line is a command or a message, handled with ordinary synchronous
 * calls. Line formats:
 *   [chat] #lobby <member-2> text       a message, live
 *   [replay] #lobby <member-1> text     history handed out by a join
 *   [chat] #lobby member-3 joined       (left), others only */
#ifndef CAPOS_CHAT_CLIENT_H
#define CAPOS_CHAT_CLIENT_H
#include "capos/chat.h"
#include "capos/console.h"
#include "lib/chat/room.h"
#include "user/rt/evloop.h"

#define CLI_CHANNELS CHAT_MEMBER_CHANNELS
#define CLI_LINE_MAX 512	/* what a person may type */

struct cli {
	cap_handle_t chat;
	struct rt_loop loop;
	char label[CHAT_LABEL_MAX];	/* ours, once joined */
	char chan[CLI_CHANNELS][CHAT_CHANNEL_MAX + 1];	/* joined, in order */
	uint32_t nchan;		/* the current channel is the last */
	uint64_t cursor;	/* Chat.wait's `after` */
	bool have_cursor, quit;
	int code;		/* exit code */
	struct capn_call rd_call, wait_call;
	uint8_t rd_params[64], wait_params[64];
	uint8_t rd_results[CLI_LINE_MAX + 256];
	uint8_t wait_results[24576];
};

extern struct cli cli;

/* cmds.c */
void cli_command(const char *line, uint32_t n);
void cli_join(const char *name, uint32_t n);
void cli_prompt(void);
void cli_help(void);
/* print.c */
void cli_print(const char *s);
void cli_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_print_lines(ChatLine_list_r l, bool replay);

#endif
