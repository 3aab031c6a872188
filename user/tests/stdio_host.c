/* stdio_host: serves StdIO to a musl program, as a shell will, with a
 * script, and checks what the program did with it. Runs as init (no
 * manifest: the kernel grants console, timer, spawner, endpoints, ...).
 *
 * It makes an endpoint (EndpointFactory.create), spawns libc_lines as
 * "lines" with the client facet granted as "stdio" (typed StdIO) plus
 * thread, vm and console, and serves the raw endpoint until the child
 * exits. The script the child reads (StdIO.read), in order:
 *   "alpha\n"
 *   "beta ", "gamma\n"   one line in two reads (a read shorter than a line)
 *   cancelled            no bytes, eof false: the child sees EINTR
 *   3000 bytes + "\n"    longer than one read: delivered in pieces
 *   eof                  no bytes, eof true (and so on for every read)
 * windowSize answers 100x40. The first StdIO.write of a long run (over
 * 1 KiB) is only partly taken (1000 bytes), so the translation layer
 * must send the rest itself. Then it checks that the child
 *   - wrote exactly the expected lines (the long one in full),
 *   - wrote its first line before its first read (stdout is a terminal
 *     through TIOCGWINSZ, so line-buffered),
 *   - asked for the window size, never for more than it could take,
 *     and called nothing else (readLine, cancel),
 *   - exited 0;
 * prints the child's lines (a long one abbreviated) as `stdio_host:
 * child: ...`, then `stdio_host: ok` or `stdio_host: FAIL <why>`, and
 * exits 0 or 1. tests/qemu/test_stdio.py boots it. */
#include <string.h>
#include "capos/console.h"
#include "capos/identity.h"
#include "capos/ipc.h"
#include "capos/memory.h"
#include "capos/process.h"
#include "capos/thread.h"
#include "capos/time.h"
#include "lib/fmt/fmt.h"
#include "user/rt/evloop.h"
#include "user/rt/ipc.h"
#include "user/rt/spawn.h"

#define LONG_LEN 3000		/* the long input line, without '\n' */
#define PARTIAL_OVER 1024	/* the first write longer than this ... */
#define PARTIAL_TAKE 1000	/* ... is answered with this many */
#define COLS 100
#define ROWS 40
#define DEADLINE_NS (90ull * 1000000000ull)

enum step_kind { STEP_DATA, STEP_CANCEL, STEP_EOF };

struct step {
	enum step_kind kind;
	const char *text;	/* STEP_DATA */
};

static char long_line[LONG_LEN + 2];	/* the pattern and '\n' */

static const struct step script[] = {
	{ STEP_DATA, "alpha\n" },
	{ STEP_DATA, "beta " },
	{ STEP_DATA, "gamma\n" },
	{ STEP_CANCEL, 0 },
	{ STEP_DATA, long_line },
	{ STEP_EOF, 0 },
};

struct host {
	cap_handle_t ep;
	struct rt_loop loop;
	/* the script */
	uint32_t step;
	size_t at;		/* bytes of script[step] already read */
	/* what the child did */
	char out[16384];	/* everything it wrote, in order */
	size_t out_len;
	bool out_overflow;
	char first[64];		/* its first write, if before any read */
	bool partial;		/* the short answer to a long write was given */
	uint32_t reads, writes, winsizes, unexpected;
	uint32_t asked_min;	/* the smallest maxBytes of a read */
	/* how it ended */
	bool exited, timed_out;
	struct rt_exit ex;
	struct capn_call wait;	/* ProcessHandle.wait on the child */
	uint8_t wait_p[64], wait_r[256];
	uint8_t in[8192], reply[4096];
};

static struct host host;

static void make_long_line(void)
{
	for (int i = 0; i < LONG_LEN; i++)
		long_line[i] = (char)('a' + i % 26);
	long_line[LONG_LEN] = '\n';
	long_line[LONG_LEN + 1] = '\0';
}

/* ---- the StdIO server ---------------------------------------------- */

static int host_write(void *self, StdIO_write_Params_r p,
		      StdIO_write_Results_b r)
{
	struct host *h = self;
	struct capn_data d = StdIO_write_Params_get_data(p);
	size_t took = d.len;
	if (d.len > PARTIAL_OVER && !h->partial) {
		took = PARTIAL_TAKE;
		h->partial = true;
	}
	if (h->writes++ == 0 && h->reads == 0)
		memcpy(h->first, d.ptr, took < sizeof(h->first) - 1 ? took
					: sizeof(h->first) - 1);
	if (h->out_len + took > sizeof(h->out)) {
		h->out_overflow = true;
		took = 0;	/* the child then fails with EIO: reported */
	}
	memcpy(h->out + h->out_len, d.ptr, took);
	h->out_len += took;
	StdIO_write_Results_set_written(r, (uint32_t)took);
	return 0;
}

