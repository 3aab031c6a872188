"""init and the boot manifest (issue 11): the kernel starts only init;
init validates the manifest and starts the service graph in dependency
order with exactly the grants the manifest gives, logs starts and exits,
and applies restart policies. A corrupted or invalid manifest is refused
at boot with a clear message and the machine stops cleanly."""

import re
import subprocess
import time

from harness import (COM1, COM2, REPO, boot, case, check, describe_status,
                     kernel_code, seen)

T = 60
TMP = REPO / "build" / "qemu-tmp"




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


# The system `make run` boots (system/default.capnp), driven like a person:
# the shell starts anonymous, `setup` makes a local operator account and
# logs in, the operator bundle's launcher starts programs, `logout` ends it.
boot("default_system", manifest="system/default.capnp", timeout=150)
LT = 60  # Argon2id at the default 64 MiB takes about a second under TCG


def shell(m, line, *patterns, timeout=T):
    m.send(COM2, line + "\r")
    found = [m.expect(COM2, p, timeout) for p in patterns]
    m.expect(COM2, r"capos> $", timeout)
    return found


def caps_listed(m):
    shell(m, "caps")
    text = m.transcript(COM2).rsplit("capos> caps\n", 1)[-1]
    return sorted(re.findall(r"^(\w+) +\w+$", text, re.MULTILINE))


@case("motd_then_prompt", "default_system")
def default_motd(m):
    m.expect(COM2, r"Welcome to capOS, a capability operating system\.\n", T)
    m.expect(COM2, r"Quit QEMU with Ctrl-A then X\.\n", T)
    m.expect(COM2, r"capos> $", T)
    check("] I " not in m.transcript(COM2), "kernel log lines reached the terminal")


@case("anonymous_can_start_nothing", "default_system")
def default_anonymous(m):
    shell(m, "whoami", r"session: anonymous\n")
    shell(m, 'run "hello" with { stdio: @stdio }',
          r"run: this session cannot start programs \(login first\)\n")
    names = caps_listed(m)
    check(names == sorted(["terminal", "sessions", "setup", "broker", "endpoints",
                           "timer", "vm", "thread", "systemInfo"]),
          f"anonymous shell holds {names}")


@case("wrong_login_generic_and_delayed", "default_system")
def default_wrong_login(m):
    m.send(COM2, "login\r")
    m.expect(COM2, r"username> $", T)
    m.send(COM2, "nobody\r")
    m.expect(COM2, r"password> $", T)
    m.send(COM2, "secret-guess\r")
    m.expect(COM2, r"login: login failed: unknown user or wrong password\n", LT)
    m.expect(COM2, r"capos> $", T)
    check("secret-guess" not in m.transcript(COM2), "the password was echoed")
    m.send(COM2, "login\r")
    m.expect(COM2, r"username> $", T)
    m.send(COM2, "nobody\r")
    m.expect(COM2, r"password> $", T)
    m.send(COM2, "again\r")
    m.expect(COM2, r"login: login refused: too soon", LT)
    m.expect(COM2, r"capos> $", T)


@case("setup_logs_in_as_operator", "default_system")
def default_setup(m):
    time.sleep(1.0)  # past the failure delay
    m.send(COM2, "setup\r")
    m.expect(COM2, r"username> $", T)
    m.send(COM2, "ada\r")
    m.expect(COM2, r"password> $", T)
    m.send(COM2, "correct horse\r")
    m.expect(COM2, r"again> $", T)
    m.send(COM2, "correct horse\r")
    m.expect(COM2, r"session: operator ada\n", LT)
    m.expect(COM2, r"capos> $", T)
    check("correct horse" not in m.transcript(COM2), "the password was echoed")
    check("correct horse" not in m.transcript(COM1), "the password was logged")


@case("operator_runs_programs", "default_system")
def default_operator_runs(m):
    shell(m, 'run "hello" with { stdio: @stdio }', r"hello, world\n")
    m.send(COM2, 'run "lines" with { stdio: @stdio, vm: @vm, thread: @thread }\r')
    m.expect(COM2, r"lines: window 80x24\n", T)
    time.sleep(0.5)
    m.send(COM2, "typed by a person\r")
    m.expect(COM2, r"lines: 1: typed by a person\n", T)
    time.sleep(0.5)
    m.send(COM2, "\x04")
    m.expect(COM2, r"lines: done 1 lines\n", T)
    m.expect(COM2, r"capos> $", T)
    shell(m, 'run "crash"', r"\[crashed: #PF page fault at 0x0\]\n")
    names = caps_listed(m)
    for want in ("launcher", "systemInfo", "audit"):
        check(want in names, f"operator bundle lacks {want}: {names}")


