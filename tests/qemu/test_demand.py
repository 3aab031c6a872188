"""Demand-zero memory (issues 5/6): the user stack and VirtualMemory maps
get their pages at first touch. demandtest runs as init with diagnostics
and spawns itself (module `demandtest`) as the child of the stack checks."""

import re

from harness import COM1, STATUS_PASS, boot, case, check, describe_status, tcheck_summary

T = 120
U = "build/user"

boot("demand", cmdline="diag", timeout=150,
     modules=[f"{U}/demandtest.elf init", f"{U}/demandtest.elf demandtest"])


@case("all_checks_pass", boot="demand")
def demand_all(m):
    tcheck_summary(m, "demandtest", 18, T)
    got = m.wait_exit(T)
    check(got == STATUS_PASS, f"exit {describe_status(got)}")


@case("faults_reported", boot="demand")
def demand_reports(m):
    m.wait_exit(T)  # init stops the machine when done (also when run alone)
    text = m.transcript(COM1)
    # the guard page still kills with the usual report; a stack page the
    # quota cannot cover says why before the same report
    for want in (r'pid \d+ "overflow" killed: #PF page fault at ip 0x[0-9a-f]+, '
                 r'address 0x7fffffedf[0-9a-f]{3}',
                 r'pid \d+ "deep": no page for 0x7fffffe[0-9a-f]+ \(user\): '
                 r'resource quota exceeded',
                 r'pid \d+ "deep" killed: #PF page fault .* address 0x7fffffe'):
        check(re.search(want, text), f"no line matching {want!r}")
