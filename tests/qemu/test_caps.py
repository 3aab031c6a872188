"""Kernel capabilities and resource limits (issue 6): captest runs as init
with diagnostics and spawns its children from the boot modules."""

import re

from harness import COM1, STATUS_PASS, boot, case, check, describe_status, tcheck_summary

T = 120
U = "build/user"
CHILDREN = ["hello", "sleeper", "fault_null", "quotatest", "bystander", "ringtest"]

boot("captest", cmdline="diag", timeout=180,
     modules=[f"{U}/captest.elf init"] + [f"{U}/{c}.elf {c}" for c in CHILDREN])


@case("all_checks_pass", boot="captest")
def captest_all(m):
    summary = m.expect(COM1, r"captest: (\d+) passed, (\d+) failed", T)
    text = m.transcript(COM1)
    failed = re.findall(r"(\w+): (\S+) \.\.\. FAILED: (.*)", text)
    check(not failed, "failed:\n" + "\n".join(f"{p} {n}: {w}" for p, n, w in failed))
    check(int(summary[1]) >= 40 and summary[2] == "0", f"summary {summary[0]}")
    got = m.wait_exit(T)
    check(got == STATUS_PASS, f"exit {describe_status(got)}")


@case("children_report_and_quota_refusals", boot="captest")
def captest_children(m):
    text = m.transcript(COM1)
    for want in (r'I spawn: pid 1 spawned pid \d+ "hello" with 1 grants',
                 r'pid \d+ "sleeper" killed',
                 r'pid \d+ "faulter" killed: #PF page fault .* address 0x0',
                 r"quota-timers: pid \d+: CALL .* refused: resource quota exceeded",
                 r"quotatest: calls_in_flight_quota \.\.\. ok",
                 r"bystander: 20 ticks, undisturbed",
                 r"I entropy: entropy from (RDSEED|RDRAND)"):
        check(re.search(want, text), f"no line matching {want!r}")


boot("flood", modules=[f"{U}/flood.elf init"], timeout=60)


@case("console_flood_rate_limited", boot="flood")
def flood(m):
    got = m.wait_exit(60)
    text = m.transcript(COM1)
    check(got == STATUS_PASS, f"exit {describe_status(got)}")
    dropped = [int(n) for n in re.findall(r"W init: (\d+) lines suppressed by rate limit", text)]
    check(dropped and sum(dropped) > 1000, f"suppressed counts {dropped}")
    printed = len(re.findall(r"I init: flood: line", text))
    check(printed < 2000, f"{printed} of 3000 flood lines reached the log")


boot("ipctest", cmdline="diag", timeout=120,
     modules=[f"{U}/ipctest.elf init", f"{U}/ipc_server.elf ipc_server",
              f"{U}/ipc_client.elf ipc_client", f"{U}/loop_server.elf loop_server"])


@case("all_checks_pass", boot="ipctest")
def ipctest_all(m):
    text = tcheck_summary(m, "ipctest", 17, T)
    check(re.search(r"ipc_server: late return got -18", text),
          "the server's RETURN of a cancelled call was not refused with ERR_CANCELLED")
    got = m.wait_exit(T)
    check(got == STATUS_PASS, f"exit {describe_status(got)}")


# The capability table under concurrent change on two CPUs: lock-free
# singleton lookups against inserts and releases (see capracetest.c).
boot("capracetest", cmdline="diag", smp=2, timeout=150,
     modules=[f"{U}/capracetest.elf init"])


@case("lookups_race_table_changes", boot="capracetest")
def capracetest_all(m):
    text = tcheck_summary(m, "capracetest", 5, T)
    check(re.search(r"capracetest: \d+ Timer.now calls over 1600 table changes", text),
          "the churn did not finish its 400 cycles")
    check(not re.search(r"kernel fault|panic", text, re.I), "the kernel faulted")
    got = m.wait_exit(T)
    check(got == STATUS_PASS, f"exit {describe_status(got)}")
