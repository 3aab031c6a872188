"""Sessions (issue 12): sesstest runs as init without a manifest (holding
SessionAuthority as "sessions") and starts sesstest_child in user
sessions; it checks session references, transfer scopes, end, expiry and
waitEnd from inside. The kernel log must show the lifecycle."""

import re

from harness import COM1, STATUS_PASS, boot, case, check, describe_status

T = 120
U = "build/user"

boot("session", timeout=180,
     modules=[f"{U}/sesstest.elf init", f"{U}/sesstest_child.elf sesstest_child"])


@case("all_checks_pass", boot="session")
def sesstest_all(m):
    summary = m.expect(COM1, r"sesstest: (\d+) passed, (\d+) failed", T)
    text = m.transcript(COM1)
    failed = re.findall(r"sesstest: (\S+) \.\.\. FAILED: (.*)", text)
    check(not failed, "failed:\n" + "\n".join(f"{n}: {w}" for n, w in failed))
    check(int(summary[1]) >= 40 and summary[2] == "0", f"summary {summary[0]}")
    got = m.wait_exit(T)
    check(got == STATUS_PASS, f"exit {describe_status(got)}")


@case("kernel_logs_lifecycle", boot="session")
def sesstest_log(m):
    text = m.transcript(COM1)
    for want in (r"I session: boot session 1 \(system\)",
                 r"I session: session \d+ created \(operator, lifetime 0 ms\)",
                 r"I session: session \d+ created \(guest, lifetime 200 ms\)",
                 r"I session: session \d+ expired",
                 r"I session: session \d+ ended",
                 r'I spawn: pid 1 spawned pid \d+ "sesstest_child" with 4 grants '
                 r"in session [2-9]",
                 r"CALL on cap 0x[0-9a-f]+ \(method \d+\) refused: capability was revoked"):
        check(re.search(want, text), f"no line matching {want!r}")
    check(not any(w in text for w in ("alice", "guest-1", "brief")),
          "the kernel log names a principal")
    check("panic" not in text, "the kernel panicked")
