"""Processes, user mode and the ring (issue 5): ringtest runs as init and
checks Console, Timer and a hostile suite from inside; the fault programs
each die in their own way and the kernel must report and survive."""

import re

from harness import COM1, STATUS_FAIL, STATUS_PASS, boot, case, check, describe_status

T = 60
USER = "build/user"


def exit_with(m, status):
    got = m.wait_exit(T)
    check(got == status, f"QEMU exit {describe_status(got)}, want {describe_status(status)}")


boot("ringtest", cmdline="", modules=[f"{USER}/ringtest.elf init"], timeout=90)


@case("all_cases_pass", boot="ringtest")
def ringtest_all(m):
    summary = m.expect(COM1, r"ringtest: (\d+) passed, (\d+) failed", T)
    text = m.transcript(COM1)
    failed = re.findall(r"ringtest: (\S+) \.\.\. FAILED: (.*)", text)
    check(not failed, "failed cases:\n" + "\n".join(f"{n}: {w}" for n, w in failed))
    check(int(summary[1]) >= 30 and int(summary[2]) == 0,
          f"summary {summary[0]}")
    for name in ("scratch_params_and_results", "scratch_results_past_page",
                 "scratch_params_past_page", "results_into_own_cq",
                 "ring_works_after_scratch", "large_params_and_results"):
        check(f"ringtest: {name} ... ok" in text, f"no passing case {name}")


@case("every_refusal_logged_with_reason", boot="ringtest")
def ringtest_refusals(m):
    text = m.transcript(COM1)
    for reason in ("unknown or reserved ring opcode", "reserved field is not zero",
                   "buffer address or length outside the caller's memory",
                   "no capability at this handle", "capability handle is stale",
                   "entries past sq_head"):
        check(reason in text, f"no kernel log line saying '{reason}'")
    check(re.search(r"W init: pid 1: CALL on cap 0x[0-9a-f]+ \(method \d+\) refused", text),
          "refusals do not name process, opcode, capability and method")


@case("init_exit_stops_cleanly", boot="ringtest")
def ringtest_exit(m):
    m.expect(COM1, r'pid 1 "init" exited with code 0', T)
    exit_with(m, STATUS_PASS)
    check("panic" not in m.transcript(COM1), "the kernel panicked")


FAULTS = {
    "null": (r"#PF page fault at ip 0x[0-9a-f]+, address 0x0, error 0x6", "write to address 0"),
    "kernel_read": (r"#PF page fault .* address 0xffffffff80100000, error 0x4", "read kernel memory"),
    "privileged": (r"#GP general protection", "privileged instruction"),
    "ud": (r"#UD invalid opcode", "invalid opcode"),
    "divide": (r"#DE divide error", "divide by zero"),
    "exec_stack": (r"#PF page fault .* error 0x15", "execute from the stack"),
    "write_text": (r"#PF page fault .* error 0x7", "write to own code"),
    "stack_overflow": (r"#PF page fault .* address 0x7fffffedf[0-9a-f]+, error 0x6",
                       "stack overflow"),
}


def fault_case(kind, pattern, said):
    boot(f"fault_{kind}", modules=[f"{USER}/fault_{kind}.elf init"])

    @case("killed_with_report", boot=f"fault_{kind}")
    def killed(m):
        m.expect(COM1, re.escape(f"I init: fault: {said}"), T)
        m.expect(COM1, r'W proc: pid 1 "init" killed: ' + pattern, T)
        m.expect(COM1, r"init ended \(killed", T)
        exit_with(m, STATUS_FAIL)
        text = m.transcript(COM1)
        check("panic" not in text and "did not fault" not in text,
              "the kernel panicked or the fault did not happen")


for kind, (pattern, said) in FAULTS.items():
    fault_case(kind, pattern, said)
