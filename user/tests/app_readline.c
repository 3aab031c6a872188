/* `readline`: echoes each line read from stdio as "got: <line>" until end
 * of input or a cancelled read; says which. */
#include "capos/console.h"
#include "user/rt/rt.h"

int main(void)
{
	char line[512], out[600];
	uint32_t end = 0;
	if (rt_stdio() == CAP_HANDLE_NONE)
		return 2;
	rt_stdio_puts("readline: type lines, Ctrl-D to end\n");
	for (;;) {
		int32_t n = rt_stdio_readline(line, sizeof line,
					      EchoMode_visible, &end);
		if (n < 0 || end == ReadLine_End_eof || end == ReadLine_End_cancelled)
			break;
		uint32_t k = 0;
		for (const char *p = "got: "; *p; p++)
			out[k++] = *p;
		for (int32_t i = 0; i < n; i++)
			out[k++] = line[i];
		out[k++] = '\n';
		rt_stdio_write(out, k);
	}
	rt_stdio_puts(end == ReadLine_End_cancelled ? "readline: cancelled\n"
						    : "readline: end of input\n");
	return 0;
}
