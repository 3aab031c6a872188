/* adventure-scenario: plays the Aurelian Frontier through typed calls
 * alone (Console + Adventure), as a proof that the mission can be
 * finished and that the server, not the player, decides when it is.
 *
 * Each arg `run=<kind>` is one expedition, in order (all in this
 * process's one session, so each begins by leaving the last):
 *   run=full          the whole mission; prints
 *                     "adventure-scenario: mission complete" only when
 *                     the server's Report says complete, then leaves and
 *                     checks the state is gone
 *   run=skip:<beat>   the same without that beat's steps, played and
 *                     judged the same way: the server refuses a later
 *                     step, so no marker is printed
 *   run=downed        falls to the ward-wraith, then checks that actions
 *                     are refused and status still answers
 *   run=hostile       unknown names, bytes that are no text, arguments
 *                     of 900 bytes: each must be refused by name, and the
 *                     server must still answer afterwards
 * Exit status: 0 if some run completed the mission, 1 otherwise. */
#include <string.h>
#include "user/adventure-client/calls.h"

static cap_handle_t adv;
static struct advc_report rep;
static char err[160];

struct step {
	const char *verb, *a, *b, *c;
	const char *beat;	/* the beat it does, or NULL */
};

static const struct step walk[] = {
	{ "take", "ward-writ", 0, 0, "writ" },
	{ "go", "south", 0, 0, 0 }, { "go", "east", 0, 0, 0 },
	{ "ask", "maro", 0, 0, "route" },
	{ "go", "west", 0, 0, 0 }, { "go", "south", 0, 0, 0 },
	{ "cast", "ember-lance", "ward-wraith", "head", "wraith" },
	{ "cast", "ember-lance", "ward-wraith", "head", "wraith" },
	{ "use", "shield-bash", "ward-wraith", "chest", "wraith" },
	{ "attack", "ward-wraith", "head", 0, "wraith" },
	{ "guard", 0, 0, 0, "wraith" },
	{ "cast", "ember-lance", "ward-wraith", "chest", "wraith" },
	{ "rest", 0, 0, 0, 0 },
	{ "go", "north", 0, 0, 0 }, { "go", "west", 0, 0, 0 },
	{ "ask", "livia", 0, 0, "delegate" },
	{ "go", "east", 0, 0, 0 }, { "go", "south", 0, 0, 0 },
	{ "go", "south", 0, 0, 0 },
	{ "cast", "ward-kindle", 0, 0, "kindle" },
	{ "guard", 0, 0, 0, "shield" },
	{ "evacuate", 0, 0, 0, "evacuate" },
	{ "go", "east", 0, 0, 0 },
	{ "ask", "iunia", 0, 0, "witness" },
	{ "go", "west", 0, 0, 0 }, { "go", "south", 0, 0, 0 },
	{ "seal", "gate", 0, 0, "seal" },
	{ "go", "south", 0, 0, 0 },
	{ "take", "eagle-standard", 0, 0, "standard" },
};

#define NSTEPS (sizeof walk / sizeof walk[0])

/* One typed call; false (reported) if it failed or was refused. */
static bool act(const char *verb, const char *a, const char *b,
		const char *c)
{
	int32_t st = advc_call(adv, verb, a, b, c, &rep, err, sizeof err);
	if (st < 0) {
		rt_printf("adventure-scenario: %s failed: %s\n", verb, err);
		return false;
	}
	if (!rep.ok)
		rt_printf("adventure-scenario: %s %s refused (%s): %s", verb,
			  a ? a : "", Refusal_name_of(rep.refusal), rep.text);
	return rep.ok;
}

static bool fresh(void)
{
	advc_call(adv, "leave", 0, 0, 0, &rep, err, sizeof err);
	return act("start", 0, 0, 0);
}

static void check_leave(void)
{
	act("leave", 0, 0, 0);
	advc_call(adv, "status", 0, 0, 0, &rep, err, sizeof err);
	rt_printf("adventure-scenario: after leave, status is %s\n",
		  !rep.ok && rep.refusal == Refusal_noExpedition ?
		  "refused: no expedition (state cleaned up)" :
		  "STILL ANSWERED");
}

