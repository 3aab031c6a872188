/* The Paperclips engine: the rules of the game as pure functions over a
 * player's state and the content tables (schema/paperclips.capnp, loaded
 * by pc_content_load). No allocation, no floating point: money is cents,
 * rates are permille, every sum and product saturates. A command is
 * decoded and checked completely before it changes anything, so a refused
 * command leaves the state as it was.
 *
 * Files: content.c (load and check the content message), rules.c (costs,
 * demand, unlocks), act.c (the player's commands), tick.c (automation
 * and phases), command.c (parse a command line), report.c (status JSON
 * and money text), autopilot.c (the scripted player of the balance tests
 * and of fast-forward). */
#ifndef CAPOS_LIB_PAPERCLIPS_H
#define CAPOS_LIB_PAPERCLIPS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/fmt/fmt.h"

#define PC_ITEMS 8		/* PaperclipsItem */
#define PC_MAX_PROJECTS 32
#define PC_MAX_CONDS 4
#define PC_ID_MAX 24
#define PC_NAME_MAX 40
#define PC_DESC_MAX 120
#define PC_HELP_MAX 80
#define PC_TEXT_MAX 512		/* a command's transcript text */
#define PC_PHASES 3
#define PC_MAX_COUNT 1000	/* `buy X n`, `sell n`: larger is refused */

enum pc_item { PC_WIRE, PC_AUTOCLIPPER, PC_MARKETING, PC_PROCESSOR,
	       PC_MEMORY, PC_DRONE, PC_FACTORY, PC_PROBE };
enum pc_currency { PC_FUNDS, PC_CLIPS };
enum pc_phase { PC_BUSINESS, PC_AUTONOMOUS, PC_COSMIC };
enum pc_cond_kind { PC_C_CLIPS_MADE, PC_C_FUNDS, PC_C_OWNED, PC_C_PROJECT,
		    PC_C_PHASE, PC_C_LOCAL_GONE, PC_C_COSMIC_GONE };
/* Boosts a project can add to (permille on top of 1000). */
enum pc_boost { PC_B_WIRE, PC_B_DEMAND, PC_B_AUTOCLIPPER, PC_B_OPS,
		PC_B_DRONE, PC_B_FACTORY, PC_B_PROBE_COPY, PC_B_PROBE,
		PC_BOOSTS };
enum pc_effect { PC_E_WIRE, PC_E_DEMAND, PC_E_AUTOCLIPPER, PC_E_OPS,
		 PC_E_AUTONOMOUS, PC_E_DRONE, PC_E_FACTORY, PC_E_COSMIC,
		 PC_E_PROBE_COPY, PC_E_PROBE, PC_E_FINISH, PC_EFFECTS };

struct pc_cond {
	uint8_t kind;		/* enum pc_cond_kind */
	uint8_t item;		/* PC_C_OWNED */
	uint8_t project;	/* PC_C_PROJECT: index into projects */
	uint64_t at_least;
};

struct pc_buyable {
	bool present;
	uint8_t currency;
	uint32_t growth;	/* permille per one owned */
	uint64_t base_cost, amount;
	uint8_t nconds;
	struct pc_cond cond[PC_MAX_CONDS];
	char help[PC_HELP_MAX];
};

struct pc_project {
	char id[PC_ID_MAX], name[PC_NAME_MAX], desc[PC_DESC_MAX];
	uint64_t funds, clips, ops;
	uint8_t nconds;
	struct pc_cond cond[PC_MAX_CONDS];
	uint8_t effect;		/* enum pc_effect */
	uint32_t amount;
};

struct pc_content {
	char title[PC_NAME_MAX];
	uint64_t start_funds, start_wire, demand_base;
	uint64_t local_matter, cosmic_matter, probe_cap;
	uint32_t start_price, max_price;
	uint32_t ops_per_processor, ops_per_memory;
	uint32_t autoclipper_rate, drone_rate, factory_rate, probe_rate;
	uint32_t probe_copy;	/* permille */
	uint32_t marketing;	/* demand permille per level */
	struct pc_buyable buy[PC_ITEMS];
	uint32_t nprojects;
	struct pc_project project[PC_MAX_PROJECTS];
};

