"""The native shell (capos-shell, issue 11) on the terminal UART (COM2).

Boots system/test-shell.capnp: init, the shell (terminal, launcher,
endpoints, timer; MOTD from kernel.motd) and the binaries it may launch:
hello (writes "hello, world" to @stdio; needs stdio), readline (echoes
"got: <line>" per line read from stdio; a cancelled read or end of input
ends it, saying which; needs stdio), crash (null dereference), sleeper
(sleeps; needs timer), exit3 (exits with code 3).

The cases share one boot and run in order; each starts at a fresh prompt.
Keys: Enter "\r", Tab "\t", Up "\x1b[A", Down "\x1b[B", Ctrl-C "\x03",
Ctrl-D "\x04". The terminal clears the edit area on Tab/Up/Down with
ESC[K before the shell resumes the line; the shell redraws its own line
with "\r\x1b[K" (the harness drops the \r) when a job prints at the prompt.
"""

import re
import time

from harness import COM2, COM3, boot, case, check

T = 30
PROMPT = r"capos> $"
MOTD = "capOS shell test system.\nType help."

boot("shell", manifest="system/test-shell.capnp", timeout=120)


def cmd(m, line, *patterns):
    """Type a command line; expect each pattern in order, then a prompt."""
    m.send(COM2, line + "\r")
    found = [m.expect(COM2, p, T) for p in patterns]
    m.expect(COM2, PROMPT, T)
    return found


def settle():
    """Give a just-started child time to reach its first read."""
    time.sleep(0.5)


@case("motd_and_prompt", boot="shell")
def motd_and_prompt(m):
    m.expect(COM2, re.escape(MOTD) + r"\n", T)
    m.expect(COM2, PROMPT, T)


@case("help", boot="shell")
def help_lists_commands(m):
    cmd(m, "help", r"commands:\n", r'run "<binary>" \[with \{ name: source, '
        r"\.\.\. \}\]", r"wait \[N\]", r"exit +leave the shell\n",
        r"@stdio +this terminal")


@case("caps", boot="shell")
def caps_lists_capabilities(m):
    cmd(m, "caps")
    text = m.transcript(COM2)
    for name, iface in (("terminal", "TerminalSession"),
                        ("launcher", "Launcher"),
                        ("endpoints", "EndpointFactory"), ("timer", "Timer")):
        check(re.search(rf"^{name} +{iface}$", text, re.MULTILINE),
              f"caps: no line '{name}  {iface}'")


@case("unknown_command", boot="shell")
def unknown_command(m):
    cmd(m, "frobnicate now", r"unknown command: frobnicate \(try help\)\n")


@case("syntax_error", boot="shell")
def syntax_error(m):
    cmd(m, 'run "hello" with { stdio: @stdio',
        r"syntax: expected '\}' after grant list at end of line\n")
    cmd(m, 'run "hello" with { a: @timer, a: @timer }',
        r"syntax: grant name 'a' given twice at column \d+\n")


@case("tab_completes_command", boot="shell")
def tab_command(m):
    m.send(COM2, "he\t")
    m.expect(COM2, r"\x1b\[Khelp $", T)
    cmd(m, "", r"commands:\n")


@case("tab_completes_binary", boot="shell")
def tab_binary(m):
    m.send(COM2, 'run "hel\t')
    m.expect(COM2, r'\x1b\[Krun "hello" $', T)
    cmd(m, "with { stdio: @stdio }", r"hello, world\n")


@case("tab_lists_several", boot="shell")
def tab_several(m):
    m.send(COM2, "e\t")
    m.expect(COM2, r"\necho  exit\ncapos> e$", T)
    cmd(m, "cho listed", r"\nlisted\n")


@case("history_recall", boot="shell")
def history(m):
    cmd(m, "echo first", r"\nfirst\n")
    cmd(m, "echo second", r"\nsecond\n")
    m.send(COM2, "\x1b[A")          # on an empty line: nothing to clear
    m.expect(COM2, r"echo second$", T)
    m.send(COM2, "\x1b[A")
    m.expect(COM2, r"\x1b\[Kecho first$", T)
    m.send(COM2, "\x1b[B")
    m.expect(COM2, r"\x1b\[Kecho second$", T)
    cmd(m, "", r"\nsecond\n")


