"""Threads and park (issue 9): threadtest runs as init."""

from harness import STATUS_PASS, boot, case, check, describe_status, tcheck_summary

T = 120
U = "build/user"

boot("threadtest", cmdline="diag", timeout=150,
     modules=[f"{U}/threadtest.elf init", f"{U}/threadexit.elf threadexit"])


@case("all_checks_pass", boot="threadtest")
def threadtest_all(m):
    tcheck_summary(m, "threadtest", 12, T)
    got = m.wait_exit(T)
    check(got == STATUS_PASS, f"exit {describe_status(got)}")
