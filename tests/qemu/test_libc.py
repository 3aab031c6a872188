"""musl as the C library (issue 7): libc_test runs as init on capOS and,
built with gcc and glibc, on this Linux host; every `libc: <name> <value>`
line must match between the two, except lines whose name starts with '~'
(time, random bytes, what an untranslated call answers), which only have
to be present in the same place. capOS-specific answers are checked on
their own, and libc_test spawns libc_nogrant with too few capabilities to
show that a missing grant is a clean errno (or, without "thread", a clean
refusal to start), never a fault."""

import re
import subprocess
from pathlib import Path

from harness import COM1, REPO, STATUS_PASS, Skip, boot, case, check, describe_status

T = 90
USER = "build/user"
SOURCE = REPO / "user" / "tests" / "libc_test.c"
LINUX_BIN = REPO / "build" / "host" / "libc_test-linux"
LINE = re.compile(r"^\[\s*[\d.]+\] I init: (libc: .*)$", re.MULTILINE)

boot("libc", modules=[f"{USER}/libc_test.elf init",
                      f"{USER}/libc_nogrant.elf libc_nogrant"], timeout=150)


def linux_lines():
    """The Linux twin's output (mk/libc.mk builds it; rebuilt here if stale)."""
    if not LINUX_BIN.exists() or LINUX_BIN.stat().st_mtime < SOURCE.stat().st_mtime:
        LINUX_BIN.parent.mkdir(parents=True, exist_ok=True)
        cc = subprocess.run(["gcc", "-std=gnu11", "-O2", "-I", str(REPO), "-o",
                             str(LINUX_BIN), str(SOURCE), "-lm"],
                            capture_output=True, text=True)
        if cc.returncode != 0:
            raise Skip(f"cannot build the Linux twin: {cc.stderr[-500:]}")
    run = subprocess.run([str(LINUX_BIN)], capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, timeout=60)
    check(run.returncode == 0, f"the Linux twin exited {run.returncode}")
    return [l for l in run.stdout.splitlines() if l.startswith("libc: ")]


def capos_lines(m):
    """Every libc: line of init, once it has printed its last."""
    text = m.transcript(COM1)
    if not re.search(r"I init: libc: done$", text, re.MULTILINE):
        m.expect(COM1, r"I init: libc: done$", T)
        text = m.transcript(COM1)
    return LINE.findall(text)


def name_of(line):
    return line.split()[1]


def compare(ours, theirs):
    """Mismatches as readable lines (empty when the outputs agree)."""
    ours = [l for l in ours if not l.startswith("libc: ~nogrant")]
    bad = []
    if len(ours) != len(theirs):
        bad.append(f"{len(ours)} lines on capOS, {len(theirs)} on Linux")
    for i, (a, b) in enumerate(zip(ours, theirs)):
        same = name_of(a) == name_of(b) if name_of(b).startswith("~") else a == b
        if not same:
            bad.append(f"line {i + 1}:\n  capOS: {a}\n  Linux: {b}")
    return bad


@case("output_matches_linux", boot="libc")
def matches_linux(m):
    bad = compare(capos_lines(m), linux_lines())
    check(not bad, "capOS and Linux disagree:\n" + "\n".join(bad[:20]))


@case("capos_answers", boot="libc")
def capos_answers(m):
    text = m.transcript(COM1)
    for want in ("libc: ~open_errno ENOSYS", "libc: ~socket -1 ENOSYS",
                 "libc: syscall_unknown -1 ENOSYS", "libc: ~sbrk_grow 0 ENOMEM",
                 "I init: libc-stderr: unbuffered line"):
        check(want in text, f"no line '{want}'")
    us = re.search(r"libc: ~nanosleep_elapsed_us (\d+)", text)
    check(us and 10000 <= int(us[1]) < 2000000, f"nanosleep(10ms) took {us and us[1]} us")
    rnd = re.search(r"libc: ~random ([0-9a-f]{16})$", text, re.MULTILINE)
    check(rnd and rnd[1] != "0" * 16, "no random bytes")


