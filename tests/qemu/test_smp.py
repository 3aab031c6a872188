"""SMP (issue 10): every CPU starts and runs user work; a stress mix of
IPC, threads, memory churn and exits on all CPUs leaves nothing behind;
a smoke subset also runs on one CPU and on four (single-threaded TCG)."""

import re

from harness import COM1, STATUS_PASS, boot, case, check, describe_status

T = 150
U = "build/user"
STRESS = [f"{U}/stress.elf init"] + [f"{U}/{p}.elf {p}" for p in
                                     ("ipc_server", "ipc_client", "vmstress",
                                      "threadexit", "ringtest")]


def stress_case(name, smp):
    boot(name, cmdline="diag", modules=STRESS, smp=smp, timeout=200)

    @case("all_cpus_online", boot=name)
    def online(m):
        got = m.expect(COM1, r"I kmain: (\d+) of (\d+) CPUs online", T)
        check(got[1] == got[2] == str(smp), f"{got[0]} with -smp {smp}")

    @case("stress_clean_and_back_to_baseline", boot=name)
    def stress(m):
        summary = m.expect(COM1, r"stress: (\d+) passed, (\d+) failed", T)
        failed = re.findall(r"stress: (\S+) \.\.\. FAILED: (.*)", m.transcript(COM1))
        check(not failed, "failed:\n" + "\n".join(f"{n}: {w}" for n, w in failed))
        check(summary[2] == "0", f"summary {summary[0]}")
        got = m.wait_exit(T)
        check(got == STATUS_PASS, f"exit {describe_status(got)}")
        check("panic" not in m.transcript(COM1), "the kernel panicked")


stress_case("stress_smp2", 2)
stress_case("stress_smp4", 4)
stress_case("stress_smp1", 1)

boot("threadtest_smp4", cmdline="diag", smp=4, timeout=150,
     modules=[f"{U}/threadtest.elf init", f"{U}/threadexit.elf threadexit"])


@case("all_checks_pass", boot="threadtest_smp4")
def threads4(m):
    summary = m.expect(COM1, r"threadtest: (\d+) passed, (\d+) failed", T)
    check(summary[2] == "0", f"summary {summary[0]}")
    got = m.wait_exit(T)
    check(got == STATUS_PASS, f"exit {describe_status(got)}")


boot("ringtest_smp1", smp=1, modules=[f"{U}/ringtest.elf init"])


@case("all_cases_pass", boot="ringtest_smp1")
def ring1(m):
    summary = m.expect(COM1, r"ringtest: (\d+) passed, (\d+) failed", T)
    check(summary[2] == "0", f"summary {summary[0]}")
    check(m.wait_exit(T) == STATUS_PASS, "bad exit")
