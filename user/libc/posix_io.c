/* Standard descriptors 0, 1 and 2 over capabilities.
 *
 * There is no file table yet: 0-2 are the only descriptors, open at
 * start, and every other number is EBADF. Where their bytes go:
 *   - a "stdio" capability (StdIO, given by whoever started us, e.g. a
 *     shell's `run "x" with { stdio: @stdio }`) serves all three, as a
 *     terminal would:
 *       read     StdIO.read(maxBytes): what the server has, at least one
 *                byte (a shell answers a line at a time); no bytes with
 *                eof is end of file (0), no bytes without eof is a
 *                cancelled read (EINTR, as a read interrupted by a
 *                signal), and so is the call failing with ERR_CANCELLED
 *                or ERR_INTERRUPTED; a server that is gone is end of
 *                file too (nothing more can come);
 *       write    StdIO.write, repeated until the server took every byte
 *                (it may take fewer per call); writev sends a small
 *                vector in one call;
 *       ioctl    TIOCGWINSZ: StdIO.windowSize, so isatty() is true and
 *                musl line-buffers stdout; other requests ENOTTY;
 *   - otherwise 1 and 2 write to the "console" capability (the kernel
 *     log), 0 has nothing behind it (read: EBADF) and no descriptor is
 *     a terminal (ioctl: ENOTTY, so musl fully buffers stdout).
 * Without either capability writes fail with EBADF, as for a closed fd.
 * There is no poll or select (ENOSYS): StdIO cannot say whether a read
 * would block.
 *
 * Console output is line-buffered here, per descriptor: the kernel turns
 * each Console.write into log lines and would end a line wherever a
 * write ends, and musl's stdout is fully buffered without a terminal,
 * so its 1 KiB flushes cut lines anywhere.
 * Whole lines go out in one call; the unfinished tail waits for its
 * newline, a full buffer or exit (posix_io_flush). console_lock guards
 * both buffers and fd_closed, and is held across the Console.write so
 * that lines of different threads never interleave. StdIO output is not
 * buffered here: the server sees the writes musl makes.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "capos/console.h"
#include "user/libc/posix.h"
#include "user/libc/posix_check.h"

#define CONSOLE_BUF 1024	/* bytes kept per descriptor */
#define SEND_MAX 2048		/* bytes per Console.write / StdIO call */
#define FD_COUNT 3

struct console_out {
	char buf[CONSOLE_BUF];
	size_t len;
};

static uint32_t console_lock;	/* protects: console_outs, fd_closed */
static struct console_out console_outs[2];	/* fds 1 and 2 */
static unsigned fd_closed;			/* bit fd: closed by close() */

static bool fd_open(int fd)
{
	return fd >= 0 && fd < FD_COUNT && !(fd_closed & (1u << fd));
}

static long console_send(const char *s, size_t n)
{
	cap_handle_t cap = posix_cap(POSIX_CAP_CONSOLE);
	uint8_t params[SEND_MAX + 64], results[64];
	struct capn_call c;
	while (n > 0) {
		size_t k = n < SEND_MAX ? n : SEND_MAX;
		if (Console_write_prepare(&c, params, sizeof(params), s, k))
			return -EIO;
		capn_call_set_results(&c, results, sizeof(results));
		long err = posix_call_errno(rt_call(cap, &c));
		if (err)
			return err;
		s += k, n -= k;
	}
	return 0;
}

/* Send the buffer's whole lines; everything if `all`, or if it is full
 * of one unfinished line (the kernel splits long lines anyway). */
static long console_drain(struct console_out *o, bool all)
{
	size_t cut = posix_line_end(o->buf, o->len);
	if (all || (cut == 0 && o->len == CONSOLE_BUF))
		cut = o->len;
	if (cut == 0)
		return 0;
	long err = console_send(o->buf, cut);
	memmove(o->buf, o->buf + cut, o->len - cut);
	o->len -= cut;
	return err;
}