@case("missing_grants_are_clean_errors", boot="libc")
def missing_grants(m):
    capos_lines(m)  # libc_test spawns both children before "done"
    text = m.transcript(COM1)
    check("libc: ~nogrant_console_only spawn=0 kind=0 code=127" in text,
          "the child without thread did not exit 127")
    for want in ("malloc_1MiB -1 Out of memory",
                 "clock_gettime -1 Invalid argument",
                 "nanosleep -1 Function not implemented",
                 "getrandom -1 Function not implemented",
                 "read_stdin -1 Bad file descriptor",
                 "pthread_create -1 Resource temporarily unavailable", "done"):
        check(f"I nogrant: libc-nogrant: {want}" in text, f"no line '{want}'")
    check("libc: ~nogrant_console_thread spawn=0 kind=0 code=3" in text,
          "the child with console+thread did not exit 3")
    check('I nogrant: libc: no "thread" capability: cannot set up TLS' in text,
          "the child without thread did not say why it stopped")
    check("killed" not in text, "a process was killed")


@case("exits_cleanly", boot="libc")
def exits_cleanly(m):
    m.expect(COM1, r'pid 1 "init" exited with code 0', T)
    status = m.wait_exit(T)
    check(status == STATUS_PASS, f"QEMU exit {describe_status(status)}")
    text = m.transcript(COM1)
    check("panic" not in text, "the kernel panicked")
    check(not re.search(r"W init: pid 1: .* refused", text),
          "the translation layer made calls the kernel refused")


# ---------------------------------------------------------------------------
# pthreads through musl (issue 9): libc_pthread runs as init and prints one
# `pthread: NAME ok` line per check; it spawns libc_pthexit, whose main
# thread calls pthread_exit while its workers carry on.

PT = 240
PT_CHECKS = 25     # lines libc_pthread prints when everything passes

boot("libc_pthread", cmdline="diag", timeout=300,
     modules=[f"{USER}/libc_pthread.elf init",
              f"{USER}/libc_pthexit.elf libc_pthexit"])


def pthread_summary(m):
    pattern = r"I init: pthread: (\d+) passed, (\d+) failed"
    summary = re.search(pattern, m.transcript(COM1)) or m.expect(COM1, pattern, PT)
    return int(summary[1]), int(summary[2])


@case("all_checks_pass", boot="libc_pthread")
def pthread_all(m):
    passed, failed = pthread_summary(m)
    text = m.transcript(COM1)
    bad = re.findall(r"I init: pthread: (\S+ FAILED: .*)", text)
    check(failed == 0 and not bad, "failed:\n" + "\n".join(bad))
    check(passed == PT_CHECKS, f"{passed} checks passed, expected {PT_CHECKS}")
    for name in ("quota_eagain_then_join_all", "detached_200", "mutex_stress_exact",
                 "condvar_queue_exact", "pthread_once", "thread_local_distinct",
                 "broadcast_wakes_16", "barrier_rounds", "futex_requeue",
                 "main_exits_first_process_ends_0"):
        check(f"I init: pthread: {name} ok" in text, f"no '{name} ok' line")


@case("main_thread_leaves_first", boot="libc_pthread")
def pthread_main_leaves(m):
    pthread_summary(m)
    text = m.transcript(COM1)
    left = text.find("I pthexit: pthexit: main leaves")
    check(left >= 0, "libc_pthexit's main did not get to pthread_exit")
    done = [text.find(f"I pthexit: pthexit: worker {i} done after main left")
            for i in range(3)]
    check(all(d > left for d in done), f"workers after main: {done} vs {left}")


@case("exits_cleanly", boot="libc_pthread")
def pthread_exits_cleanly(m):
    m.expect(COM1, r'pid 1 "init" exited with code 0', PT)
    status = m.wait_exit(PT)
    check(status == STATUS_PASS, f"QEMU exit {describe_status(status)}")
    text = m.transcript(COM1)
    check("panic" not in text, "the kernel panicked")
    check("killed" not in text and "fault" not in text.lower(),
          "a process was killed or faulted")
    # one refusal is the point of the quota check: ThreadSpawner's
    refused = re.findall(r"W (?:init|pthexit): pid \d+: .* refused: (.*)", text)
    check(refused == ["resource quota exceeded"],
          f"the kernel refused other calls of the layer: {refused}")
