"""QEMU integration test driver for capOS (Python 3 standard library only).

Three layers, each usable on its own:
  - qemu_command(): the one QEMU command line, shared by tests and benchmarks.
  - Machine: one QEMU process with COM1/COM2 on Unix sockets, a reader thread
    per port, expect/send with timeouts, and guaranteed clean-up.
  - boot()/case(): a registry of test cases grouped by boot configuration, so
    several cases share one QEMU boot (run.py runs them).
"""

import codecs
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_KERNEL = REPO / "build" / "kernel.elf"
DEFAULT_ISO = REPO / "build" / "capos.iso"
QEMU = "qemu-system-x86_64"

COM1, COM2, COM3 = "com1", "com2", "com3"
PORTS = (COM1, COM2)
# COM3 (I/O 0x3e8, IRQ 5) exists only in boots that ask for it (serial3):
# a second terminal UART for a second shell.
COM3_DEVICE = "isa-serial,iobase=0x3e8,irq=5,chardev=com3"

# Kernel codes written to isa-debug-exit; QEMU exits with (code << 1) | 1.
KERNEL_PASS = 0x10
KERNEL_FAIL = 0x11
STATUS_PASS = (KERNEL_PASS << 1) | 1  # 33
STATUS_FAIL = (KERNEL_FAIL << 1) | 1  # 35

DEFAULT_EXPECT_TIMEOUT = 30.0
CONNECT_TIMEOUT = 5.0
# `timeout` outlives our own watchdog by this much: it only matters when
# this Python process dies without cleaning up.
BACKSTOP_GRACE = 10
# Seconds QEMU gets to exit on SIGTERM before `timeout` sends SIGKILL.
KILL_AFTER = 1
# A match that ends where the received text ends, mid-line, may be cut short
# (`(.*)$` matching half a line): accept it only after this much quiet.
QUIET = 0.05

# One kernel log line: `[    0.012345] LEVEL source: message`.
LOG_LINE = re.compile(r"^\[\s*\d+\.\d{6}\] [EWID] [^\s:]+: ")


class HarnessError(Exception):
    """The machine did not behave as a step required."""


class ExpectTimeout(HarnessError):
    pass


class Skip(Exception):
    """Raised by a case (or the runner) when the case cannot apply here."""


def check(condition, message):
    """assert that survives `python -O` and reads as a test failure."""
    if not condition:
        raise HarnessError(message)