@case("operator_chats", "default_system")
def default_chat(m):
    m.send(COM2, 'run "chat-client" with { stdio: client @stdio, chat: client @chat }\r')
    # chat-bot and the two adventure NPCs joined at boot, each through its
    # own chat export, so each is a member of its own.
    label = m.expect(COM2, r"\[chat\] you are in #lobby as (member-\d+)\n", T)[1]
    check(label not in ("member-1", "member-2", "member-3"),
          f"the first person is {label}, not the fourth member")
    m.expect(COM2, r"\[chat:#lobby\]> $", T)
    m.send(COM2, "hello\r")
    m.expect(COM2, rf"\[chat\] #lobby <{label}> hello\n", T)
    # chat-bot races the NPCs to its first join: its label is any of the three
    m.expect(COM2, rf"\[chat\] #lobby <member-[123]> \[chat-bot\] heard you, {label}\.", T)
    m.expect(COM2, r"\[chat:#lobby\]> $", T)
    shell(m, "/exit", r"\[chat\] bye\n")


@case("operator_plays_adventure", "default_system")
def default_adventure(m):
    m.send(COM2, 'run "adventure-client" with { stdio: client @stdio, '
                 'adventure: client @adventure, chat: client @chat }\r')
    m.expect(COM2, r"== Praetorium ==\n", T)
    m.expect(COM2, r"\[frontier:praetorium\]> $", T)
    m.send(COM2, "go south\r")
    m.expect(COM2, r"== Parade Court ==\n", T)
    m.expect(COM2, r"\[frontier:[a-z-]+\]> $", T)
    shell(m, "exit", r"You step away from the frontier")


@case("operator_plays_paperclips", "default_system")
def default_paperclips(m):
    m.send(COM2, 'run "paperclips-client" with { stdio: client @stdio, '
                 'paperclips: client @paperclips }\r')
    m.expect(COM2, r"Paperclips: make clips, sell them, automate\.", T)
    m.expect(COM2, r"paperclips> $", T)
    m.send(COM2, "make\r")
    m.expect(COM2, r"paperclips> $", T)
    m.send(COM2, "status --json\r")
    m.expect(COM2, r'\{"tick":\d+', T)
    m.expect(COM2, r"paperclips> $", T)
    m.send(COM2, "run 10\r")
    m.expect(COM2, r"proof accelerator", T)
    m.expect(COM2, r"paperclips> $", T)
    shell(m, "exit", r"paperclips: bye")


@case("audit_shows_events", "default_system")
def default_audit(m):
    shell(m, "audit", r"event=login result=denied reason=bad-credentials delayMs=\d+",
          r"event=setup result=success")
    check("nobody" not in m.transcript(COM2).rsplit("capos> audit", 1)[-1],
          "a denial named the user")


@case("logout_ends_the_bundle", "default_system")
def default_logout(m):
    shell(m, "logout", r"logged out\n")
    shell(m, "whoami", r"session: anonymous\n")
    shell(m, 'run "hello" with { stdio: @stdio }',
          r"run: this session cannot start programs \(login first\)\n")
    shell(m, "audit", r"audit: this session cannot read the audit log\n")


@case("login_after_setup", "default_system")
def default_login(m):
    m.send(COM2, "login\r")
    m.expect(COM2, r"username> $", T)
    m.send(COM2, "ada\r")
    m.expect(COM2, r"password> $", T)
    m.send(COM2, "correct horse\r")
    m.expect(COM2, r"session: operator ada\n", LT)
    m.expect(COM2, r"capos> $", T)
    shell(m, 'run "hello" with { stdio: @stdio }', r"hello, world\n")


@case("guest_is_narrower", "default_system")
def default_guest(m):
    shell(m, "guest", r"session: guest", timeout=LT)
    shell(m, 'run "hello" with { stdio: @stdio }', r"hello, world\n")
    shell(m, 'run "readline" with { stdio: @stdio }', r"run: .*readline.*\n")


# The release path: build/capos.iso (GRUB, multiboot2, the default system's
# modules named like its binaries) boots to the same anonymous shell.
boot("default_iso", iso="build/capos.iso", timeout=150)


@case("iso_motd_then_prompt", "default_iso")
def iso_prompt(m):
    m.expect(COM2, r"Welcome to capOS, a capability operating system\.\n", T)
    m.expect(COM2, r"capos> $", T)
    shell(m, "whoami", r"session: anonymous\n")
