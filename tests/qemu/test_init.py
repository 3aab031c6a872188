"""init and the boot manifest (issue 11): the kernel starts only init;
init validates the manifest and starts the service graph in dependency
order with exactly the grants the manifest gives, logs starts and exits,
and applies restart policies. A corrupted or invalid manifest is refused
at boot with a clear message and the machine stops cleanly."""

import re
import subprocess
import time

from harness import COM1, COM2, REPO, boot, case, check, describe_status, kernel_code

T = 60
TMP = REPO / "build" / "qemu-tmp"


def seen(m, pattern, timeout=T):
    """Wait until the COM1 transcript matches, without consuming it (the
    services' lines interleave in any order)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = re.search(pattern, m.transcript(COM1))
        if found:
            return found
        check(m.running(), f"machine stopped before {pattern!r}")
        time.sleep(0.05)
    check(False, f"{pattern!r} not seen on com1 in {timeout}s")


def corrupted(name, data):
    TMP.mkdir(parents=True, exist_ok=True)
    path = TMP / name
    path.write_bytes(data)
    return str(path)


def garbled_manifest():
    """default.bin with its middle overwritten: pointers point nowhere."""
    src = REPO / "build" / "system" / "default.bin"
    data = bytearray(src.read_bytes()) if src.exists() else bytearray(64)
    for i in range(8, min(len(data), 200)):
        data[i] = 0xA5
    return corrupted("garbled.bin", bytes(data))


def cyclic_manifest():
    """A well-formed manifest whose services import from each other."""
    out = subprocess.run(["capnp", "eval", "-b", "tests/capnp/bad/cycle.capnp",
                          "manifest"], cwd=REPO, capture_output=True)
    return corrupted("cycle.bin", out.stdout)


boot("init_graph", manifest="system/test-services.capnp", timeout=T)
boot("init_garbled", modules=[f"{garbled_manifest()} manifest",
                              "build/user/init.elf init"], timeout=T)
boot("init_cyclic", modules=[f"{cyclic_manifest()} manifest",
                             "build/user/init.elf init"], timeout=T)


@case("services_start_in_dependency_order", "init_graph")
def graph_order(m):
    seen(m, r"I init: manifest valid: 3 services")
    text = m.transcript(COM1) if seen(m, r"I init: started app\b") else ""
    order = [text.find(f"I init: started {s}\n") for s in ("logger", "store", "app")]
    check(all(o >= 0 for o in order) and order == sorted(order),
          f"start order wrong: {order}")


@case("imports_reach_exporters", "init_graph")
def graph_imports(m):
    seen(m, r"log: store: up, serving data")
    seen(m, r"log: app: hello through the logger")


@case("args_passed", "init_graph")
def graph_args(m):
    seen(m, r"log: app: arg 0 = --verbose")


@case("service_holds_only_its_grants", "init_graph")
def graph_grants(m):
    seen(m, r"log: app: holds 4 capabilities: log store data timer\n")


@case("export_and_blob_usable", "init_graph")
def graph_use(m):
    seen(m, r"log: app: store says record-42")
    seen(m, r"log: app: blob \d+ bytes")


@case("exit_logged_and_policy_applied", "init_graph")
def graph_exit(m):
    seen(m, r"I init: app exited with code 0")
    seen(m, r"I init: app will not be restarted \(policy never\)")


@case("garbled_manifest_refused", "init_garbled")
def garbled(m):
    m.expect(COM1, r"the boot manifest is refused", T)
    status = m.wait_exit(T)
    check(kernel_code(status) == 0x11,
          f"expected a clean failure stop, got {describe_status(status)}")
    check("I init:" not in m.transcript(COM1), "init ran")


@case("invalid_manifest_refused_with_reason", "init_cyclic")
def cyclic(m):
    m.expect(COM1, r"manifest: services\[\d\] \"\w+\": dependency cycle: ", T)
    m.expect(COM1, r"the boot manifest is refused", T)
    status = m.wait_exit(T)
    check(kernel_code(status) == 0x11,
          f"expected a clean failure stop, got {describe_status(status)}")
    check("I init:" not in m.transcript(COM1), "init ran")


# The system `make run` boots (system/default.capnp), driven like a person.
boot("default_system", manifest="system/default.capnp", timeout=90)


@case("motd_then_prompt", "default_system")
def default_motd(m):
    m.expect(COM2, r"Welcome to capOS, a capability operating system\.\n", T)
    m.expect(COM2, r"Quit QEMU with Ctrl-A then X\.\n", T)
    m.expect(COM2, r"capos> $", T)
    check("I init:" not in m.transcript(COM2) and "] I " not in m.transcript(COM2),
          "kernel log lines reached the terminal")


@case("motd_commands_work", "default_system")
def default_commands(m):
    m.send(COM2, 'run "hello" with { stdio: @stdio }\r')
    m.expect(COM2, r"hello, world\n", T)
    m.expect(COM2, r"capos> $", T)
    m.send(COM2, 'run "lines" with { stdio: @stdio, vm: @vm, thread: @thread }\r')
    m.expect(COM2, r"lines: window 80x24\n", T)
    time.sleep(0.5)
    m.send(COM2, "typed by a person\r")
    m.expect(COM2, r"lines: 1: typed by a person\n", T)
    time.sleep(0.5)
    m.send(COM2, "\x04")
    m.expect(COM2, r"lines: done 1 lines\n", T)
    m.expect(COM2, r"capos> $", T)
    m.send(COM2, 'run "crash"\r')
    m.expect(COM2, r"\[crashed: #PF page fault at 0x0\]\n", T)
    m.expect(COM2, r"capos> $", T)


@case("shell_holds_only_its_grants", "default_system")
def default_caps(m):
    m.send(COM2, "caps\r")
    m.expect(COM2, r"capos> $", T)
    text = m.transcript(COM2).split("caps\n")[-1]
    names = re.findall(r"^\s*(\w+)\s+\w+", text, re.MULTILINE)
    check(sorted(names) == sorted(["terminal", "launcher", "endpoints", "timer",
                                   "vm", "thread"]),
          f"caps listed {names}")