def seen(m, pattern, timeout=60, port="com1"):
    """Wait until `port`'s whole transcript matches, without consuming it
    (services' log lines interleave in any order); returns the match."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = re.search(pattern, m.transcript(port))
        if found:
            return found
        check(m.running(), f"machine stopped before {pattern!r}")
        time.sleep(0.05)
    check(False, f"{pattern!r} not seen on {port} in {timeout}s")


def tcheck_summary(m, prog, at_least, timeout=120):
    """A user test program written with user/tests/tcheck.h: wait for its
    `prog: N passed, M failed` line, fail with every FAILED check and its
    reason, and require at least `at_least` passes and no failure.
    Returns the COM1 transcript for further checks."""
    summary = m.expect(COM1, rf"{prog}: (\d+) passed, (\d+) failed", timeout)
    text = m.transcript(COM1)
    failed = re.findall(rf"{prog}: (\S+) \.\.\. FAILED: (.*)", text)
    check(not failed, "failed:\n" + "\n".join(f"{n}: {w}" for n, w in failed))
    check(int(summary[1]) >= at_least and summary[2] == "0",
          f"summary {summary[0]}")
    return text


def setup_account(m, port, user, password, timeout=60, login_timeout=90):
    """At the shell prompt on `port`, type `setup` like a person: a local
    operator account, logged in when the prompt comes back (Argon2id takes
    about a second under TCG, hence the longer login_timeout)."""
    m.expect(port, r"capos> $", timeout)
    m.send(port, "setup\r")
    m.expect(port, r"username> $", timeout)
    m.send(port, user + "\r")
    m.expect(port, r"password> $", timeout)
    m.send(port, password + "\r")
    m.expect(port, r"again> $", timeout)
    m.send(port, password + "\r")
    m.expect(port, rf"session: operator {re.escape(user)}\n", login_timeout)
    m.expect(port, r"capos> $", timeout)


# ---------------------------------------------------------------------------
# Command line and exit status


def _initrd_arg(modules):
    # QEMU splits -initrd on ',' and un-escapes ',,', so escape commas in args.
    return ",".join(str(m).replace(",", ",,") for m in modules)


def qemu_command(sockdir, *, kernel=None, cmdline="", modules=(), iso=None,
                 smp=2, memory="256M", qemu=QEMU, serial3=False):
    """The QEMU argv for booting `kernel` (multiboot, -kernel) or `iso` (CD).

    COM1/COM2 are socket servers in `sockdir` with wait=on: QEMU does not
    start the guest until a client has connected to each, so no output is
    ever lost before the harness attaches.
    """
    if (kernel is None) == (iso is None):
        raise ValueError("give exactly one of kernel= and iso=")
    # More vCPUs than the host has cores: one TCG thread for all of them,
    # or the busy vCPUs starve each other and timing gets flaky.
    accel = ("tcg,thread=single" if smp > 2 else
             "tcg,thread=multi" if smp == 2 else "tcg")
    cmd = [qemu, "-machine", "q35", "-cpu", "max", "-accel", accel,
           "-smp", str(smp), "-m", memory, "-nodefaults", "-vga", "none",
           "-display", "none", "-no-reboot", "-monitor", "none",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=4"]
    for port in PORTS:
        path = Path(sockdir) / f"{port}.sock"
        cmd += ["-chardev", f"socket,id={port},path={path},server=on,wait=on",
                "-serial", f"chardev:{port}"]
    if serial3:
        path = Path(sockdir) / f"{COM3}.sock"
        cmd += ["-chardev", f"socket,id={COM3},path={path},server=on,wait=on",
                "-device", COM3_DEVICE]
    if iso is not None:
        return cmd + ["-cdrom", str(iso), "-boot", "d"]
    cmd += ["-kernel", str(kernel), "-append", cmdline]
    if modules:
        cmd += ["-initrd", _initrd_arg(modules)]
    return cmd


def kernel_code(status):
    """The code the kernel wrote to isa-debug-exit, or None if it did not."""
    if status is None or status <= 0 or not status & 1:
        return None
    return status >> 1


def describe_status(status):
    """A human reading of QEMU's exit status, for failure messages."""
    if status is None:
        return "still running"
    if status < 0:
        return f"{status} (killed by signal {-status})"
    if status == 0:
        return "0 (reset or shutdown without isa-debug-exit: triple fault?)"
    code = kernel_code(status)
    if code == KERNEL_PASS:
        return f"{status} (kernel 0x10: success)"
    if code == KERNEL_FAIL:
        return f"{status} (kernel 0x11: failure)"
    if code is not None:
        return f"{status} (kernel code {code:#x}, or a QEMU error)"
    return f"{status} (QEMU error)"


# ---------------------------------------------------------------------------
# Serial ports


class SerialPort:
    """One guest serial port: a socket, its reader thread and its transcript."""

    def __init__(self, name, sock):
        self.name = name
        self.sock = sock
        self.raw = bytearray()
        self.arrivals = []  # (text length after a chunk, time.monotonic())
        self.closed = False
        self._text = []  # decoded chunks; joined lazily
        self._joined = ""
        self._pos = 0  # end of the last expect() match
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._read, daemon=True,
                                        name=f"serial-{name}")
        self._thread.start()

    def _read(self):
        while True:
            try:
                chunk = self.sock.recv(65536)
            except OSError:
                chunk = b""
            with self._cond:
                if not chunk:
                    self._text.append(self._decoder.decode(b"", final=True))
                    self.closed = True
                    self._cond.notify_all()
                    return
                self.raw += chunk
                # The kernel ends lines with \r\n; tests match on \n only.
                self._text.append(self._decoder.decode(chunk).replace("\r", ""))
                self.arrivals.append((len(self._text_locked()), time.monotonic()))
                self._cond.notify_all()

    def text(self):
        with self._cond:
            return self._text_locked()

    def _text_locked(self):
        if self._text:
            self._joined += "".join(self._text)
            self._text.clear()
        return self._joined

    def expect(self, pattern, timeout):
        """Wait for `pattern` after the previous match; return the match.

        Gives up early when the port closes (QEMU exited), since no more
        output can arrive.
        """
        regex = re.compile(pattern, re.MULTILINE) if isinstance(pattern, str) else pattern
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                match = regex.search(self._text_locked(), self._pos)
                remaining = deadline - time.monotonic()
                final = self.closed or remaining <= 0
                if match and (final or not self._maybe_cut(match)):
                    self._pos = match.end()
                    return match
                if final:
                    return None
                self._cond.wait(min(QUIET, remaining) if match else remaining)

    def _maybe_cut(self, match):
        """True if more text may still change this match (see QUIET)."""
        text = match.string
        if match.end() < len(text) or text.endswith("\n") or self.closed:
            return False
        return time.monotonic() - self.arrivals[-1][1] < QUIET

    def arrival_time(self, offset):
        """When the text at `offset` (e.g. match.start()) was received."""
        with self._cond:
            return next(t for end, t in self.arrivals if end > offset)

    def pending(self):
        """Text after the last match: what the next expect() will search."""
        with self._cond:
            return self._text_locked()[self._pos:]

    def send(self, data):
        self.sock.sendall(data.encode() if isinstance(data, str) else data)

    def close(self, join_timeout=2.0):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._thread.join(join_timeout)
        self.sock.close()

    def drain(self, timeout):
        """Wait for EOF so the transcript is complete after QEMU exits."""
        self._thread.join(timeout)


