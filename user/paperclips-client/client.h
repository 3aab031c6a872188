/* paperclips-client: the terminal side of Paperclips. It holds no game
 * state: every line goes to the server (PaperclipsGame on "paperclips"),
 * and help, status and projects are rendered here from the server's
 * structured replies. Files: main.c (the prompt loop), calls.c (the
 * calls), render.c (help, status, projects). */
#ifndef CAPOS_USER_PAPERCLIPS_CLIENT_H
#define CAPOS_USER_PAPERCLIPS_CLIENT_H
#include "capos/paperclips.h"
#include "user/rt/rt.h"

#define CLIENT_RESULTS 16384

struct client {
	cap_handle_t game;
	cap_handle_t accel;	/* any capability granted as "accelerator" */
};

extern struct client cl;

void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Each prints the reply, or the failure in words. */
void call_help(void);
void call_status(void);
void call_status_json(void);
void call_projects(void);
void call_execute(const char *line, uint32_t len);
void call_run(uint32_t ticks);

void render_help(PaperclipsGame_commands_Results_r r);
void render_status(PaperclipsStatusSnapshot_r s);
void render_projects(ProjectEntry_list_r l);

#endif