@case("run_with_grant", boot="shell")
def run_with_grant(m):
    [hello] = cmd(m, 'run "hello" with { stdio: @stdio }', r"hello, world\n")
    after = m.transcript(COM2)[hello.end():]
    check("[exited" not in after, f"exit code 0 was reported: {after!r}")


@case("run_without_needed_grant", boot="shell")
def run_without_grant(m):
    cmd(m, 'run "hello"', r"run: .*stdio.*\n")
    cmd(m, 'run "hello" with { stdio: @nothing }',
        r"run: no capability named @nothing in this shell \(see caps\)\n")
    cmd(m, 'run "no-such-binary"', r'run: .*no-such-binary.*\n')


@case("exit_code_and_crash", boot="shell")
def exit_code_and_crash(m):
    cmd(m, 'run "exit3"', r"\[exited with code 3\]\n")
    cmd(m, 'run "crash"', r"\[crashed: #PF page fault at 0x0\]\n")
    cmd(m, "echo still here", r"\nstill here\n")


@case("spawn_jobs_wait", boot="shell")
def spawn_jobs_wait(m):
    # Output and notices of background jobs may come right after the
    # prompt (which is then redrawn): expect them in one go.
    [job] = cmd(m, 'spawn "sleeper" with { timer: @timer }',
                r"\[(\d+)\] sleeper\n")
    n = job[1]
    cmd(m, "jobs", rf"\[{n}\] sleeper +running\n")
    [job, _, done] = cmd(m, 'spawn "hello" with { stdio: @stdio }',
                         r"\[(\d+)\] hello\n", r"hello, world\n",
                         r"\[(\d+)\] hello: done\n")
    check(job[1] == done[1], f"spawned [{job[1]}], done [{done[1]}]")
    cmd(m, "jobs", rf"\[{n}\] sleeper +running\n",
        rf"\[{done[1]}\] hello +done\n")
    cmd(m, f"wait {done[1]}")
    cmd(m, f"kill {n}", rf"\[{n}\] sleeper: killed\n")
    cmd(m, "wait", rf"\[{n}\] sleeper: killed\n")
    cmd(m, "jobs", r"no jobs\n")


@case("kill_errors", boot="shell")
def kill_errors(m):
    cmd(m, "kill 99", r"kill: no job 99 \(see jobs\)\n")
    cmd(m, "kill me", r"kill: expected a job number, got 'me'\n")


@case("very_long_line_refused", boot="shell")
def long_line(m):
    line = "x" * 3000
    for i in range(0, len(line), 250):
        m.send(COM2, line[i:i + 250])
        time.sleep(0.02)
    m.send(COM2, "\r")
    m.expect(COM2, r"line too long: the limit is 1024 bytes", T)
    m.expect(COM2, PROMPT, T)
    cmd(m, "echo after", r"\nafter\n")
    check(not re.search(r"unknown command: x", m.transcript(COM2)),
          "part of the long line ran as a command")


@case("ctrl_c_reading_child", boot="shell")
def ctrl_c_reading(m):
    # readline ends at a cancelled read, so the first Ctrl-C ends it; the
    # second-Ctrl-C kill is in ctrl_c_busy_child.
    m.send(COM2, 'run "readline" with { stdio: @stdio }\r')
    m.expect(COM2, r"readline: type lines", T)
    settle()
    m.send(COM2, "abc\r")
    m.expect(COM2, r"got: abc\n", T)
    settle()
    m.send(COM2, "\x03")
    m.expect(COM2, r"\^C \(press Ctrl-C again to kill readline\)\n", T)
    m.expect(COM2, r"readline: cancelled\n", T)
    m.expect(COM2, PROMPT, T)
    m.send(COM2, 'run "readline" with { stdio: @stdio }\r')
    m.expect(COM2, r"readline: type lines", T)
    settle()
    m.send(COM2, "one more\r")
    m.expect(COM2, r"got: one more\n", T)
    settle()
    m.send(COM2, "\x04")
    m.expect(COM2, r"readline: end of input\n", T)
    m.expect(COM2, PROMPT, T)


