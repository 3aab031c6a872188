/* What a typed line does: /join, /leave, /who, /exit, /help, or a
 * message to the current channel. Refusals come from the server as
 * CapException text and are printed as they are. */
#include <string.h>
#include "lib/fmt/fmt.h"
#include "user/chat-client/client.h"

#define CLI_HELP "[chat] /join <channel>, /leave, /who, /exit, or plain text\n"

static const char *cli_current(void)
{
	return cli.nchan ? cli.chan[cli.nchan - 1] : 0;
}

void cli_prompt(void)
{
	const char *c = cli_current();
	cli_printf("[chat%s%s]> ", c ? ":" : "", c ? c : "");
}

/* The server's refusals say what was refused; other failures need it. */
static void cli_failed(const char *what, struct capn_call *c, int32_t st)
{
	char buf[200];
	const char *why = rt_call_error(c, st, buf, sizeof buf);
	if (st == ERR_APPLICATION_EXCEPTION)
		cli_printf("[chat] %s\n", why);
	else
		cli_printf("[chat] %s: %s\n", what, why);
}

/* Make name the current channel (moved to the end of the list). */
static void cli_chan_set(const char *name)
{
	uint32_t i = 0;
	while (i < cli.nchan && strcmp(cli.chan[i], name))
		i++;
	if (i == cli.nchan && cli.nchan == CLI_CHANNELS)
		i = 0;		/* the server refuses a ninth anyway */
	if (i < cli.nchan) {
		memmove(cli.chan[i], cli.chan[i + 1],
			(cli.nchan - i - 1) * sizeof cli.chan[0]);
		cli.nchan--;
	}
	fmt_snprintf(cli.chan[cli.nchan++], sizeof cli.chan[0], "%s", name);
}

void cli_join(const char *name, uint32_t n)
{
	static uint8_t res[24576];
	uint8_t par[CHAT_CHANNEL_MAX + 96];
	char ch[CHAT_CHANNEL_MAX + 2];
	struct capn_call c;
	struct capn_msg m;
	Chat_join_Results_r r;
	fmt_snprintf(ch, sizeof ch, "%s%.*s", n && name[0] == '#' ? "" : "#",
		     (int)(n < CHAT_CHANNEL_MAX ? n : CHAT_CHANNEL_MAX), name);
	if (Chat_join_prepare(&c, par, sizeof par, ch, strlen(ch))) {
		cli_printf("[chat] join: that name is too long\n");
		return;
	}
	capn_call_set_results(&c, res, sizeof res);
	int32_t st = rt_call(cli.chat, &c);
	if (Chat_join_results(&m, &c, st, &r)) {
		cli_failed("join", &c, st);
		return;
	}
	struct capn_text label = Chat_join_Results_get_label(r);
	fmt_snprintf(cli.label, sizeof cli.label, "%.*s", (int)label.len,
		     label.str);
	cli_print_lines(Chat_join_Results_get_history(r), true);
	cli_chan_set(ch);
	if (!cli.have_cursor)
		cli.cursor = Chat_join_Results_get_next(r);
	cli.have_cursor = true;
	cli_printf("[chat] you are in %s as %s\n", ch, cli.label);
}

static void cli_leave(void)
{
	uint8_t par[CHAT_CHANNEL_MAX + 96], res[256];
	struct capn_call c;
	const char *ch = cli_current();
	if (!ch) {
		cli_printf("[chat] leave: you are in no channel\n");
		return;
	}
	Chat_leave_prepare(&c, par, sizeof par, ch, strlen(ch));
	capn_call_set_results(&c, res, sizeof res);
	int32_t st = rt_call(cli.chat, &c);
	if (st < 0) {
		cli_failed("leave", &c, st);
		return;
	}
	cli_printf("[chat] you left %s\n", ch);
	cli.nchan--;
}

static void cli_who(void)
{
	static uint8_t res[8192];
	uint8_t par[CHAT_CHANNEL_MAX + 96];
	struct capn_call c;
	struct capn_msg m;
	Chat_who_Results_r r;
	const char *ch = cli_current();
	if (!ch) {
		cli_printf("[chat] who: you are in no channel\n");
		return;
	}
	Chat_who_prepare(&c, par, sizeof par, ch, strlen(ch));
	capn_call_set_results(&c, res, sizeof res);
	int32_t st = rt_call(cli.chat, &c);
	if (Chat_who_results(&m, &c, st, &r)) {
		cli_failed("who", &c, st);
		return;
	}
	struct capn_list_r l = Chat_who_Results_get_members(r);
	char buf[CHAT_MEMBERS * CHAT_LABEL_MAX + 64];
	struct fmt_buf fb = fmt_buf_init(buf, sizeof buf);
	fmt_appendf(&fb, "[chat] %s:", ch);
	for (uint32_t i = 0; i < l.len; i++) {
		struct capn_text t = capn_list_text(&l, i);
		fmt_appendf(&fb, "%s %.*s", i ? "," : "", (int)t.len, t.str);
	}
	cli_printf("%s\n", fmt_buf_str(&fb));
}

static void cli_send(const char *text, uint32_t n)
{
	uint8_t par[CLI_LINE_MAX + CHAT_CHANNEL_MAX + 128], res[256];
	struct capn_call c;
	const char *ch = cli_current();
	if (!ch) {
		cli_printf("[chat] you are in no channel: /join #lobby\n");
		return;
	}
	if (Chat_send_prepare(&c, par, sizeof par, ch, strlen(ch), text, n)) {
		cli_printf("[chat] send: the message is too long\n");
		return;
	}
	capn_call_set_results(&c, res, sizeof res);
	int32_t st = rt_call(cli.chat, &c);
	if (st < 0)
		cli_failed("send", &c, st);
}

static void cli_exit(void)
{
	uint8_t par[64], res[128];
	struct capn_call c;
	Chat_quit_prepare(&c, par, sizeof par);
	capn_call_set_results(&c, res, sizeof res);
	rt_call(cli.chat, &c);
	cli_printf("[chat] bye\n");
	cli.quit = true;
}

static bool cli_is(const char *line, uint32_t n, const char *cmd)
{
	size_t k = strlen(cmd);
	return n >= k && !memcmp(line, cmd, k) && (n == k || line[k] == ' ');
}

void cli_command(const char *line, uint32_t n)
{
	if (n == 0)
		return;
	if (line[0] != '/') {
		cli_send(line, n);
	} else if (cli_is(line, n, "/join") && n > 6) {
		cli_join(line + 6, n - 6);
	} else if (cli_is(line, n, "/leave")) {
		cli_leave();
	} else if (cli_is(line, n, "/who")) {
		cli_who();
	} else if (cli_is(line, n, "/exit")) {
		cli_exit();
	} else {
		cli_printf("[chat] not a command: %.*s\n", (int)(n < 40 ? n : 40),
			   line);
		cli_print(CLI_HELP);
	}
}

void cli_help(void)
{
	cli_print(CLI_HELP);
}