static int host_read(void *self, StdIO_read_Params_r p, StdIO_read_Results_b r)
{
	struct host *h = self;
	uint32_t max = StdIO_read_Params_get_maxBytes(p);
	const struct step *s = &script[h->step];
	h->reads++;
	if (max < h->asked_min)
		h->asked_min = max;
	switch (s->kind) {
	case STEP_EOF:
		StdIO_read_Results_set_eof(r, true);
		return 0;
	case STEP_CANCEL:
		h->step++;
		return 0;	/* no data, no eof */
	case STEP_DATA:
		break;
	}
	size_t left = strlen(s->text) - h->at;
	size_t n = left < max ? left : max;
	if (StdIO_read_Results_set_data(r, s->text + h->at, n))
		return ERR_TOO_LARGE;
	h->at += n;
	if (h->at == strlen(s->text))
		h->step++, h->at = 0;
	return 0;
}

static int host_window(void *self, StdIO_windowSize_Params_r p,
		       StdIO_windowSize_Results_b r)
{
	struct host *h = self;
	h->winsizes++;
	StdIO_windowSize_Results_set_columns(r, COLS);
	StdIO_windowSize_Results_set_rows(r, ROWS);
	return 0;
}

static int host_readline(void *self, StdIO_readLine_Params_r p,
			 StdIO_readLine_Results_b r)
{
	((struct host *)self)->unexpected++;
	return ERR_NOT_SUPPORTED;
}

static int host_cancel(void *self, StdIO_cancel_Params_r p,
		       StdIO_cancel_Results_b r)
{
	((struct host *)self)->unexpected++;
	return ERR_NOT_SUPPORTED;
}

static const struct StdIO_server host_server = {
	.write = host_write, .read = host_read, .readLine = host_readline,
	.cancel = host_cancel, .windowSize = host_window,
};

static void on_call(struct rt_loop *l, void *ctx, const struct rt_incoming *in)
{
	struct host *h = ctx;
	if (in->status < 0)
		return;
	for (uint32_t i = 0; i < in->hdr->ncaps; i++)
		rt_release(in->caps[i].handle);	/* StdIO carries none */
	RT_SERVE(StdIO, &host_server, h, h->ep, in, h->reply, sizeof(h->reply));
}

/* ---- the child ------------------------------------------------------- */

static void child_exited(struct rt_loop *l, void *ctx,
			 const struct ring_cqe *cqe)
{
	struct host *h = ctx;
	struct capn_msg m;
	ProcessHandle_wait_Results_r r;
	h->exited = true;
	h->ex = (struct rt_exit){ .kind = -1 };
	if (!ProcessHandle_wait_results(&m, &h->wait, cqe->result, &r)) {
		ExitStatus_r s = ProcessHandle_wait_Results_get_status(r);
		h->ex.kind = (int)ExitStatus_which(s);
		if (h->ex.kind == RT_EXIT_CODE)
			h->ex.code = ExitStatus_get_exited(s);
	}
	rt_loop_stop(l);
}

static void on_deadline(struct rt_loop *l, void *ctx)
{
	((struct host *)ctx)->timed_out = true;
	rt_loop_stop(l);
}

static int32_t make_endpoint(cap_handle_t *ep, cap_handle_t *client)
{
	uint8_t p[64], r[128];
	struct capn_call c;
	struct ring_cqe cqe;
	cap_handle_t factory = rt_cap_find("endpoints", EndpointFactory_IFACE_ID);
	EndpointFactory_create_prepare(&c, p, sizeof(p));
	capn_call_set_results(&c, r, sizeof(r));
	int32_t st = rt_call_xfer(factory, &c, 0, 0, &cqe);
	if (st < 0)
		return st;
	*ep = rt_result_cap(&c, &cqe, 0, Endpoint_IFACE_ID);
	*client = rt_result_cap(&c, &cqe, 1, ClientEndpoint_IFACE_ID);
	return *ep == CAP_HANDLE_NONE || *client == CAP_HANDLE_NONE
		? ERR_INTERNAL : 0;
}

static int32_t spawn_lines(cap_handle_t client, cap_handle_t *child)
{
	const struct rt_grant g[] = {
		{ .name = "stdio", .cap = client, .iface = StdIO_IFACE_ID },
		{ .name = "thread", .iface = ThreadControl_IFACE_ID,
		  .cap = rt_cap_find("thread", ThreadControl_IFACE_ID) },
		{ .name = "vm", .iface = VirtualMemory_IFACE_ID,
		  .cap = rt_cap_find("vm", VirtualMemory_IFACE_ID) },
		/* held but unused: "stdio" comes first for fds 0-2 */
		{ .name = "console", .iface = Console_IFACE_ID,
		  .cap = rt_cap_find("console", Console_IFACE_ID) },
	};
	cap_handle_t spawner = rt_cap_find("spawner", ProcessSpawner_IFACE_ID);
	return rt_spawn(spawner, "lines", "libc_lines", g,
			sizeof(g) / sizeof(g[0]), 0, child);
}

/* ---- the verdict ------------------------------------------------------- */

