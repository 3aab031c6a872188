/* test=echo: a line echo on COM2 that proves interrupt-driven input works
 * end to end (UART FIFO -> IOAPIC -> LAPIC -> handler -> ring -> reader).
 * "exit" ends the boot successfully. Lines are bounded; overlong input is
 * cut and said so, never overflowed. */
#include <string.h>
#include "capos/err.h"
#include "kernel/arch/arch.h"
#include "kernel/core/log.h"
#include "kernel/core/panic.h"
#include "kernel/dev/serial.h"
#include "lib/fmt/fmt.h"

#define ECHO_LINE_MAX 128

void echo_console_run(void);

static void echo_line(const char *line, size_t len, bool cut)
{
	char out[ECHO_LINE_MAX + 48];
	size_t n = fmt_snprintf(out, sizeof(out), "echo: %.*s%s\n", (int)len,
				line, cut ? " [line cut]" : "");
	serial_write(SERIAL_TERM0, out, n < sizeof(out) ? n : sizeof(out) - 1);
}

void echo_console_run(void)
{
	char line[ECHO_LINE_MAX];
	size_t len = 0;
	bool cut = false;
	err_t e = serial_setup(SERIAL_TERM0, 0x2f8, 3, 0, 0);
	if (e)
		panic("echo: COM2 setup: %s", capos_strerror(e));
	serial_write(SERIAL_TERM0, "echo> ", 6);
	for (;;) {
		char c;
		while (serial_read(SERIAL_TERM0, &c, 1) == 0)
			arch_idle_wait();
		if (c == '\r' || c == '\n') {
			if (len == 4 && !memcmp(line, "exit", 4))
				arch_machine_exit(KERNEL_EXIT_SUCCESS);
			echo_line(line, len, cut);
			len = 0, cut = false;
			serial_write(SERIAL_TERM0, "echo> ", 6);
		} else if (len < ECHO_LINE_MAX) {
			line[len++] = c;
		} else {
			cut = true;
		}
	}
}