/* One player's game. */
struct pc_state {
	uint64_t tick;
	uint64_t clips_made;	/* ever */
	uint64_t stock;		/* clips not sold (or spent) */
	uint64_t funds;		/* cents */
	uint64_t wire;
	uint64_t ops;
	uint64_t local_matter, cosmic_matter;
	uint64_t owned[PC_ITEMS];	/* wire: spools bought */
	uint64_t unit_m[PC_ITEMS];	/* next one's cost, thousandths */
	uint32_t probe_frac;	/* thousandths of a probe being built */
	uint32_t price;
	uint32_t boost[PC_BOOSTS];	/* permille added */
	uint32_t done;		/* bit i: project i done */
	uint8_t phase;
	bool sold;		/* a sale this tick: the cooldown */
	bool finished;
};

/* The outcome of one command or of a run of ticks. */
struct pc_result {
	bool ok;
	uint8_t phase_to;	/* the phase its text has announced */
	bool was_finished;	/* the end, likewise */
	struct fmt_buf text;
	char buf[PC_TEXT_MAX];
};

/* content.c: read a PaperclipsContent message (framed) into c. */
int pc_content_load(struct pc_content *c, const void *msg, size_t len,
		    char *why, size_t why_len);

/* rules.c */
void pc_state_init(struct pc_state *s, const struct pc_content *c);
const char *pc_item_name(unsigned item);
int pc_item_parse(const char *s, size_t n);	/* -1: unknown */
const char *pc_phase_name(unsigned phase);
bool pc_cond_holds(const struct pc_state *s, const struct pc_cond *k);
bool pc_conds_hold(const struct pc_state *s, const struct pc_cond *k,
		   unsigned n);
bool pc_item_unlocked(const struct pc_state *s, const struct pc_content *c,
		      unsigned item);
uint64_t pc_unit_grow(uint64_t unit_m, uint32_t growth);
/* Cost of the next n of item (saturating), in its currency. */
uint64_t pc_item_cost(const struct pc_state *s, const struct pc_content *c,
		      unsigned item, uint64_t n);
uint64_t pc_demand(const struct pc_state *s, const struct pc_content *c,
		   uint32_t price);
uint64_t pc_ops_max(const struct pc_state *s, const struct pc_content *c);
bool pc_project_done(const struct pc_state *s, unsigned i);
bool pc_project_available(const struct pc_state *s,
			  const struct pc_content *c, unsigned i);
bool pc_project_affordable(const struct pc_state *s,
			   const struct pc_content *c, unsigned i);
int pc_project_find(const struct pc_content *c, const char *id, size_t n);
uint64_t pc_boosted(uint64_t v, uint32_t boost);
uint64_t pc_sat_add(uint64_t a, uint64_t b);
uint64_t pc_sat_mul(uint64_t a, uint64_t b);

/* act.c: each returns with r->ok and r->text set; refused: no change. */
void pc_result_init(struct pc_result *r, const struct pc_state *s);
void pc_act_make(struct pc_state *s, const struct pc_content *c,
		 struct pc_result *r);
void pc_act_sell(struct pc_state *s, const struct pc_content *c,
		 uint64_t n, struct pc_result *r);
void pc_act_price(struct pc_state *s, const struct pc_content *c,
		  uint64_t cents, struct pc_result *r);
void pc_act_buy(struct pc_state *s, const struct pc_content *c,
		unsigned item, uint64_t n, struct pc_result *r);
void pc_act_project(struct pc_state *s, const struct pc_content *c,
		    unsigned i, struct pc_result *r);

/* tick.c: one automation tick (ends the sale cooldown). */
void pc_tick(struct pc_state *s, const struct pc_content *c);

/* command.c: run one command line (make, sell, price, buy, project);
 * anything else is refused with the reason. */
void pc_execute(struct pc_state *s, const struct pc_content *c,
		const char *line, size_t len, struct pc_result *r);

/* report.c */
void pc_money(char *buf, size_t cap, uint64_t cents);
void pc_cost_text(char *buf, size_t cap, const struct pc_state *s,
		  const struct pc_content *c, unsigned item);
void pc_project_cost_text(char *buf, size_t cap, const struct pc_project *p);
void pc_status_json(const struct pc_state *s, const struct pc_content *c,
		    struct fmt_buf *out);
void pc_result_phase_line(struct pc_result *r, const struct pc_state *s);

/* autopilot.c: the scripted player. One move: the best affordable one
 * (a project, wire when short, a sale, the cheapest item, a clip). */
bool pc_autopilot_move(struct pc_state *s, const struct pc_content *c);
/* Up to `ticks` ticks of `moves` moves each then a tick; stops when the
 * game is finished. Returns the ticks run. */
uint64_t pc_autopilot_run(struct pc_state *s, const struct pc_content *c,
			  uint64_t ticks, unsigned moves);

#endif
