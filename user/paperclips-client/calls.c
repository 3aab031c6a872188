/* The client's calls to PaperclipsGame. A failed call prints why (the
 * server's CapException text or the error) and the client goes on. */
#include <string.h>
#include "user/paperclips-client/client.h"

static uint8_t params[512], results[CLIENT_RESULTS];

static bool call_failed(const struct capn_call *c, int32_t st, int e)
{
	char why[160];
	if (!e)
		return false;
	out("paperclips: the server did not answer: %s\n",
	    rt_call_error(c, st < 0 ? st : e, why, sizeof why));
	return true;
}

/* Server text: printed as sent, with a line end if it lacks one. */
static void print_text(struct capn_text t)
{
	out("%.*s", (int)t.len, t.str);
	if (t.len && t.str[t.len - 1] != '\n')
		out("\n");
}

void call_help(void)
{
	struct capn_call c;
	struct capn_msg m;
	PaperclipsGame_commands_Results_r r;
	PaperclipsGame_commands_prepare(&c, params, sizeof params);
	capn_call_set_results(&c, results, sizeof results);
	int32_t st = rt_call(cl.game, &c);
	if (!call_failed(&c, st, PaperclipsGame_commands_results(&m, &c, st, &r)))
		render_help(r);
}

void call_status(void)
{
	struct capn_call c;
	struct capn_msg m;
	PaperclipsGame_status_Results_r r;
	PaperclipsGame_status_prepare(&c, params, sizeof params);
	capn_call_set_results(&c, results, sizeof results);
	int32_t st = rt_call(cl.game, &c);
	if (!call_failed(&c, st, PaperclipsGame_status_results(&m, &c, st, &r)))
		render_status(PaperclipsGame_status_Results_get_snapshot(r));
}

void call_status_json(void)
{
	struct capn_call c;
	struct capn_msg m;
	PaperclipsGame_statusJson_Results_r r;
	PaperclipsGame_statusJson_prepare(&c, params, sizeof params);
	capn_call_set_results(&c, results, sizeof results);
	int32_t st = rt_call(cl.game, &c);
	if (!call_failed(&c, st,
			 PaperclipsGame_statusJson_results(&m, &c, st, &r)))
		print_text(PaperclipsGame_statusJson_Results_get_line(r));
}

void call_projects(void)
{
	struct capn_call c;
	struct capn_msg m;
	PaperclipsGame_projects_Results_r r;
	PaperclipsGame_projects_prepare(&c, params, sizeof params);
	capn_call_set_results(&c, results, sizeof results);
	int32_t st = rt_call(cl.game, &c);
	if (!call_failed(&c, st, PaperclipsGame_projects_results(&m, &c, st, &r)))
		render_projects(PaperclipsGame_projects_Results_get_list(r));
}

void call_execute(const char *line, uint32_t len)
{
	struct capn_call c;
	struct capn_msg m;
	PaperclipsGame_execute_Results_r r;
	if (PaperclipsGame_execute_prepare(&c, params, sizeof params, line,
					   len)) {
		out("refused: the line is too long\n");
		return;
	}
	capn_call_set_results(&c, results, sizeof results);
	int32_t st = rt_call(cl.game, &c);
	if (!call_failed(&c, st, PaperclipsGame_execute_results(&m, &c, st, &r)))
		print_text(PaperclipsGame_execute_Results_get_text(r));
}

/* The accelerator (if granted) rides along as the proof; the server
 * decides whether it is one. */
void call_run(uint32_t ticks)
{
	struct capn_call c;
	struct capn_msg m;
	struct ring_cqe cqe;
	PaperclipsGame_fastForward_Results_r r;
	struct ring_xfer x = { cl.accel, RING_XFER_COPY, 0 };
	bool have = cl.accel != CAP_HANDLE_NONE;
	PaperclipsGame_fastForward_prepare(&c, params, sizeof params, ticks, 0);
	capn_call_set_results(&c, results, sizeof results);
	int32_t st = rt_call_xfer(cl.game, &c, have ? &x : 0, have ? 1 : 0,
				  &cqe);
	if (!call_failed(&c, st,
			 PaperclipsGame_fastForward_results(&m, &c, st, &r)))
		print_text(PaperclipsGame_fastForward_Results_get_text(r));
}
