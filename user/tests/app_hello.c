/* `hello` in the shell's test manifest: one line to its stdio. */
#include "user/rt/rt.h"

int main(void)
{
	if (rt_stdio() == CAP_HANDLE_NONE)
		return 2;
	rt_stdio_puts("hello, world\n");
	return 0;
}
