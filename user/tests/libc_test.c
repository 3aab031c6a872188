/* The C library on capOS, checked against itself on Linux.
 *
 * This one source builds twice: for capOS (musl + the POSIX translation
 * layer, run as init by tests/qemu/test_libc.py) and for the host
 * (glibc). Each check prints one line
 *     libc: <name> <value>
 * and the QEMU test compares the capOS lines with the Linux ones, line
 * by line. Values that legitimately differ between the two systems
 * (times, random bytes, which errno an unsupported call gives) are
 * printed with a '~' before the name and compared by shape only.
 *
 * Covered: stdio formatting (integers, floats, strings, snprintf),
 * reading through sscanf and fmemopen, malloc under pressure, string.h,
 * math.h, strtod, qsort, __thread variables, clocks and sleep, random
 * bytes, and the ENOSYS path for calls capOS does not translate.
 * Output goes through stdout (fully buffered: the layer must keep lines
 * whole) and ends with "libc: done".
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#define SAY(name, ...) printf("libc: " name " " __VA_ARGS__)

static const char *errno_name(int e)
{
	switch (e) {
	case 0:		return "0";
	case ENOSYS:	return "ENOSYS";
	case ENOENT:	return "ENOENT";
	case EBADF:	return "EBADF";
	case EINVAL:	return "EINVAL";
	case ENOMEM:	return "ENOMEM";
	case ERANGE:	return "ERANGE";
	case EACCES:	return "EACCES";
	case ENOTTY:	return "ENOTTY";
	default:	return "other";
	}
}

static void test_printf_ints(void)
{
	SAY("int", "%d %i %u %x %X %o\n", -42, 42, 3000000000u, 0xbeef,
	    0xbeef, 8);
	SAY("int_limits", "%d %d %lld %llu\n", INT_MIN, INT_MAX, LLONG_MIN,
	    ULLONG_MAX);
	SAY("int_flags", "[%+d] [% d] [%05d] [%-5d] [%#x] [%#o] [%.3d]\n",
	    7, 7, 42, 42, 255, 8, 5);
	SAY("int_sizes", "%hhd %hd %ld %zu %jd %td\n", (signed char)-1,
	    (short)-300, 1234567890123L, (size_t)99, (intmax_t)-5,
	    (ptrdiff_t)17);
}

static void test_printf_floats(void)
{
	SAY("float_f", "%f %f %.2f %.0f %10.3f|\n", 3.14159265358979, -0.5,
	    2.675, 2.5, 1.0 / 3);
	SAY("float_g", "%g %g %g %g %.10g\n", 100000.0, 1e6, 1e-5, 0.0001,
	    M_PI);
	SAY("float_e", "%e %.3e %E\n", 12345.678, -0.000123456, 6.02214076e23);
	SAY("float_exact", "%.20f %.17g\n", 0.1, 0.1 + 0.2);
	SAY("float_special", "%f %f %e\n", INFINITY, -INFINITY, 0.0);
	SAY("float_nan", "%f\n", NAN);
	SAY("float_long", "%.10Lf %Lg\n", 1.0L / 3, 1e300L * 1e300L);
	SAY("float_big", "%.0f\n", 1e22);
}

static void test_printf_strings(void)
{
	SAY("str", "[%s] [%10s] [%-10s] [%.3s] [%c] [%%]\n", "abc", "right",
	    "left", "truncate", 'Z');
	char buf[16];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-truncation"	/* the point here */
	int n = snprintf(buf, sizeof(buf), "%s-%d-%s", "abcdefgh", 12345,
			 "tail-that-does-not-fit");
#pragma GCC diagnostic pop
	SAY("snprintf", "%d [%s]\n", n, buf);
	n = snprintf(NULL, 0, "%08.3f", 3.14159);
	SAY("snprintf_size", "%d\n", n);
}

static void test_scan(void)
{
	int i = 0;
	unsigned x = 0;
	double d = 0;
	char word[16] = "";
	int got = sscanf("  -17 0x1f 2.5e3 hello rest", "%d %x %lf %15s", &i,
			 &x, &d, word);
	SAY("sscanf", "%d %d %u %g %s\n", got, i, x, d, word);

	char text[] = "line one\n42 3.5\nlast";
	FILE *f = fmemopen(text, strlen(text), "r");
	char line[32] = "";
	int a = 0;
	float b = 0;
	if (!f || !fgets(line, sizeof(line), f) || fscanf(f, "%d %f\n", &a, &b) != 2) {
		SAY("fmemopen", "failed\n");
		return;
	}
	line[strcspn(line, "\n")] = 0;
	char rest[16] = "";
	if (!fgets(rest, sizeof(rest), f))
		strcpy(rest, "(none)");
	SAY("fmemopen", "[%s] %d %.1f [%s] eof=%d\n", line, a, b, rest,
	    fgetc(f) == EOF);
	fclose(f);

	char out[64];
	f = fmemopen(out, sizeof(out), "w");
	fprintf(f, "%s=%d", "written", 7);
	fclose(f);
	SAY("fmemopen_write", "[%s]\n", out);
}