def _connect(path, deadline, proc, log_path):
    """Connect to a QEMU socket server, retrying until it is listening."""
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(str(path))
            return sock
        except (FileNotFoundError, ConnectionRefusedError):
            sock.close()
        if proc.poll() is not None:
            raise HarnessError(
                f"QEMU exited with status {proc.returncode} before {path.name} "
                f"was ready:\n{_read_tail(log_path)}")
        if time.monotonic() > deadline:
            raise HarnessError(f"QEMU did not open {path} within {CONNECT_TIMEOUT}s")
        time.sleep(0.002)


def _read_tail(path, lines=50):
    try:
        text = Path(path).read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def tail(text, lines=200):
    return "\n".join(text.splitlines()[-lines:])


# ---------------------------------------------------------------------------
# Machine


class Machine:
    """One QEMU run. Use as a context manager so QEMU is always killed.

        with Machine().start(kernel=..., cmdline="test=selftest") as m:
            m.expect(COM1, r"selftest: \\d+ passed")
            assert m.wait_exit(30) == STATUS_PASS
    """

    def __init__(self, qemu=QEMU):
        self.qemu = qemu
        self.command = None
        self.proc = None
        self.ports = {}
        self.launched_at = None
        self.limit = None  # the wall-clock limit, seconds
        self.expired = False  # the wall-clock watchdog killed QEMU
        self._tmpdir = None
        self._watchdog = None
        self.serial3 = False

    # -- lifecycle ----------------------------------------------------------

    def start(self, *, kernel=None, cmdline="", modules=(), iso=None, smp=2,
              memory="256M", timeout=60, serial3=False):
        """Launch QEMU and attach to both serial ports; returns self.

        `timeout` is the hard wall-clock limit for the whole run.
        """
        for path in (kernel, iso):
            if path is not None and not Path(path).is_file():
                raise HarnessError(f"boot image not found: {path}")
        try:
            self.serial3 = serial3
            self._launch(kernel, cmdline, modules, iso, smp, memory, timeout)
            self._attach()
        except BaseException:
            self.close()
            raise
        return self

    def _launch(self, kernel, cmdline, modules, iso, smp, memory, timeout):
        self._tmpdir = Path(tempfile.mkdtemp(prefix="capos-qemu-"))
        self.command = qemu_command(self._tmpdir, kernel=kernel, cmdline=cmdline,
                                    modules=modules, iso=iso, smp=smp,
                                    memory=memory, qemu=self.qemu,
                                    serial3=self.serial3)
        backstop = ["timeout", "-k", str(KILL_AFTER), "-s", "KILL",
                    str(int(timeout) + BACKSTOP_GRACE)]
        with open(self.log_path, "wb") as log:
            self.launched_at = time.monotonic()
            # A new session keeps terminal signals away from QEMU and makes
            # it and `timeout` one process group (see _kill).
            self.proc = subprocess.Popen(backstop + self.command,
                                         stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT,
                                         start_new_session=True)
        self.limit = timeout
        self._watchdog = threading.Timer(timeout, self._expire)
        self._watchdog.daemon = True
        self._watchdog.start()

    def _attach(self):
        # QEMU opens the sockets one by one, each waiting for its client,
        # so connect in command-line order.
        deadline = time.monotonic() + CONNECT_TIMEOUT
        for port in PORTS + ((COM3,) if self.serial3 else ()):
            sock = _connect(self._tmpdir / f"{port}.sock", deadline, self.proc,
                            self.log_path)
            self.ports[port] = SerialPort(port, sock)

    def _expire(self):
        if self.running():
            self.expired = True
            self._kill()

    def _kill(self):
        # Signal `timeout` rather than QEMU: it passes SIGTERM on, escalates
        # to SIGKILL, and reaps QEMU, so no orphaned zombie is left behind.
        # Killing the whole group is the fallback if that fails.
        self.proc.terminate()
        try:
            self.proc.wait(KILL_AFTER + 2)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()

    def close(self):
        """Kill QEMU if still running and release everything. Idempotent."""
        if self._watchdog:
            self._watchdog.cancel()
        if self.proc and self.proc.poll() is None:
            self._kill()
        for port in self.ports.values():
            port.close()
        if self._tmpdir:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- state --------------------------------------------------------------

    @property
    def log_path(self):
        """QEMU's own stdout/stderr (errors, warnings)."""
        return self._tmpdir / "qemu.log"

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    @property
    def status(self):
        """QEMU's raw exit status; None while running."""
        return None if self.proc is None else self.proc.poll()

    @property
    def kernel_code(self):
        return kernel_code(self.status)

    def qemu_log(self):
        """QEMU's own messages, minus the routine wait=on notices."""
        text = _read_tail(self.log_path, 200) if self._tmpdir else ""
        return "\n".join(line for line in text.splitlines()
                         if "QEMU waiting for connection" not in line)

    def describe(self):
        if self.expired:
            return f"killed by the {self.limit:g}s wall-clock limit"
        return "QEMU " + ("running" if self.running() else
                          f"exited with status {describe_status(self.status)}")

    # -- interaction --------------------------------------------------------

    def expect(self, port, pattern, timeout=DEFAULT_EXPECT_TIMEOUT):
        """Wait for a regex (MULTILINE) on `port` after the last match there.

        Patterns match as soon as the text arrives, so anchor line-ending
        patterns with `$` or `\\n` when a partial line must not match.
        """
        match = self.ports[port].expect(pattern, timeout)
        if match is None:
            self._settle(port)
            pattern = getattr(pattern, "pattern", pattern)
            why = ("the port closed" if self.ports[port].closed
                   else f"{timeout:g}s passed")
            raise ExpectTimeout(
                f"expected /{pattern}/ on {port}, but {why} ({self.describe()}); "
                f"unmatched output:\n{tail(self.ports[port].pending(), 20)}")
        return match

    def _settle(self, port):
        # A closed port means QEMU is exiting: give it a moment so messages
        # and running() report the exit rather than a race.
        if self.ports[port].closed:
            try:
                self.proc.wait(2)
            except subprocess.TimeoutExpired:
                pass

    def send(self, port, text):
        """Type `text` into a port. Expect the prompt first: input sent
        before the guest reads it may be dropped by the UART."""
        self.ports[port].send(text)

    def wait_exit(self, timeout=DEFAULT_EXPECT_TIMEOUT):
        """Wait for QEMU to exit by itself; return its raw status (see
        kernel_code). Raises if it is still running or was killed."""
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise HarnessError(f"QEMU still running after {timeout:g}s") from None
        for port in self.ports.values():
            port.drain(2.0)
        # QEMU exits 0 on SIGTERM, which would read as a guest reset.
        if self.expired:
            raise HarnessError(f"QEMU was {self.describe()}")
        return self.proc.returncode

    def transcript(self, port):
        return self.ports[port].text() if port in self.ports else ""


