/* `lines`: a plain musl program on the standard streams. It prints the
 * window size (ioctl TIOCGWINSZ on fd 0), then every line of stdin,
 * numbered, and the count at end of file:
 *     lines: window 100x40
 *     lines: 1: alpha
 *     lines: done 1 lines
 * With a "stdio" capability (a shell's `run "lines" with { stdio: @stdio }`
 * or tests/qemu/test_stdio.py's stdio_host) all of it goes through StdIO.
 * A read cut short by StdIO's cancel (EINTR) is reported as
 * `lines: interrupted` and reading goes on: it is not end of file.
 * Another read error ends it with exit code 1 (without "stdio": EBADF).
 * A line longer than 4095 bytes counts as more than one. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(void)
{
	struct winsize ws;
	char line[4096];
	int n = 0;

	if (ioctl(0, TIOCGWINSZ, &ws) == 0)
		printf("lines: window %ux%u\n", ws.ws_col, ws.ws_row);
	else
		printf("lines: no window (%s)\n", strerror(errno));
	for (;;) {
		errno = 0;
		if (fgets(line, sizeof(line), stdin)) {
			line[strcspn(line, "\n")] = '\0';
			printf("lines: %d: %s\n", ++n, line);
			continue;
		}
		if (feof(stdin))
			break;
		if (errno != EINTR) {
			printf("lines: read error: %s\n", strerror(errno));
			return 1;
		}
		printf("lines: interrupted\n");
		clearerr(stdin);
	}
	printf("lines: done %d lines\n", n);
	return 0;
}
