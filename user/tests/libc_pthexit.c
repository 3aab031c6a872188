/* The main thread leaves first (pthread_exit) while three workers carry
 * on; the process ends, with code 0, when the last of them returns.
 * Spawned by libc_pthread; a worker that finds main still running ends
 * the process with 3 instead. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static volatile int main_left;

static void *worker(void *arg)
{
	int i = (int)(intptr_t)arg;
	struct timespec t = { 0, (30 + 15 * i) * 1000000L };
	nanosleep(&t, 0);
	if (!__atomic_load_n(&main_left, __ATOMIC_SEQ_CST))
		exit(3);
	printf("pthexit: worker %d done after main left\n", i);
	return 0;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 0; i < 3; i++) {
		pthread_t t;
		if (pthread_create(&t, 0, worker, (void *)(intptr_t)i))
			return 4;
		pthread_detach(t);
	}
	printf("pthexit: main leaves\n");
	__atomic_store_n(&main_left, 1, __ATOMIC_SEQ_CST);
	pthread_exit(0);
}
