"""Threads and park (issue 9): threadtest runs as init."""

import re

from harness import COM1, STATUS_PASS, boot, case, check, describe_status

T = 120
U = "build/user"

boot("threadtest", cmdline="diag", timeout=150,
     modules=[f"{U}/threadtest.elf init", f"{U}/threadexit.elf threadexit"])


@case("all_checks_pass", boot="threadtest")
def threadtest_all(m):
    summary = m.expect(COM1, r"threadtest: (\d+) passed, (\d+) failed", T)
    text = m.transcript(COM1)
    failed = re.findall(r"threadtest: (\S+) \.\.\. FAILED: (.*)", text)
    check(not failed, "failed:\n" + "\n".join(f"{n}: {w}" for n, w in failed))
    check(int(summary[1]) >= 12 and summary[2] == "0", f"summary {summary[0]}")
    got = m.wait_exit(T)
    check(got == STATUS_PASS, f"exit {describe_status(got)}")
