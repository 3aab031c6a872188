"""The kernel terminal (issue 11): termtest runs as init holding the
Terminal device on COM2; we type into COM2 and check both sides: the
exact bytes echoed on COM2 (line editing, echo modes, redraws) and what
termtest read and logged on COM1. Steps run in order on one boot."""

import re
import time

from harness import COM1, COM2, STATUS_PASS, boot, case, check, describe_status

T = 60
USER = "build/user"
ESC = "\x1b"

boot("terminal", cmdline="diag",
     modules=[f"{USER}/termtest.elf init", f"{USER}/termtest.elf termchild"],
     timeout=150)


def raw(m):
    return bytes(m.ports[COM2].raw)


def echoed(m, want, timeout=T):
    """Wait until the COM2 byte stream contains `want` (bytes or str)."""
    want = want.encode("latin-1") if isinstance(want, str) else want
    deadline = time.monotonic() + timeout
    while want not in raw(m):
        if time.monotonic() > deadline:
            tail = raw(m)[-300:]
            raise AssertionError(f"COM2 never showed {want!r}; last bytes {tail!r}")
        time.sleep(0.02)


def prompt_type(m, prompt, keys):
    m.expect(COM2, re.escape(prompt), T)
    m.send(COM2, keys.encode("latin-1"))


def logged(m, step, end, cursor, text):
    m.expect(COM1, re.escape(f'termtest: {step}: {end} {cursor} "{text}"') + "\n", T)


def ok(m, name):
    m.expect(COM1, rf"termtest: {name} \.\.\. ok\n", T)


@case("open_busy_and_write", boot="terminal")
def open_write(m):
    ok(m, "open")
    ok(m, "open_again_busy")
    ok(m, "window_size")
    echoed(m, "terminal ready\r\nline two\r\n")
    ok(m, "write_too_large")
    check("====" not in m.transcript(COM2), "an oversized write got through")


@case("editing_keys", boot="terminal")
def editing(m):
    prompt_type(m, "[basic]> ", "abc\x7fd\r")
    logged(m, "basic", "enter", 3, "abd")
    echoed(m, "[basic]> abc\b" + ESC + "[Kd\r\n")
    prompt_type(m, "[crlf]> ", "one\r\ntwo\r")
    logged(m, "crlf1", "enter", 3, "one")
    logged(m, "crlf2", "enter", 3, "two")
    echoed(m, "[crlf]> one\r\n[crlf2]> two\r\n")
    prompt_type(m, "[insert]> ", f"helo{ESC}[D{ESC}[Dl{ESC}[C{ESC}[C!\r")
    logged(m, "insert", "enter", 6, "hello!")
    echoed(m, f"[insert]> helo\b\bllo{ESC}[2D{ESC}[C{ESC}[C!\r\n")
    prompt_type(m, "[words]> ", "foo bar baz\x17\x17qux\r")
    logged(m, "words", "enter", 7, "foo qux")
    echoed(m, f"[words]> foo bar baz{ESC}[3D{ESC}[K{ESC}[4D{ESC}[Kqux\r\n")
    prompt_type(m, "[kill]> ", "junk\x15ok\r")
    logged(m, "kill", "enter", 2, "ok")
    echoed(m, f"[kill]> junk{ESC}[4D{ESC}[Kok\r\n")
    prompt_type(m, "[bytes]> ", "h\xc3\xa9\r")
    ok(m, "high_bytes")


@case("hidden_and_masked_echo", boot="terminal")
def echo_modes(m):
    prompt_type(m, "password: ", "s3cret\r")
    logged(m, "hidden", "enter", 6, "s3cret")
    prompt_type(m, "[masked]> ", "pin\x7f9\r")
    logged(m, "masked", "enter", 3, "pi9")
    echoed(m, f"password: \r\n[masked]> ***\b{ESC}[K*\r\n")
    check(b"s3cret" not in raw(m) and b"pin" not in raw(m),
          "a hidden or masked secret was echoed")


@case("tab_up_down_end_early_and_resume", boot="terminal")
def resume(m):
    prompt_type(m, "[tab]> ", "ec\t")
    logged(m, "tab", "tab", 2, "ec")
    m.send(COM2, b"hi\r")
    logged(m, "resume", "enter", 7, "echo hi")
    echoed(m, f"[tab]> ec{ESC}[2D{ESC}[Kecho hi\r\n")
    prompt_type(m, "[up]> ", f"x{ESC}[A")
    logged(m, "up", "up", 1, "x")
    m.send(COM2, f",{ESC}OB".encode())
    logged(m, "history", "down", 6, "hello, world")
    m.send(COM2, b"\r")
    logged(m, "clamped", "enter", 12, "hello, world")
    echoed(m, f"[up]> x\b{ESC}[K"
              f"hello world{ESC}[6D, world{ESC}[6D{ESC}[6D{ESC}[K"
              f"hello, world\r\n")


