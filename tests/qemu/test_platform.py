"""Foundation II at boot: memory, protections, ACPI, interrupts, time, and
interrupt-driven serial input."""

import re

from harness import COM1, COM2, STATUS_PASS, boot, case, check, describe_status

T = 30


def log_value(m, pattern):
    return m.expect(COM1, pattern, T)


boot("platform", cmdline="test=echo")


@case("memory_map_summary", boot="platform")
def memory_map(m):
    got = log_value(m, r"I boot: memory map: (\d+) regions, (\d+) MiB usable")
    check(int(got[1]) >= 3, "fewer than 3 memory regions reported")
    check(200 <= int(got[2]) <= 256, f"{got[2]} MiB usable with -m 256M")
    frames = log_value(m, r"I mm: frames: (\d+) free \((\d+) MiB\)")
    check(int(frames[2]) > 200, "frame allocator manages too little memory")


@case("permissions_and_protections", boot="platform")
def protections(m):
    log_value(m, r"I mm: kernel tables live: text r-x, rodata r--, data rw- \(NX on\)")
    got = log_value(m, r"I mm: protections enabled: (.*)$")
    for feature in ("NX", "SMEP", "SMAP", "UMIP"):
        check(feature in got[1].split(), f"{feature} not enabled with -cpu max")


@case("madt_cpus_and_overrides", boot="platform")
def madt(m):
    got = log_value(m, r"I acpi: MADT: (\d+) CPUs, (\d+) IOAPICs, (\d+) overrides")
    check(int(got[1]) == 2, f"MADT lists {got[1]} CPUs under -smp 2")
    check(int(got[2]) >= 1, "no IOAPIC in the MADT")
    log_value(m, r"override: ISA IRQ 0 -> GSI 2 ")


@case("timer_and_tsc_frequencies", boot="platform")
def frequencies(m):
    tsc = re.search(r"TSC (\d+) kHz", m.transcript(COM1))
    check(tsc and int(tsc[1]) > 100000, "TSC frequency missing or implausible")
    lapic = log_value(m, r"I apic: LAPIC at 0x[0-9a-f]+, id 0, timer (\d+) kHz")
    check(int(lapic[1]) > 1000, "LAPIC timer frequency implausible")


@case("rtc_wall_clock", boot="platform")
def rtc(m):
    got = log_value(m, r"I kmain: RTC: (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d) UTC")
    check(int(got[1]) >= 2024, f"RTC year {got[1]} is not plausible")


@case("com2_input_by_interrupt", boot="platform")
def echo(m):
    m.expect(COM2, r"echo> ", T)
    m.send(COM2, "hello capOS\r")
    m.expect(COM2, r"echo: hello capOS\n", T)
    m.send(COM2, "x" * 200 + "\r")
    m.expect(COM2, r"echo: x{128} \[line cut\]", T)
    m.send(COM2, "exit\r")
    got = m.wait_exit(T)
    check(got == STATUS_PASS, f"echo console exit: {describe_status(got)}")
