/* A musl program started with only "console" and "thread": every call
 * whose capability is missing must fail with a clean errno, never a
 * fault (pthread_create without "threads": EAGAIN, musl's only answer
 * for a failed clone). libc_test spawns it (and once more with "console" alone, where
 * the C runtime refuses to start: no TLS without "thread"); its lines
 * are checked by tests/qemu/test_libc.py. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static void *nothing(void *arg)
{
	return arg;
}

static void say(const char *what, long r)
{
	printf("libc-nogrant: %s %ld %s\n", what, r, r < 0 ? strerror(errno) : "ok");
}

int main(void)
{
	struct timespec ts = { 0, 1000 };
	char c;
	unsigned char rnd[8];

	errno = 0;
	void *big = malloc(1 << 20);	/* needs mmap: no "vm" */
	say("malloc_1MiB", big ? 0 : -1);
	say("clock_gettime", clock_gettime(CLOCK_MONOTONIC, &ts));
	say("nanosleep", nanosleep(&ts, NULL));
	say("getrandom", getrandom(rnd, sizeof(rnd), 0));
	say("read_stdin", read(0, &c, 1));
	pthread_t t;
	errno = pthread_create(&t, NULL, nothing, NULL);	/* no "threads" */
	say("pthread_create", errno ? -1 : 0);
	printf("libc-nogrant: done\n");
	return 3;
}
