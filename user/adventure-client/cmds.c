/* Typed lines to typed calls. A line is split into words; the first
 * picks the command, the rest are its arguments (ids, a direction, a
 * zone). Game commands are Adventure calls whose Report text is shown
 * as it comes; `say` goes to the room's Chat channel; `help`, `exit`
 * are the client's own. Nothing here decides anything about the game. */
#include <string.h>
#include "lib/fmt/fmt.h"
#include "user/adventure-client/client.h"

#define WORDS 4

static struct advc_report rep;

static const char help_text[] =
	"Commands:\n"
	"  look, go <dir> (or north/south/east/west), take <item>\n"
	"  inventory, status, ask <person> (talk <person>)\n"
	"  attack <foe> [zone], use <skill> <foe> [zone],\n"
	"  cast <spell> [foe] [zone], guard, rest, evacuate, seal <what>\n"
	"  say <text>       speak in this room's chat channel\n"
	"  resume, new      return to your expedition / start over\n"
	"  leave            abandon the expedition (its state is deleted)\n"
	"  exit             quit this client (the expedition waits)\n";

/* Splits line into at most WORDS words (the last keeps the rest). */
static int split(char *line, char *w[WORDS])
{
	int n = 0;
	char *s = line;
	while (n < WORDS) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		w[n++] = s;
		if (n == WORDS)
			break;
		while (*s && *s != ' ')
			s++;
		if (*s)
			*s++ = '\0';
	}
	for (int i = n; i < WORDS; i++)
		w[i] = "";
	return n;
}

static void show(const char *verb)
{
	if (!rep.ok)
		out("(refused) ");
	if (rep.text[0])
		out(rep.text);
	if (rep.room[0] && strcmp(rep.room, cl.room)) {
		fmt_snprintf(cl.room, sizeof cl.room, "%s", rep.room);
		cmd_room_changed();
	}
	if (!strcmp(verb, "leave") && rep.ok) {
		cl.room[0] = '\0';
		cmd_room_changed();
	}
}

static void call(const char *verb, const char *a, const char *b,
		 const char *c)
{
	char err[160];
	if (advc_call(cl.adv, verb, a, b, c, &rep, err, sizeof err) < 0) {
		outf("%s: %s\n", verb, err);
		return;
	}
	show(verb);
	if (rep.ok && (!strcmp(verb, "resume") || !strcmp(verb, "start")))
		cl.choosing = false;
}

void cmd_room_changed(void)
{
	char ch[40] = "";
	if (cl.room[0])
		advc_channel(cl.adv, ch, sizeof ch);
	chat_enter(ch);
}

static const char *const alias[][2] = {
	{ "l", "look" }, { "i", "inventory" }, { "inv", "inventory" },
	{ "talk", "ask" }, { "new", "start" }, { "quit", "exit" },
	{ "n", "north" }, { "s", "south" }, { "e", "east" }, { "w", "west" },
};

static const char *canon(const char *v)
{
	for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
		if (!strcmp(v, alias[i][0]))
			return alias[i][1];
	return v;
}

static bool is_dir(const char *v)
{
	return !strcmp(v, "north") || !strcmp(v, "south") ||
	       !strcmp(v, "east") || !strcmp(v, "west");
}

static const char *const game_verbs[] = {
	"start", "resume", "look", "go", "take", "inventory", "status",
	"attack", "use", "cast", "guard", "rest", "ask", "evacuate", "seal",
	"leave",
};

static bool is_game_verb(const char *v)
{
	for (size_t i = 0; i < sizeof game_verbs / sizeof game_verbs[0]; i++)
		if (!strcmp(v, game_verbs[i]))
			return true;
	return false;
}

/* The client's own commands; true if it was one. */
static bool local(const char *v, char *rest)
{
	if (!strcmp(v, "help"))
		out(help_text);
	else if (!strcmp(v, "exit"))
		cl.quit = true;
	else if (!strcmp(v, "say"))
		rest[0] ? chat_say(rest) : out("say what?\n");
	else
		return false;
	return true;
}

void cmd_run(char *line)
{
	char *w[WORDS], rest[LINE_MAX];
	const char *r = line;
	while (*r == ' ')
		r++;
	while (*r && *r != ' ')
		r++;
	while (*r == ' ')
		r++;
	fmt_snprintf(rest, sizeof rest, "%s", r);	/* before split cuts it */
	if (split(line, w) == 0)
		return;
	const char *v = canon(w[0]);
	if (local(v, rest))
		return;
	if (is_dir(v)) {
		call("go", v, 0, 0);
		return;
	}
	if (!is_game_verb(v)) {
		outf("%s: unknown command (try `help`)\n", w[0]);
		return;
	}
	if (cl.choosing && strcmp(v, "start") && strcmp(v, "resume") &&
	    strcmp(v, "leave") && strcmp(v, "status")) {
		out("An expedition of yours is under way: `resume` it, or "
		    "`new` to start over.\n");
		return;
	}
	call(v, w[1], w[2], w[3]);
}