/* Deterministic pseudo-random numbers (the same on both systems). */
static uint32_t lcg_state = 12345;
static uint32_t lcg(void)
{
	lcg_state = lcg_state * 1103515245u + 12345u;
	return lcg_state >> 8;
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 7);
}

static int intact(const unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(seed + i * 7))
			return 0;
	return 1;
}

#define NBLOCKS 1500

static void test_malloc_pressure(void)
{
	static unsigned char *blk[NBLOCKS];
	static size_t len[NBLOCKS];
	int bad = 0, rounds = 3;
	for (int r = 0; r < rounds; r++) {
		for (int i = 0; i < NBLOCKS; i++) {
			/* mostly small, some medium, a few of 64-200 KiB */
			uint32_t v = lcg();
			len[i] = v % 16 == 0 ? 65536 + v % 140000
				 : v % 4 == 0 ? 1 + v % 4096 : 1 + v % 200;
			blk[i] = malloc(len[i]);
			if (!blk[i]) { bad++; continue; }
			fill(blk[i], len[i], (unsigned)i);
		}
		/* free every other one, then the rest in reverse */
		for (int i = 0; i < NBLOCKS; i += 2)
			bad += !intact(blk[i], len[i], (unsigned)i), free(blk[i]);
		for (int i = NBLOCKS - 1; i > 0; i -= 2)
			bad += !intact(blk[i], len[i], (unsigned)i), free(blk[i]);
	}
	SAY("malloc_pressure", "%d blocks x %d rounds, %d bad\n", NBLOCKS,
	    rounds, bad);

	/* realloc growth from 1 byte to 3 MiB keeps the contents */
	size_t n = 1;
	unsigned char *p = malloc(1);
	p[0] = 0x5a;
	int kept = 1;
	while (n < 3u << 20) {
		size_t m = n * 3;
		unsigned char *q = realloc(p, m);
		if (!q) { kept = 0; break; }
		kept &= q[0] == 0x5a && q[n - 1] == (n == 1 ? 0x5a : 0xa5);
		memset(q + n, 0xa5, m - n);
		p = q, n = m;
	}
	p = realloc(p, 10);	/* and shrinks */
	SAY("realloc", "grew_to_over_3MiB=%d kept=%d shrink_ok=%d\n",
	    n >= 3u << 20, kept, p && p[0] == 0x5a);
	free(p);

	void *z = calloc(1000, 1000);
	int zero = z != NULL;
	for (size_t i = 0; z && i < 1000000; i += 4096)
		zero &= ((unsigned char *)z)[i] == 0;
	free(z);
	void *huge = malloc((size_t)1 << 46);
	SAY("calloc_and_huge", "zeroed=%d huge_null=%d errno=%s\n", zero,
	    huge == NULL, errno_name(errno));
}

static void test_string(void)
{
	const char *s = "The quick brown fox";
	char buf[64];
	SAY("strlen", "%zu %zu\n", strlen(s), strlen(""));
	SAY("strcmp", "%d %d %d %d\n", strcmp("a", "b") < 0,
	    strcmp("b", "a") > 0, strcmp("same", "same"),
	    strncmp("prefix1", "prefix2", 6));
	SAY("strchr", "%s | %s | %s\n", strchr(s, 'q'), strrchr(s, 'o'),
	    strstr(s, "brown"));
	strcpy(buf, "0123456789");
	memmove(buf + 2, buf, 8);
	SAY("memmove", "%s\n", buf);
	SAY("memcmp", "%d %d\n", memcmp("abc", "abd", 3) < 0,
	    memcmp("abc", "abc", 3));
	SAY("spn", "%zu %zu\n", strspn("aabbcx", "abc"), strcspn("hello", "l"));
	char tok[] = "a,b;;c";
	char *save, *t;
	buf[0] = 0;
	for (t = strtok_r(tok, ",;", &save); t; t = strtok_r(NULL, ",;", &save))
		strcat(buf, t), strcat(buf, "|");
	SAY("strtok", "%s\n", buf);
	char *d = strdup(s);
	SAY("strdup", "%s %d\n", d, d != s);
	free(d);
	memset(buf, 'x', 5);
	buf[5] = 0;
	strncpy(buf + 1, "ab", 3);
	SAY("strncpy", "%c%s\n", buf[0], buf + 1);
	SAY("case", "%d %c%c\n", strcasecmp("HeLLo", "hello"), toupper('q'),
	    tolower('Q'));
}

