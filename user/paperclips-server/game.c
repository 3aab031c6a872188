/* PaperclipsGame: the structured replies the client renders (commands,
 * status, projects), command lines run by the engine (execute), the
 * JSON status line; fastForward goes to proof.c. Every call acts on the
 * caller's own game, found by its session reference. */
#include <stdio.h>
#include <string.h>
#include "user/paperclips-server/server.h"
#include "user/rt/ipc.h"

static const struct {
	const char *usage, *summary;
} commands[] = {
	{ "make", "make one clip by hand from one unit of wire" },
	{ "sell <n>", "sell up to n clips at your price (one sale a tick)" },
	{ "price <cents>", "set the price of a clip" },
	{ "buy <item> [n]", "buy wire, autoclipper, marketing, processor, "
			    "memory, drone, factory or probe" },
	{ "project <id>", "carry out a project" },
	{ "projects", "every project: done, available or locked" },
	{ "status", "your works at a glance" },
	{ "status --json", "the same as one JSON line" },
	{ "run <ticks>", "fast-forward with the autopilot (needs the proof "
			 "accelerator)" },
	{ "help", "this list" },
	{ "exit", "leave (your game stays on the server)" },
	{ "(blank line)", "repeat the last command" },
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static int game_commands(void *self, PaperclipsGame_commands_Params_r p,
			 PaperclipsGame_commands_Results_b r)
{
	PaperclipsCommandSpec_list_b l =
		PaperclipsGame_commands_Results_init_list(r, NCOMMANDS);
	int e = 0;
	for (uint32_t i = 0; i < NCOMMANDS; i++) {
		PaperclipsCommandSpec_b b = PaperclipsCommandSpec_list_at(l, i);
		e |= PaperclipsCommandSpec_set_usage(b, commands[i].usage,
						     strlen(commands[i].usage));
		e |= PaperclipsCommandSpec_set_summary(
			b, commands[i].summary, strlen(commands[i].summary));
	}
	return e;
}

static int status_items(PaperclipsStatusSnapshot_b b, const struct pc_state *s)
{
	ItemCount_list_b l = PaperclipsStatusSnapshot_init_items(b, PC_ITEMS);
	int e = 0;
	for (unsigned i = 0; i < PC_ITEMS; i++) {
		ItemCount_b it = ItemCount_list_at(l, i);
		char cost[40];
		const char *name = pc_item_name(i);
		pc_cost_text(cost, sizeof cost, s, &srv.content, i);
		e |= ItemCount_set_item(it, name, strlen(name));
		ItemCount_set_count(it, i == PC_WIRE ? s->wire : s->owned[i]);
		e |= ItemCount_set_nextCost(it, cost, strlen(cost));
	}
	return e;
}

static int game_status(void *self, PaperclipsGame_status_Params_r p,
		       PaperclipsGame_status_Results_b r)
{
	const struct pc_state *s = &((struct game_call *)self)->p->st;
	PaperclipsStatusSnapshot_b b = PaperclipsGame_status_Results_init_snapshot(r);
	const char *phase = pc_phase_name(s->phase);
	uint32_t done = 0;
	for (unsigned i = 0; i < srv.content.nprojects; i++)
		done += pc_project_done(s, i);
	PaperclipsStatusSnapshot_set_tick(b, s->tick);
	PaperclipsStatusSnapshot_set_clipsMade(b, s->clips_made);
	PaperclipsStatusSnapshot_set_inventory(b, s->stock);
	PaperclipsStatusSnapshot_set_funds(b, s->funds);
	PaperclipsStatusSnapshot_set_wire(b, s->wire);
	PaperclipsStatusSnapshot_set_price(b, s->price);
	PaperclipsStatusSnapshot_set_demand(b, pc_demand(s, &srv.content,
							 s->price));
	PaperclipsStatusSnapshot_set_ops(b, s->ops);
	PaperclipsStatusSnapshot_set_opsMax(b, pc_ops_max(s, &srv.content));
	PaperclipsStatusSnapshot_set_localMatter(b, s->local_matter);
	PaperclipsStatusSnapshot_set_cosmicMatter(b, s->cosmic_matter);
	PaperclipsStatusSnapshot_set_projectsDone(b, done);
	PaperclipsStatusSnapshot_set_finished(b, s->finished);
	PaperclipsStatusSnapshot_set_saleReady(b, !s->sold);
	return PaperclipsStatusSnapshot_set_phase(b, phase, strlen(phase)) |
	       status_items(b, s);
}

static int project_entry(ProjectEntry_b b, const struct pc_state *s,
			 unsigned i)
{
	const struct pc_project *pr = &srv.content.project[i];
	char cost[96];
	pc_project_cost_text(cost, sizeof cost, pr);
	ProjectEntry_set_state(b, pc_project_done(s, i) ? ProjectEntry_State_done
			       : pc_project_available(s, &srv.content, i)
				       ? ProjectEntry_State_available
				       : ProjectEntry_State_locked);
	return ProjectEntry_set_id(b, pr->id, strlen(pr->id)) |
	       ProjectEntry_set_name(b, pr->name, strlen(pr->name)) |
	       ProjectEntry_set_description(b, pr->desc, strlen(pr->desc)) |
	       ProjectEntry_set_cost(b, cost, strlen(cost));
}

static int game_projects(void *self, PaperclipsGame_projects_Params_r p,
			 PaperclipsGame_projects_Results_b r)
{
	const struct pc_state *s = &((struct game_call *)self)->p->st;
	uint32_t n = srv.content.nprojects;
	ProjectEntry_list_b l = PaperclipsGame_projects_Results_init_list(r, n);
	int e = 0;
	for (uint32_t i = 0; i < n; i++)
		e |= project_entry(ProjectEntry_list_at(l, i), s, i);
	return e;
}

static int game_execute(void *self, PaperclipsGame_execute_Params_r p,
			PaperclipsGame_execute_Results_b r)
{
	static struct pc_result res;
	struct pc_state *s = &((struct game_call *)self)->p->st;
	struct capn_text line = PaperclipsGame_execute_Params_get_line(p);
	pc_execute(s, &srv.content, line.str, line.len, &res);
	PaperclipsGame_execute_Results_set_ok(r, res.ok);
	return PaperclipsGame_execute_Results_set_text(r, res.text.buf,
						       res.text.len);
}

static int game_status_json(void *self, PaperclipsGame_statusJson_Params_r p,
			    PaperclipsGame_statusJson_Results_b r)
{
	char buf[1024];
	struct fmt_buf b = fmt_buf_init(buf, sizeof buf);
	pc_status_json(&((struct game_call *)self)->p->st, &srv.content, &b);
	return PaperclipsGame_statusJson_Results_set_line(r, buf, b.len);
}

/* Runs only once proof.c has checked the proof (gc->proof). */
static int game_fast_forward(void *self, PaperclipsGame_fastForward_Params_r p,
			     PaperclipsGame_fastForward_Results_b r)
{
	static struct pc_result res;
	struct game_call *gc = self;
	struct pc_state *s = &gc->p->st;
	uint32_t ticks = PaperclipsGame_fastForward_Params_get_ticks(p);
	pc_result_init(&res, s);
	if (gc->proof != 1)
		fmt_appendf(&res.text, "run: refused: %s\n", gc->why);
	else if (!ticks || ticks > PaperclipsGame_maxFastForward)
		fmt_appendf(&res.text, "run: between 1 and %u ticks\n",
			    PaperclipsGame_maxFastForward);
	else {
		uint64_t ran = pc_autopilot_run(s, &srv.content, ticks, 1);
		res.ok = true;
		pc_result_phase_line(&res, s);
		fmt_appendf(&res.text, "ran %lu ticks with the autopilot: "
			    "tick %lu, %s phase, %lu clips made\n",
			    (unsigned long)ran, (unsigned long)s->tick,
			    pc_phase_name(s->phase),
			    (unsigned long)s->clips_made);
	}
	PaperclipsGame_fastForward_Results_set_ok(r, res.ok);
	return PaperclipsGame_fastForward_Results_set_text(r, res.text.buf,
							   res.text.len);
}

const struct PaperclipsGame_server game_server = {
	.commands = game_commands,
	.status = game_status,
	.projects = game_projects,
	.execute = game_execute,
	.statusJson = game_status_json,
	.fastForward = game_fast_forward,
};

void game_drop_caps(const struct rt_incoming *in)
{
	for (uint32_t i = 0; i < in->hdr->ncaps; i++)
		rt_release(in->caps[i].handle);
}

void game_on_call(struct rt_loop *l, void *ctx, const struct rt_incoming *in)
{
	static uint8_t out[GAME_OUT_BYTES];
	if (in->status < 0) {
		printf("paperclips-server: receive on game failed: %s\n",
		       capos_strerror(in->status));
		rt_loop_stop(l);
		return;
	}
	struct game_call gc = { .p = players_get(in->hdr) };
	if (!gc.p) {
		rt_return_exception(srv.game_ep, in, "paperclips: the server "
				    "is full (64 players); try again later");
		game_drop_caps(in);
		return;
	}
	if (in->hdr->method == PaperclipsGame_fastForward_METHOD) {
		proof_start(in, gc.p);
		return;
	}
	RT_SERVE(PaperclipsGame, &game_server, &gc, srv.game_ep, in, out,
		 sizeof out);
	game_drop_caps(in);
}