@case("cancel_and_ring_cancel", boot="terminal")
def cancels(m):
    ok(m, "second_read_busy")
    ok(m, "cancel_call")
    logged(m, "cancel", "cancelled", 2, "keep")
    ok(m, "cancel_ends_read")
    ok(m, "cancel_nothing_pending")
    ok(m, "ring_cancel_read")
    ok(m, "ring_cancel_again")
    prompt_type(m, "[after]> ", "fine\r")
    logged(m, "after", "enter", 4, "fine")


@case("ctrl_c_and_interrupt", boot="terminal")
def interrupt(m):
    ok(m, "interrupt_busy")
    prompt_type(m, "[intr] press ^C: ", "zz\x03")
    m.expect(COM1, r"termtest: interrupt: ok\n", T)
    prompt_type(m, "[afterintr]> ", "ok\r")
    logged(m, "afterintr", "enter", 2, "ok")
    ok(m, "typeahead_dropped")
    prompt_type(m, "[both]> ", "ab\x03")
    logged(m, "both", "cancelled", 2, "ab")
    echoed(m, "[both]> ab^C\r\n")
    ok(m, "ctrl_c_in_read_not_interrupt")


@case("hostile_arguments_refused", boot="terminal")
def hostile(m):
    for name in ("max_too_large", "max_huge", "initial_over_max",
                 "initial_control", "echo_mode_unknown", "result_buffer_small",
                 "interrupt_result_small"):
        ok(m, name)
    check(f"{ESC}[2J" not in m.transcript(COM2), "control initial text drawn")


@case("long_line_too_long", boot="terminal")
def too_long(m):
    prompt_type(m, "[long]> ", "x" * 1100 + "\r")
    m.expect(COM1, r"termtest: long: tooLong 1024 len 1024\n", T)
    ok(m, "too_long")
    m.expect(COM1, r'termtest: rest: enter 75 "x{75}"\n', T)
    ok(m, "rest_for_next_read")
    echoed(m, "[long]> " + "x" * 1024 + "\r\n[rest]> " + "x" * 75 + "\r\n")


@case("paste_into_long_line", boot="terminal")
def paste(m):
    m.expect(COM2, re.escape("[paste]> ") + "a{1000}", T)
    m.send(COM2, b"b" * 20 + b"\r")
    m.expect(COM1, r"termtest: paste: enter 20 len 1020\n", T)
    ok(m, "paste_redraw")
    redraw = ("b" + "a" * 1000 + ESC + "[1000D").encode()
    echoed(m, redraw + b"\r\n")
    check(raw(m).count(redraw) == 20, "not one full redraw per key")


@case("move_only_session_and_reopen", boot="terminal")
def transfer(m):
    ok(m, "copy_refused")
    ok(m, "still_ours_after_refusal")
    ok(m, "move_to_child")
    ok(m, "moved_handle_stale")
    ok(m, "open_while_child_holds")
    prompt_type(m, "[child]> ", "bye\r")
    m.expect(COM1, r'I termchild: termchild: got "bye"\n', T)
    ok(m, "child_exit")
    ok(m, "reopen_after_child_end")
    prompt_type(m, "[back]> ", "again\r")
    logged(m, "back", "enter", 5, "again")
    ok(m, "release_ends_read")
    ok(m, "reopen_after_release")
    echoed(m, "termtest: done\r\n")


@case("all_pass_and_clean_exit", boot="terminal")
def summary(m):
    got = m.expect(COM1, r"termtest: (\d+) passed, (\d+) failed", T)
    text = m.transcript(COM1)
    failed = re.findall(r"termtest: (\S+) \.\.\. FAILED: (.*)", text)
    check(not failed, "failed:\n" + "\n".join(f"{n}: {w}" for n, w in failed))
    check(int(got[2]) == 0 and int(got[1]) >= 50, f"summary {got[0]}")
    status = m.wait_exit(T)
    check(status == STATUS_PASS, f"QEMU exit {describe_status(status)}")
    check("panic" not in text, "the kernel panicked")