static void test_math(void)
{
	SAY("math_basic", "%.15g %.15g %.15g %.15g\n", sqrt(2.0), fabs(-3.5),
	    floor(-2.5), ceil(2.1));
	SAY("math_trig", "%.15g %.15g %.15g %.15g\n", sin(1.0), cos(1.0),
	    tan(0.5), atan2(1.0, 2.0));
	SAY("math_exp", "%.15g %.15g %.15g %.15g\n", exp(1.0), log(10.0),
	    log2(1024.0), log10(0.001));
	SAY("math_pow", "%.15g %.15g %.15g %.15g\n", pow(2.0, 0.5),
	    pow(10.0, -3.0), cbrt(27.0), hypot(3.0, 4.0));
	SAY("math_misc", "%.15g %.15g %d %d\n", fmod(10.5, 3.0),
	    round(-2.5), isnan(sqrt(-1.0)) != 0, isinf(exp(1000.0)) != 0);
	SAY("math_float", "%.7g %.7g\n", (double)sqrtf(2.0f),
	    (double)expf(1.0f));
}

static void test_strtod(void)
{
	const char *in[] = { "3.14159", "1e308", "1e-320", "0x1p-3", "inf",
			     "-Infinity", "  -12.5abc", "1e400", ".5" };
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		char *end;
		errno = 0;
		double v = strtod(in[i], &end);
		SAY("strtod", "\"%s\" -> %.17g used=%d errno=%s\n", in[i], v,
		    (int)(end - in[i]), errno_name(errno));
	}
	/* no digits: musl says EINVAL (POSIX "may"), glibc nothing */
	const char *junk = "junk";
	char *end;
	double v = strtod(junk, &end);
	SAY("strtod_none", "%g used=%d\n", v, (int)(end - junk));
	errno = 0;
	long l = strtol("99999999999999999999", NULL, 10);
	SAY("strtol_overflow", "%d %s\n", l == LONG_MAX, errno_name(errno));
	SAY("strtoul", "%lu %ld\n", strtoul("ff", NULL, 16), strtol("-0777", NULL, 0));
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void test_qsort(void)
{
	static int v[2000];
	unsigned long sum = 0;
	for (int i = 0; i < 2000; i++)
		v[i] = (int)(lcg() % 100000) - 50000;
	qsort(v, 2000, sizeof(v[0]), cmp_int);
	int sorted = 1;
	for (int i = 0; i < 2000; i++) {
		sum = sum * 31 + (unsigned)v[i];
		sorted &= i == 0 || v[i - 1] <= v[i];
	}
	SAY("qsort_int", "sorted=%d first=%d last=%d hash=%lu\n", sorted, v[0],
	    v[1999], sum);
	const char *w[] = { "pear", "apple", "fig", "banana", "cherry", "date" };
	qsort(w, 6, sizeof(w[0]), cmp_str);
	SAY("qsort_str", "%s %s %s %s %s %s\n", w[0], w[1], w[2], w[3], w[4],
	    w[5]);
	int key = v[1234];
	int *hit = bsearch(&key, v, 2000, sizeof(v[0]), cmp_int);
	SAY("bsearch", "%d\n", hit && *hit == key);
}

static __thread int tls_counter = 42;
static __thread char tls_text[24] = "initialised";
static __thread long tls_zero;

static void test_tls(void)
{
	SAY("tls_init", "%d [%s] %ld\n", tls_counter, tls_text, tls_zero);
	tls_counter += 8;
	strcpy(tls_text, "changed");
	tls_zero = -1;
	SAY("tls_changed", "%d [%s] %ld\n", tls_counter, tls_text, tls_zero);
	errno = 0;
	(void)strtod("1e999", NULL);	/* errno is thread-local in musl */
	SAY("errno_tls", "%s\n", errno_name(errno));
}

static int64_t ns_of(const struct timespec *t)
{
	return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec;
}