/* The walk without `skip`'s steps; true if the server reports complete. */
static bool play(const char *skip)
{
	if (!fresh())
		return false;
	for (size_t i = 0; i < NSTEPS; i++) {
		const struct step *s = &walk[i];
		if (skip && s->beat && !strcmp(s->beat, skip))
			continue;
		if (!act(s->verb, s->a, s->b, s->c)) {
			rt_printf("adventure-scenario: run stopped at step "
				  "%zu (%u/%u beats)\n", i + 1, rep.beats,
				  rep.total);
			return false;
		}
	}
	act("inventory", 0, 0, 0);
	rt_printf("adventure-scenario: %u/%u beats, standard among relics: "
		  "%s\n", rep.beats, rep.total,
		  advc_section_has(Section_relics, "eagle-standard") ?
		  "yes" : "no");
	return rep.complete;
}

/* A full or skipping run: the marker depends on the server alone. */
static bool run_mission(const char *skip)
{
	bool done = play(skip);
	if (done)
		rt_printf("adventure-scenario: mission complete\n");
	else
		rt_printf("adventure-scenario: the server does not report the "
			  "mission complete\n");
	check_leave();
	return done;
}

static void run_downed(void)
{
	if (!fresh())
		return;
	for (size_t i = 0; i < 6; i++)
		act(walk[i].verb, walk[i].a, walk[i].b, walk[i].c);
	for (int i = 0; i < 100 && !rep.downed; i++)
		if (!act("attack", "ward-wraith", "limbs", 0) && !rep.downed)
			act("guard", 0, 0, 0);
	rt_printf("adventure-scenario: downed: %s (health %u)\n",
		  rep.downed ? "yes" : "no", rep.health);
	advc_call(adv, "go", "north", 0, 0, &rep, err, sizeof err);
	rt_printf("adventure-scenario: downed go north: %s\n",
		  rep.ok ? "ALLOWED" : Refusal_name_of(rep.refusal));
	check_leave();
}

static void run_hostile(void)
{
	static char big[901];
	static const char *const junk[] = { "", "\xff\xfe\x01", "%s%s%n",
					    "north; leave", big };
	int refused = 0, tried = 0;
	memset(big, 'x', sizeof big - 1);
	if (!fresh())
		return;
	for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
		static const char *const verbs[] = { "go", "take", "ask",
						     "seal", "attack", "cast" };
		for (size_t k = 0; k < sizeof verbs / sizeof verbs[0]; k++) {
			int32_t st = advc_call(adv, verbs[k], junk[i], junk[i],
					       junk[i], &rep, err, sizeof err);
			tried++;
			refused += st == 0 && !rep.ok &&
				   rep.refusal != Refusal_none;
		}
	}
	bool alive = act("look", 0, 0, 0) && !strcmp(rep.room, "praetorium");
	rt_printf("adventure-scenario: hostile: %d of %d refused by name, "
		  "server %s\n", refused, tried, alive ? "still answers" :
		  "BROKEN");
	check_leave();
}

int main(void)
{
	bool complete = false;
	adv = rt_cap_find("adventure", Adventure_IFACE_ID);
	if (adv == CAP_HANDLE_NONE) {
		rt_printf("adventure-scenario: needs \"adventure\"\n");
		return 2;
	}
	for (int i = 0; i < rt_argc(); i++) {
		const char *a = rt_argv(i);
		rt_printf("adventure-scenario: %s\n", a);
		if (!strcmp(a, "run=full"))
			complete |= run_mission(NULL);
		else if (!strncmp(a, "run=skip:", 9))
			complete |= run_mission(a + 9);
		else if (!strcmp(a, "run=downed"))
			run_downed();
		else if (!strcmp(a, "run=hostile"))
			run_hostile();
		else
			rt_printf("adventure-scenario: unknown arg\n");
	}
	return complete ? 0 : 1;
}