@case("ctrl_c_busy_child", boot="shell")
def ctrl_c_busy(m):
    m.send(COM2, 'run "sleeper" with { timer: @timer }\r')
    settle()
    m.send(COM2, "\x03")
    m.expect(COM2, r"\^C \(press Ctrl-C again to kill sleeper\)\n", T)
    m.send(COM2, "\x03")
    m.expect(COM2, r"\[killed\]\n", T)
    m.expect(COM2, PROMPT, T)


@case("musl_program_reads_stdin", boot="shell")
def musl_lines(m):
    # libc_lines: fgets on fd 0 and ioctl(TIOCGWINSZ) through @stdio; the
    # first Ctrl-C is EINTR to it (it goes on reading), the second kills.
    m.send(COM2, 'run "lines" with { stdio: @stdio, vm: @vm, thread: @thread }\r')
    m.expect(COM2, r"lines: window 80x24\n", T)
    settle()
    m.send(COM2, "first line\r")
    m.expect(COM2, r"lines: 1: first line\n", T)
    settle()
    m.send(COM2, "\x03")
    m.expect(COM2, r"\(press Ctrl-C again to kill lines\)\n", T)
    m.expect(COM2, r"lines: interrupted\n", T)
    settle()
    m.send(COM2, "second\r")
    m.expect(COM2, r"lines: 2: second\n", T)
    settle()
    m.send(COM2, "\x04")
    m.expect(COM2, r"lines: done 2 lines\n", T)
    m.expect(COM2, PROMPT, T)
    m.send(COM2, 'run "lines" with { stdio: @stdio, vm: @vm, thread: @thread }\r')
    m.expect(COM2, r"lines: window 80x24\n", T)
    settle()
    m.send(COM2, "\x03")
    m.expect(COM2, r"\(press Ctrl-C again to kill lines\)\n", T)
    settle()
    m.send(COM2, "\x03")
    m.expect(COM2, r"\[killed\]\n", T)
    m.expect(COM2, PROMPT, T)


@case("ctrl_d_at_prompt", boot="shell")
def ctrl_d(m):
    m.send(COM2, "\x04")
    m.expect(COM2, r"\(type exit to leave the shell\)\n", T)
    m.expect(COM2, PROMPT, T)
    cmd(m, "echo alive", r"\nalive\n")


# Two shells, one per terminal UART (system/test-two-shells.capnp): each
# owns its own TerminalSession; what is typed on one never reaches the other.
boot("two_shells", manifest="system/test-two-shells.capnp", serial3=True,
     timeout=90)


@case("both_prompts", boot="two_shells")
def two_prompts(m):
    m.expect(COM2, r"first shell \(COM2\)\n", T)
    m.expect(COM2, PROMPT, T)
    m.expect(COM3, r"second shell \(COM3\)\n", T)
    m.expect(COM3, PROMPT, T)


@case("independent_terminals", boot="two_shells")
def two_independent(m):
    m.send(COM3, 'run "readline" with { stdio: @stdio }\r')
    m.expect(COM3, r"readline: type lines", T)
    settle()
    m.send(COM2, "echo only on two\r")
    m.expect(COM2, r"\nonly on two\n", T)
    m.expect(COM2, PROMPT, T)
    m.send(COM3, "only on three\r")
    m.expect(COM3, r"got: only on three\n", T)
    settle()
    m.send(COM3, "\x04")
    m.expect(COM3, r"readline: end of input\n", T)
    m.expect(COM3, PROMPT, T)
    m.send(COM2, 'run "hello" with { stdio: @stdio }\r')
    m.expect(COM2, r"hello, world\n", T)
    m.expect(COM2, PROMPT, T)
    check("only on three" not in m.transcript(COM2) and
          "only on two" not in m.transcript(COM3),
          "input crossed between the terminals")