# ---------------------------------------------------------------------------
# Case registry


@dataclass
class Boot:
    """One QEMU boot shared by the cases that name it, run in order.

    iso=True boots the ISO given to run.py instead of the kernel; a path
    (relative to the repository) boots that ISO.
    smp=None means run.py's --smp.
    """
    name: str
    cmdline: str = ""
    modules: tuple = ()
    manifest: str = None  # system/*.capnp: its modules are booted
    serial3: bool = False  # a third UART (0x3e8, IRQ 5) as COM3
    iso: object = False  # True, or a path such as "build/capos.iso"
    smp: int = None
    timeout: float = 60
    cases: list = field(default_factory=list)


@dataclass
class Case:
    name: str
    boot: Boot
    func: object

    @property
    def id(self):
        return f"{self.boot.name}/{self.name}"


BOOTS = {}  # name -> Boot, in definition order


def manifest_modules(manifest):
    """The -initrd modules a manifest boots (tools/manifest-modules)."""
    out = subprocess.run([str(REPO / "tools" / "manifest-modules"),
                          "--build", str(REPO / "build"), manifest],
                         cwd=REPO, capture_output=True, text=True)
    if out.returncode != 0:
        raise HarnessError(out.stderr.strip() or "manifest-modules failed")
    return tuple(out.stdout.strip().split(","))


def boot(name, **config):
    """Define a boot configuration (see Boot) that cases can share."""
    if name in BOOTS:
        raise ValueError(f"boot {name!r} defined twice")
    BOOTS[name] = Boot(name, **config)
    return BOOTS[name]


def case(name, boot):
    """Register `func(machine)` as a case run against boot `boot`."""
    def register(func):
        if boot not in BOOTS:
            raise ValueError(f"case {name!r}: boot {boot!r} is not defined (yet)")
        config = BOOTS[boot]
        if any(c.name == name for c in config.cases):
            raise ValueError(f"case {name!r} registered twice in boot {boot!r}")
        config.cases.append(Case(name, config, func))
        return func
    return register