static long console_write(int fd, const char *s, size_t n)
{
	struct console_out *o = &console_outs[fd - 1];
	if (posix_cap(POSIX_CAP_CONSOLE) == CAP_HANDLE_NONE)
		return -EBADF;
	posix_lock(&console_lock);
	long err = 0;
	for (size_t done = 0; done < n && !err;) {
		size_t k = n - done;
		if (k > CONSOLE_BUF - o->len)
			k = CONSOLE_BUF - o->len;
		memcpy(o->buf + o->len, s + done, k);
		o->len += k, done += k;
		err = console_drain(o, false);
	}
	posix_unlock(&console_lock);
	return err ? err : (long)n;
}

/* One StdIO.write: how many bytes the server took (at least 1), or
 * -errno. A server that takes none would have us loop: EIO. */
static long stdio_write_once(const void *buf, size_t len)
{
	uint8_t params[SEND_MAX + 64], results[64];
	struct capn_call c;
	struct capn_msg m;
	StdIO_write_Results_r r;
	size_t k = len < SEND_MAX ? len : SEND_MAX;
	if (StdIO_write_prepare(&c, params, sizeof(params), buf, k))
		return -EIO;
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(posix_cap(POSIX_CAP_STDIO), &c);
	if (StdIO_write_results(&m, &c, st, &r))
		return st < 0 ? posix_call_errno(st) : -EIO;
	uint32_t took = StdIO_write_Results_get_written(r);
	if (took == 0)
		return -EIO;
	return took < k ? (long)took : (long)k;
}

/* All `len` bytes, call after call: len, or what got through before an
 * error (-errno if nothing did). */
static long stdio_write(const char *buf, size_t len)
{
	size_t done = 0;
	while (done < len) {
		long n = stdio_write_once(buf + done, len - done);
		if (n < 0)
			return done ? (long)done : n;
		done += (size_t)n;
	}
	return (long)len;
}

long posix_io_write(int fd, const void *buf, size_t len)
{
	if (!fd_open(fd))
		return -EBADF;
	if (len > 0 && buf == NULL)
		return -EFAULT;
	if (posix_cap(POSIX_CAP_STDIO) != CAP_HANDLE_NONE)
		return stdio_write(buf, len);
	if (fd == STDIN_FILENO)
		return -EBADF;
	return console_write(fd, buf, len);
}

/* musl's stdio writes its buffer and the new bytes as two iovecs: with
 * StdIO, a vector that fits one call goes out as one call. */
static long stdio_writev(const struct iovec *iov, int iovcnt, size_t total)
{
	char joined[SEND_MAX];
	size_t at = 0;
	for (int i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len == 0)
			continue;
		if (iov[i].iov_base == NULL)
			return -EFAULT;
		memcpy(joined + at, iov[i].iov_base, iov[i].iov_len);
		at += iov[i].iov_len;
	}
	return stdio_write(joined, total);
}

long posix_io_writev(int fd, const struct iovec *iov, int iovcnt)
{
	size_t total;
	long err = posix_iov_total(iov, iovcnt, &total);
	if (err)
		return err;
	if (fd_open(fd) && total <= SEND_MAX && iovcnt > 1 &&
	    posix_cap(POSIX_CAP_STDIO) != CAP_HANDLE_NONE)
		return stdio_writev(iov, iovcnt, total);
	long done = 0;
	for (int i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len == 0)
			continue;
		long n = posix_io_write(fd, iov[i].iov_base, iov[i].iov_len);
		if (n < 0)
			return done ? done : n;	/* report what got through */
		done += n;
		if ((size_t)n < iov[i].iov_len)
			break;			/* short write: stop here */
	}
	return done;
}

/* The errno of a failed StdIO.read: a cancelled call is EINTR (via
 * posix_errno_from_err), a server that is gone is end of file. */
