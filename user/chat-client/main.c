/* chat-client's start and its two standing calls (see client.h). */
#include <string.h>
#include "user/chat-client/client.h"

struct cli cli;

static void cli_on_line(struct rt_loop *l, void *ctx,
			const struct ring_cqe *cqe);
static void cli_on_heard(struct rt_loop *l, void *ctx,
			 const struct ring_cqe *cqe);

static void cli_read(void)
{
	StdIO_readLine_prepare(&cli.rd_call, cli.rd_params, sizeof cli.rd_params,
			       CLI_LINE_MAX, EchoMode_visible);
	capn_call_set_results(&cli.rd_call, cli.rd_results,
			      sizeof cli.rd_results);
	cli_prompt();
	if (rt_loop_call(&cli.loop, rt_stdio(), &cli.rd_call, 0, 0, cli_on_line,
			 0))
		rt_loop_stop(&cli.loop);
}

static void cli_wait(void)
{
	Chat_wait_prepare(&cli.wait_call, cli.wait_params,
			  sizeof cli.wait_params, cli.cursor);
	capn_call_set_results(&cli.wait_call, cli.wait_results,
			      sizeof cli.wait_results);
	if (rt_loop_call(&cli.loop, cli.chat, &cli.wait_call, 0, 0,
			 cli_on_heard, 0))
		rt_loop_stop(&cli.loop);
}

static void cli_stop(int code)
{
	cli.code = code;
	rt_loop_stop(&cli.loop);
}

static void cli_on_line(struct rt_loop *l, void *ctx, const struct ring_cqe *cqe)
{
	struct capn_msg m;
	StdIO_readLine_Results_r r;
	if (StdIO_readLine_results(&m, &cli.rd_call, cqe->result, &r)) {
		cli_stop(1);	/* no terminal any more */
		return;
	}
	ReadLine_r line = StdIO_readLine_Results_get_line(r);
	struct capn_text t = ReadLine_get_text(line);
	switch (ReadLine_get_end(line)) {
	case ReadLine_End_enter:
		cli_command(t.str, t.len);
		break;
	case ReadLine_End_eof:
		cli_command("/exit", 5);
		break;
	case ReadLine_End_tooLong:
		cli_printf("[chat] that line is too long (at most %u bytes)\n",
			   (unsigned)Chat_maxText);
		break;
	case ReadLine_End_cancelled:
	case ReadLine_End_tab:
	case ReadLine_End_up:
	case ReadLine_End_down:
		break;
	}
	if (cli.quit)
		cli_stop(0);
	else
		cli_read();
}

static void cli_on_heard(struct rt_loop *l, void *ctx,
			 const struct ring_cqe *cqe)
{
	struct capn_msg m;
	Chat_wait_Results_r r;
	char why[200];
	if (Chat_wait_results(&m, &cli.wait_call, cqe->result, &r)) {
		cli_printf("[chat] the chat service failed: %s\n",
			   rt_call_error(&cli.wait_call, cqe->result, why,
					 sizeof why));
		cli_stop(1);
		return;
	}
	uint32_t missed = Chat_wait_Results_get_missed(r);
	if (missed)
		cli_printf("[chat] (%u lines went by unheard)\n", missed);
	cli_print_lines(Chat_wait_Results_get_lines(r), false);
	cli.cursor = Chat_wait_Results_get_next(r);
	cli_wait();
}

int main(void)
{
	cli.chat = rt_cap_find("chat", Chat_IFACE_ID);
	if (rt_stdio() == CAP_HANDLE_NONE || cli.chat == CAP_HANDLE_NONE) {
		rt_printf("chat-client: needs stdio (StdIO) and chat (Chat): "
			  "run \"chat-client\" with { stdio: client @stdio, "
			  "chat: client @chat }\n");
		return 2;
	}
	rt_loop_init(&cli.loop, CAP_HANDLE_NONE);
	cli_help();
	cli_join("#lobby", 6);
	if (!cli.have_cursor)
		return 1;	/* the join said why */
	cli_wait();
	cli_read();
	rt_loop_run(&cli.loop);
	return cli.code;
}
