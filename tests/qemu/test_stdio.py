"""A musl program's standard streams over StdIO (issue 11), without the
shell: stdio_host runs as init, makes an endpoint, spawns libc_lines with
its client facet as "stdio" and serves StdIO with a script (two lines, the
second in two reads, a cancelled read, a 3000-byte line, end of file;
window 100x40; the first long write only partly taken). It checks the
child's output byte for byte and prints it here, line by line."""

import re

from harness import COM1, STATUS_PASS, boot, case, check, describe_status

T = 120
USER = "build/user"

boot("stdio", modules=[f"{USER}/stdio_host.elf init",
                       f"{USER}/libc_lines.elf libc_lines"], timeout=150)

# What libc_lines wrote, as stdio_host shows it (the long line abbreviated).
CHILD_LINES = [
    "lines: window 100x40",
    "lines: 1: alpha",
    "lines: 2: beta gamma",
    "lines: interrupted",
    "lines: 3: abcdefghij... (3010 bytes)",
    "lines: done 3 lines",
]


def host_lines(m):
    """stdio_host's console lines, once it has given its verdict."""
    verdict = r"I init: stdio_host: (ok|FAIL .*)$"
    if not re.search(verdict, m.transcript(COM1), re.MULTILINE):
        m.expect(COM1, verdict, T)
    return re.findall(r"^\[\s*[\d.]+\] I init: stdio_host: (.*)$",
                      m.transcript(COM1), re.MULTILINE)


@case("host_says_ok", boot="stdio")
def host_ok(m):
    lines = host_lines(m)
    bad = [l for l in lines if l.startswith("FAIL")]
    check(not bad, bad[0] if bad else "")
    check("ok" in lines, "no 'stdio_host: ok'")
    check("facet typed as a kernel interface: refused" in lines,
          "a facet could pose as a kernel object")


@case("child_lines_exact", boot="stdio")
def child_lines(m):
    got = [l[len("child: "):] for l in host_lines(m) if l.startswith("child: ")]
    check(got == CHILD_LINES, "the child wrote:\n  " + "\n  ".join(got))


@case("nothing_to_the_console", boot="stdio")
def child_quiet(m):
    host_lines(m)
    text = m.transcript(COM1)
    # the child holds "console" too, but fds 1 and 2 go to "stdio"
    check(not re.search(r"\] [EWID] lines: ", text),
          "the child wrote to the kernel log")
    check(re.search(r'I spawn: pid 1 spawned pid \d+ "lines" with 4 grants', text),
          "no spawn line for the child")


@case("exits_cleanly", boot="stdio")
def exits_cleanly(m):
    m.expect(COM1, r'pid 1 "init" exited with code 0', T)
    status = m.wait_exit(T)
    check(status == STATUS_PASS, f"QEMU exit {describe_status(status)}")
    text = m.transcript(COM1)
    check("panic" not in text, "the kernel panicked")
    check("killed" not in text, "a process was killed")
    # the four spawns of a facet posing as a kernel object are refused on
    # purpose (host_says_ok); nothing else may be
    refused = re.findall(r"W (?:init|lines): pid \d+: .* refused: (.*)", text)
    posing = "capability does not implement the requested interface"
    check(refused == [posing] * 4, f"the kernel refused: {refused}")
