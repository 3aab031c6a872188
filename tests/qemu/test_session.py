"""Sessions (issue 12): sesstest runs as init without a manifest (holding
SessionAuthority as "sessions") and starts sesstest_child in user
sessions; it checks session references, transfer scopes, end, expiry and
waitEnd from inside. The kernel log must show the lifecycle."""

import re

from harness import COM1, STATUS_PASS, Skip, boot, case, check, describe_status, tcheck_summary

T = 120
U = "build/user"
MODULES = [f"{U}/sesstest.elf init", f"{U}/sesstest_child.elf sesstest_child"]
# `sesstest: bootref <32 hex>`: the boot session's reference as endpoint A
# sees it (already checked stable within the boot by boot_ref_stable).
BOOTREF = r"sesstest: bootref ([0-9a-f]{32})\n"

boot("session", timeout=180, modules=MODULES)
# The same program and modules once more: only the boot differs.
boot("session_reboot", timeout=60, modules=MODULES)

first_bootref = None  # recorded by session/bootref_printed


@case("all_checks_pass", boot="session")
def sesstest_all(m):
    tcheck_summary(m, "sesstest", 40, T)
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


@case("bootref_printed", boot="session")
def sesstest_bootref(m):
    global first_bootref
    text = m.transcript(COM1)
    refs = re.findall(BOOTREF, text)
    check(len(refs) == 1, f"bootref lines: {refs}")
    check(int(refs[0], 16) != 0, "the boot reference is zero")
    check("sesstest: boot_ref_stable ... ok\n" in text,
          "the reference was not stable within the boot")
    first_bootref = refs[0]


@case("bootref_differs_per_boot", boot="session_reboot")
def sesstest_bootref_reboot(m):
    ref = m.expect(COM1, BOOTREF, T)[1]
    m.expect(COM1, r"sesstest: system_child_same_ref \.\.\. ok\n", T)
    text = m.transcript(COM1)
    check("sesstest: boot_ref_stable ... ok\n" in text,
          "the reference was not stable within this boot")
    if first_bootref is None:
        raise Skip("session/bootref_printed did not run: nothing to compare")
    check(ref != first_bootref,
          f"the same boot reference {ref} in two boots")
