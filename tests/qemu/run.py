#!/usr/bin/env python3
"""Run the QEMU integration tests: every case in tests/qemu/test_*.py.

Cases sharing a boot run in order against one QEMU machine. The last line
printed is `N passed, M failed` (plus `, K skipped` when K > 0); the exit
status is nonzero if any case failed.
"""

import argparse
import importlib.util
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # test modules import `harness` by name

import harness  # noqa: E402
from harness import COM1, COM2, HarnessError, Machine, Skip, tail  # noqa: E402

TRANSCRIPT_LINES = 200


class Results:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def record(self, case_id, outcome, detail="", seconds=None):
        timing = f" ({seconds:.1f}s)" if seconds is not None else ""
        if outcome == "pass":
            self.passed += 1
            print(f"ok   {case_id}{timing}", flush=True)
        elif outcome == "skip":
            self.skipped += 1
            print(f"skip {case_id}: {detail}", flush=True)
        else:
            self.failed += 1
            print(f"FAIL {case_id}{timing}: {detail}", flush=True)

    def summary(self):
        line = f"{self.passed} passed, {self.failed} failed"
        return line + (f", {self.skipped} skipped" if self.skipped else "")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-k", dest="filter", default="",
                   help="run only cases whose boot/name contains this substring")
    p.add_argument("--kernel", type=Path, default=harness.DEFAULT_KERNEL)
    p.add_argument("--iso", type=Path, default=harness.DEFAULT_ISO)
    p.add_argument("--smp", type=int, default=2)
    p.add_argument("--list", action="store_true", help="list cases and exit")
    return p.parse_args(argv)


def load_modules(results):
    """Import every test module; an import error counts as a failed case."""
    for path in sorted(HERE.glob("test_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception:
            results.record(f"import/{path.name}", "fail", traceback.format_exc())


def selected_cases(boot, pattern):
    return [c for c in boot.cases if pattern in c.id]


def print_transcripts(machine):
    """Everything a reader needs to see why a case failed."""
    if machine is None:
        return
    for port in machine.ports:
        print(f"----- {port} (last {TRANSCRIPT_LINES} lines) -----")
        print(tail(machine.transcript(port), TRANSCRIPT_LINES))
    log = machine.qemu_log()
    if log.strip():
        print("----- QEMU output -----")
        print(log)
    print("----- QEMU command -----")
    print(" ".join(machine.command or []))
    print("-----", flush=True)


def failure_reason(exc):
    # Expected failure kinds carry their own message; anything else is a
    # bug in the test and deserves its traceback.
    if isinstance(exc, (HarnessError, AssertionError)) and str(exc):
        return str(exc)
    return traceback.format_exc().rstrip()


def start_machine(boot, args):
    iso = args.iso if boot.iso is True else harness.REPO / str(boot.iso)
    if boot.iso and not iso.is_file():
        raise Skip(f"no ISO at {iso}")
    modules = boot.modules
    if boot.manifest:
        modules = harness.manifest_modules(boot.manifest) + tuple(modules)
    image = {"iso": iso} if boot.iso else {
        "kernel": args.kernel, "cmdline": boot.cmdline, "modules": modules}
    return Machine().start(smp=boot.smp or args.smp, timeout=boot.timeout,
                           serial3=boot.serial3, **image)


def run_boot(boot, cases, args, results):
    """Boot once and run `cases` in order against that machine."""
    machine = None
    try:
        machine = start_machine(boot, args)
    except Skip as e:
        for c in cases:
            results.record(c.id, "skip", str(e))
        return
    except Exception as e:  # missing image, QEMU failing to start, ...
        for c in cases:
            results.record(c.id, "fail", f"boot {boot.name!r} failed: {e}")
        return
    with machine:
        dead = None  # why the remaining cases cannot run
        for c in cases:
            if dead:
                results.record(c.id, "fail", dead)
                continue
            if not run_case(c, machine, results) and not machine.running():
                dead = f"not run: {c.id} failed and {machine.describe()}"


def run_case(c, machine, results):
    """Run one case; return False if it failed."""
    start = time.monotonic()
    try:
        c.func(machine)
    except Skip as e:
        results.record(c.id, "skip", str(e))
        return True
    except Exception as e:
        results.record(c.id, "fail", failure_reason(e), time.monotonic() - start)
        print_transcripts(machine)
        return False
    results.record(c.id, "pass", seconds=time.monotonic() - start)
    return True


def main(argv=None):
    args = parse_args(argv)
    results = Results()
    load_modules(results)
    for boot in harness.BOOTS.values():
        cases = selected_cases(boot, args.filter)
        if args.list:
            for c in cases:
                print(c.id)
        elif cases:
            run_boot(boot, cases, args, results)
    if args.list:
        return 0
    print(results.summary())
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())