static long stdio_read_failed(int32_t st)
{
	if (st == ERR_DISCONNECTED)
		return 0;
	return st < 0 ? posix_call_errno(st) : -EIO;
}

long posix_io_read(int fd, void *buf, size_t len)
{
	uint8_t params[64], results[SEND_MAX + 64];
	struct capn_call c;
	struct capn_msg m;
	StdIO_read_Results_r r;
	if (!fd_open(fd) || posix_cap(POSIX_CAP_STDIO) == CAP_HANDLE_NONE)
		return -EBADF;
	if (len == 0)
		return 0;
	if (buf == NULL)
		return -EFAULT;
	uint32_t want = len < SEND_MAX ? (uint32_t)len : SEND_MAX;
	if (StdIO_read_prepare(&c, params, sizeof(params), want))
		return -EIO;
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(posix_cap(POSIX_CAP_STDIO), &c);
	if (StdIO_read_results(&m, &c, st, &r))
		return stdio_read_failed(st);
	struct capn_data d = StdIO_read_Results_get_data(r);
	size_t n = d.len < want ? d.len : want;
	if (n == 0)	/* end of file, or a read cut short by cancel() */
		return StdIO_read_Results_get_eof(r) ? 0 : -EINTR;
	memcpy(buf, d.ptr, n);
	return (long)n;
}

long posix_io_readv(int fd, const struct iovec *iov, int iovcnt)
{
	size_t total;
	long err = posix_iov_total(iov, iovcnt, &total);
	if (err)
		return err;
	/* a short read is allowed: fill the first non-empty buffer */
	for (int i = 0; i < iovcnt; i++)
		if (iov[i].iov_len)
			return posix_io_read(fd, iov[i].iov_base, iov[i].iov_len);
	return fd_open(fd) ? 0 : -EBADF;
}

/* TIOCGWINSZ from StdIO.windowSize. A server that cannot answer is no
 * terminal. */
static long stdio_winsize(struct winsize *ws)
{
	uint8_t params[64], results[64];
	struct capn_call c;
	struct capn_msg m;
	StdIO_windowSize_Results_r r;
	if (StdIO_windowSize_prepare(&c, params, sizeof(params)))
		return -EIO;
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(posix_cap(POSIX_CAP_STDIO), &c);
	if (StdIO_windowSize_results(&m, &c, st, &r))
		return -ENOTTY;
	*ws = (struct winsize){
		.ws_row = StdIO_windowSize_Results_get_rows(r),
		.ws_col = StdIO_windowSize_Results_get_columns(r),
	};
	return 0;
}

long posix_io_ioctl(int fd, unsigned long req, void *arg)
{
	if (!fd_open(fd))
		return -EBADF;
	/* without "stdio" no descriptor is a terminal; with it, only the
	 * window size is known (no termios: tcgetattr says ENOTTY) */
	if (posix_cap(POSIX_CAP_STDIO) == CAP_HANDLE_NONE || req != TIOCGWINSZ)
		return -ENOTTY;
	if (arg == NULL)
		return -EFAULT;
	return stdio_winsize(arg);
}

long posix_io_lseek(int fd, long off, int whence)
{
	return fd_open(fd) ? -ESPIPE : -EBADF;	/* streams only */
}

long posix_io_close(int fd)
{
	long err = 0;
	posix_lock(&console_lock);
	if (!fd_open(fd))
		err = -EBADF;
	else if (fd > 0)
		console_drain(&console_outs[fd - 1], true);
	if (!err)
		fd_closed |= 1u << fd;
	posix_unlock(&console_lock);
	return err;
}

void posix_io_flush(void)
{
	if (posix_cap(POSIX_CAP_CONSOLE) == CAP_HANDLE_NONE)
		return;
	posix_lock(&console_lock);
	console_drain(&console_outs[0], true);
	console_drain(&console_outs[1], true);
	posix_unlock(&console_lock);
}