static size_t expected(char *buf, size_t cap)
{
	struct fmt_buf fb = fmt_buf_init(buf, cap);
	fmt_appendf(&fb, "lines: window %dx%d\n", COLS, ROWS);
	fmt_appendf(&fb, "lines: 1: alpha\n");
	fmt_appendf(&fb, "lines: 2: beta gamma\n");
	fmt_appendf(&fb, "lines: interrupted\n");
	fmt_appendf(&fb, "lines: 3: %.*s\n", LONG_LEN, long_line);
	fmt_appendf(&fb, "lines: done 3 lines\n");
	return fb.truncated ? 0 : fb.len;
}

/* The child's output, a line at a time (long ones abbreviated). */
static void show_output(const struct host *h)
{
	const char *s = h->out, *end = h->out + h->out_len;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		if (n <= 100)
			rt_printf("stdio_host: child: %.*s\n", (int)n, s);
		else
			rt_printf("stdio_host: child: %.20s... (%zu bytes)\n", s, n);
		s += n + (nl != 0);
	}
}

static const char *verdict(const struct host *h, char *why, size_t cap)
{
	static char want[8192];
	size_t want_len = expected(want, sizeof(want));
	const char *first = "lines: window 100x40\n";
	if (h->timed_out)
		return "the child did not finish";
	if (h->ex.kind != RT_EXIT_CODE || h->ex.code != 0) {
		fmt_snprintf(why, cap, "the child ended kind %d code %lld",
			     h->ex.kind, (long long)h->ex.code);
		return why;
	}
	if (h->out_overflow || !want_len)
		return "too much output";
	if (h->out_len != want_len || memcmp(h->out, want, want_len)) {
		size_t i = 0;
		while (i < h->out_len && i < want_len && h->out[i] == want[i])
			i++;
		fmt_snprintf(why, cap, "output differs at byte %zu (%zu bytes, "
			     "expected %zu)", i, h->out_len, want_len);
		return why;
	}
	if (strcmp(h->first, first))
		return "the first write was not the window line before any "
		       "read: stdout not line-buffered";
	if (!h->partial)
		return "no write was long enough for a partial answer";
	if (h->winsizes == 0)
		return "windowSize was never called";
	if (h->unexpected)
		return "the child called readLine or cancel";
	if (h->asked_min == 0)
		return "a read asked for 0 bytes";
	if (h->step != sizeof(script) / sizeof(script[0]) - 1)
		return "the child stopped before the end of the script";
	return 0;
}

/* A facet may be typed as what its server serves, never as an interface
 * only kernel objects may implement (a server posing as a UserSession). */
static bool facet_kernel_typing_refused(cap_handle_t client)
{
	static const uint64_t kernel_ifaces[] = {
		UserSession_IFACE_ID, SessionAuthority_IFACE_ID,
		Endpoint_IFACE_ID, ProcessHandle_IFACE_ID,
	};
	cap_handle_t spawner = rt_cap_find("spawner", ProcessSpawner_IFACE_ID);
	for (size_t i = 0; i < sizeof(kernel_ifaces) / sizeof(kernel_ifaces[0]); i++) {
		const struct rt_grant g = { .name = "x", .cap = client,
					    .iface = kernel_ifaces[i] };
		cap_handle_t child = CAP_HANDLE_NONE;
		int32_t st = rt_spawn(spawner, "posing", "libc_lines", &g, 1, 0,
				      &child);
		if (st != ERR_WRONG_INTERFACE) {
			rt_printf("stdio_host: FAIL a facet typed as kernel "
				  "interface %zu: %s\n", i, capos_strerror(st));
			return false;
		}
	}
	rt_printf("stdio_host: facet typed as a kernel interface: refused\n");
	return true;
}

int main(void)
{
	struct host *h = &host;
	cap_handle_t client, child;
	char why[160];
	make_long_line();
	h->asked_min = UINT32_MAX;
	int32_t st = make_endpoint(&h->ep, &client);
	if (st == 0 && !facet_kernel_typing_refused(client))
		return 1;
	if (st == 0)
		st = spawn_lines(client, &child);
	if (st) {
		rt_printf("stdio_host: FAIL cannot start the child: %s\n",
			  capos_strerror(st));
		return 1;
	}
	rt_release(client);	/* the child holds its own copy */

	ProcessHandle_wait_prepare(&h->wait, h->wait_p, sizeof(h->wait_p));
	capn_call_set_results(&h->wait, h->wait_r, sizeof(h->wait_r));
	rt_loop_init(&h->loop, rt_cap_find("timer", Timer_IFACE_ID));
	if (rt_loop_serve(&h->loop, h->ep, h->in, sizeof(h->in), on_call, h) ||
	    rt_loop_call(&h->loop, child, &h->wait, 0, 0, child_exited, h) ||
	    rt_loop_after(&h->loop, DEADLINE_NS, on_deadline, h)) {
		rt_printf("stdio_host: FAIL cannot set up the loop\n");
		return 1;
	}
	rt_loop_run(&h->loop);

	show_output(h);
	rt_printf("stdio_host: %u reads, %u writes, %u windowSize\n",
		  h->reads, h->writes, h->winsizes);
	const char *bad = verdict(h, why, sizeof(why));
	if (bad) {
		rt_printf("stdio_host: FAIL %s\n", bad);
		return 1;
	}
	rt_printf("stdio_host: ok\n");
	return 0;
}