static void test_time(void)
{
	struct timespec a, b, c, wall;
	int ok = clock_gettime(CLOCK_MONOTONIC, &a) == 0;
	ok &= clock_gettime(CLOCK_MONOTONIC, &b) == 0;
	SAY("clock_monotonic", "ok=%d increasing=%d\n", ok, ns_of(&b) >= ns_of(&a));
	struct timespec ten_ms = { 0, 10 * 1000 * 1000 };
	int slept = nanosleep(&ten_ms, NULL) == 0;
	clock_gettime(CLOCK_MONOTONIC, &c);
	int64_t elapsed = ns_of(&c) - ns_of(&b);
	SAY("nanosleep_10ms", "ok=%d elapsed_at_least_10ms=%d\n", slept,
	    elapsed >= 10 * 1000 * 1000);
	printf("libc: ~nanosleep_elapsed_us %lld\n", (long long)elapsed / 1000);
	ok = clock_gettime(CLOCK_REALTIME, &wall) == 0;
	SAY("clock_realtime", "ok=%d after_2020=%d\n", ok,
	    wall.tv_sec > 1577836800);
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	SAY("time", "year_ok=%d\n", tm.tm_year + 1900 >= 2020);
	struct tm fixed;
	time_t t0 = 1700000000;
	gmtime_r(&t0, &fixed);
	char when[64];
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %a", &fixed);
	SAY("strftime", "%s\n", when);
	printf("libc: ~clock_realtime_s %lld\n", (long long)wall.tv_sec);
	int bad = clock_gettime(12345, &a);
	SAY("clock_bad_id", "%d %s\n", bad, errno_name(errno));
}

static void test_random(void)
{
	unsigned char r1[32], r2[32];
	ssize_t n1 = getrandom(r1, sizeof(r1), 0);
	ssize_t n2 = getrandom(r2, sizeof(r2), 0);
	int nonzero = 0;
	for (int i = 0; i < 32; i++)
		nonzero |= r1[i];
	SAY("getrandom", "%zd %zd differ=%d nonzero=%d\n", n1, n2,
	    memcmp(r1, r2, 32) != 0, nonzero != 0);
	printf("libc: ~random ");
	for (int i = 0; i < 8; i++)
		printf("%02x", r1[i]);
	printf("\n");
	ssize_t bad = getrandom(r1, 1, 0x100);
	SAY("getrandom_badflags", "%zd %s\n", bad, errno_name(errno));
}

static void test_unsupported(void)
{
	errno = 0;
	long r = syscall(1000, 1, 2, 3);	/* no such call anywhere */
	SAY("syscall_unknown", "%ld %s\n", r, errno_name(errno));
	errno = 0;
	int fd = open("/nonexistent/x", O_RDONLY);
	SAY("open_missing", "%d\n", fd);
	printf("libc: ~open_errno %s\n", errno_name(errno));
	errno = 0;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	printf("libc: ~socket %d %s\n", s < 0 ? -1 : 0, errno_name(errno));
	if (s >= 0)
		close(s);
	errno = 0;
	ssize_t w = write(77, "x", 1);
	SAY("write_bad_fd", "%zd %s\n", w, errno_name(errno));
	errno = 0;
	int grew = sbrk(4096) != (void *)-1;	/* musl: never; glibc: yes */
	printf("libc: ~sbrk_grow %d %s\n", grew, errno_name(errno));
}

#ifdef __capos__
#include "capos/console.h"
#include "capos/process.h"
#include "capos/thread.h"
#include "user/rt/rt.h"
#include "user/rt/spawn.h"

/* Start libc_nogrant with `n` of console+thread; its exit as a line. */
static void spawn_without_grants(const char *label, uint32_t n)
{
	const struct rt_grant g[] = {
		{ .name = "console", .iface = Console_IFACE_ID,
		  .cap = rt_cap_find("console", Console_IFACE_ID) },
		{ .name = "thread", .iface = ThreadControl_IFACE_ID,
		  .cap = rt_cap_find("thread", ThreadControl_IFACE_ID) },
	};
	cap_handle_t spawner = rt_cap_find("spawner", ProcessSpawner_IFACE_ID);
	cap_handle_t h;
	struct rt_exit ex = { .kind = -1 };
	int32_t st = rt_spawn(spawner, "nogrant", "libc_nogrant", g, n, 0, &h);
	if (st == 0) {
		st = rt_proc_wait(h, &ex);
		rt_release(h);
	}
	printf("libc: ~%s spawn=%d kind=%d code=%lld\n", label, (int)st,
	       ex.kind, (long long)ex.code);
	fflush(stdout);
}
#endif

int main(void)
{
	setvbuf(stdout, NULL, _IOFBF, 1024);	/* the same on both sides */
	test_printf_ints();
	test_printf_floats();
	test_printf_strings();
	test_scan();
	test_malloc_pressure();
	test_string();
	test_math();
	test_strtod();
	test_qsort();
	test_tls();
	test_time();
	test_random();
	test_unsupported();
	fprintf(stderr, "libc-stderr: unbuffered line\n");
#ifdef __capos__
	fflush(stdout);
	spawn_without_grants("nogrant_console_thread", 2);
	spawn_without_grants("nogrant_console_only", 1);
#endif
	printf("libc: done\n");
	return 0;
}
