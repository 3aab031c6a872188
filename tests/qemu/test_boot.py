"""Boot-level cases: smoke boots, in-kernel self-tests, fault reports."""

import re

from harness import (COM1, LOG_LINE, STATUS_FAIL, STATUS_PASS,
                     boot, case, check, describe_status)

HEX = r"0x[0-9a-fA-F]+"
LOG_PREFIX = r"^\[\s*\d+\.\d{6}\] [EWID] [^\s:]+: "
BANNER = LOG_PREFIX + r".*capOS.*?\d+\.\d+"
FEATURES = r"^\[\s*\d+\.\d{6}\] I cpu: features:"
BOOT_TIMEOUT = 30  # seconds for any single step; TCG boots in well under 1


def expect_exit(m, status, timeout=BOOT_TIMEOUT):
    got = m.wait_exit(timeout)
    check(got == status, f"QEMU exit status {describe_status(got)}, "
                         f"want {describe_status(status)}")


def fault_report(m, marker):
    """The text from `marker` to the end of the log, once the kernel is done.

    Waiting for exit makes the check independent of the order in which the
    kernel prints registers, backtrace and the panic line.
    """
    start = m.expect(COM1, r"fault test: ", BOOT_TIMEOUT).start()
    m.expect(COM1, re.escape(marker), BOOT_TIMEOUT)
    m.wait_exit(BOOT_TIMEOUT)
    return m.transcript(COM1)[start:]


# --- smoke boot through QEMU -kernel (multiboot1) -------------------------

boot("smoke_kernel", cmdline="halt")


@case("banner", boot="smoke_kernel")
def kernel_banner(m):
    m.expect(COM1, BANNER, BOOT_TIMEOUT)


@case("cpu_features", boot="smoke_kernel")
def kernel_features(m):
    m.expect(COM1, FEATURES, BOOT_TIMEOUT)


@case("exit_success", boot="smoke_kernel")
def kernel_exit(m):
    expect_exit(m, STATUS_PASS)


@case("log_format", boot="smoke_kernel")
def kernel_log_format(m):
    # Runs after exit_success, so the transcript is complete.
    bad = [line for line in m.transcript(COM1).splitlines()
           if line.strip() and not LOG_LINE.match(line)]
    check(not bad, "COM1 lines not in `[    0.000000] L source: msg` form:\n"
          + "\n".join(bad[:10]))


# --- smoke boot from the GRUB ISO ------------------------------------------

boot("smoke_iso", iso=True)


@case("banner", boot="smoke_iso")
def iso_banner(m):
    m.expect(COM1, BANNER, BOOT_TIMEOUT)


@case("cpu_features", boot="smoke_iso")
def iso_features(m):
    m.expect(COM1, FEATURES, BOOT_TIMEOUT)


@case("multiboot2_from_grub", boot="smoke_iso")
def iso_multiboot2(m):
    m.expect(COM1, r"I boot: multiboot2 from GRUB", BOOT_TIMEOUT)


@case("exit_success", boot="smoke_iso")
def iso_completes(m):
    # build/capos-smoke.iso's grub.cfg passes test=smoke
    expect_exit(m, STATUS_PASS)


# --- in-kernel self-tests --------------------------------------------------

boot("selftest", cmdline="test=selftest", timeout=120)


@case("all_ok", boot="selftest")
def selftests_pass(m):
    summary = m.expect(COM1, r"selftest: (\d+) passed, (\d+) failed", 100)
    results = re.findall(r"selftest: (\S+) \.\.\. (ok|FAILED: .*)$",
                         m.transcript(COM1), re.MULTILINE)
    failed = [f"{name}: {outcome}" for name, outcome in results if outcome != "ok"]
    check(results, "no `selftest: <name> ... ok` lines before the summary")
    check(not failed, "self-tests failed:\n" + "\n".join(failed))
    passed, nfailed = int(summary[1]), int(summary[2])
    check((passed, nfailed) == (len(results), 0),
          f"summary says {passed} passed, {nfailed} failed, "
          f"but {len(results)} results were printed, all ok")


@case("exit_success", boot="selftest")
def selftests_exit(m):
    expect_exit(m, STATUS_PASS)


# --- deliberate faults -----------------------------------------------------

boot("fault_pf", cmdline="test=fault:pf")


@case("report", boot="fault_pf")
def page_fault_report(m):
    report = fault_report(m, "#PF")
    cr2 = re.search(rf"#PF.*\bcr2=({HEX})", report)
    check(cr2, "the #PF line does not show cr2=0x...")
    want = re.search(rf"fault test: reading ({HEX})", report)
    check(want, "the kernel did not say which address it reads")
    check(int(cr2[1], 16) == int(want[1], 16),
          f"cr2={cr2[1]} but the test read {want[1]}")
    frame = rf"#\d+ {HEX} <selftest_fault_pf\+{HEX}>"
    check(re.search(frame, report),
          "no backtrace frame `#N 0x... <selftest_fault_pf+0x...>` in the report")
    check("panic:" in report, "no `panic:` after the #PF report")


@case("exit_failure", boot="fault_pf")
def page_fault_exit(m):
    expect_exit(m, STATUS_FAIL)


boot("fault_df", cmdline="test=fault:df")


@case("rsp_in_ist", boot="fault_df")
def double_fault_stack(m):
    report = fault_report(m, "#DF")
    ist = re.search(rf"\bist=\[({HEX}),\s*({HEX})\)", report)
    # The report may show both the interrupted rsp (on the broken stack)
    # and the handler's; the handler's must be on the IST stack.
    rsps = [int(v, 16) for v in re.findall(rf"\brsp=({HEX})", report)]
    check(rsps and ist, "the #DF report lacks rsp=0x... or ist=[0x...,0x...)")
    low, high = int(ist[1], 16), int(ist[2], 16)
    check(low < high, f"empty IST range [{low:#x},{high:#x})")
    check(any(low <= sp < high for sp in rsps),
          f"#DF ran outside its IST stack [{low:#x},{high:#x}): rsp="
          + ", ".join(f"{sp:#x}" for sp in rsps))
    check("panic:" in report, "no `panic:` after the #DF report")


@case("exit_failure", boot="fault_df")
def double_fault_exit(m):
    expect_exit(m, STATUS_FAIL)
