"""Login, sessions and the authority broker (issue 12;
system/test-login.capnp): sessmgr serves SessionManager and LocalSetup over
the kernel's SessionAuthority, credstore and audit; broker serves
AuthorityBroker, per-session SystemInfo, AuditReader and a
RestrictedShellLauncher over init's Launcher. logintest drives them as a
shell would and prints `logintest: NAME ... ok` per check, including
that nothing a caller sends can claim an identity (an endpoint posing as a
UserSession; an audit record with its own seq and time). Also checked
from outside: the audit trail as the audit service echoes it, no password
on COM1, and the services keep running."""

import re
import subprocess
import time

import harness
from harness import COM1, REPO, Skip, boot, case, check

T = 180
NEEDED = ("credstore", "audit", "sessmgr", "broker", "logintest",
          "app_exit3", "app_hello")
MISSING = [n for n in NEEDED if not (REPO / "build" / "user" / f"{n}.elf").exists()]
CHECKS = (
    "anonymous_session", "anonymous_info",
    "anonymous_bundle_is_systeminfo_only", "anonymous_motd",
    "unknown_user_denied", "wrong_password_denied", "same_message_for_both",
    "delay_grows", "retry_refused_unchecked", "right_password_logs_in",
    "operator_info", "operator_bundle", "operator_motd",
    "launcher_lists_allowlist", "allowlisted_launch_runs",
    "unlisted_binary_refused", "forbidden_grant_refused",
    "session_grant_refused", "chosen_session_refused",
    "audit_readable_from_bundle", "audit_login_events_in_order",
    "audit_delays_grow", "audit_success_names_principal",
    "audit_denials_name_nobody", "audit_launches",
    # Spoofed identity: logintest's own endpoint answering info() as
    # alice's operator session.
    "impostor_endpoint", "impostor_claims_operator",
    "broker_refuses_impostor", "spawn_grant_typed_usersession_refused",
    "spawn_in_impostor_session_refused", "spawn_facet_as_service_ok",
    "launcher_refuses_impostor_grant", "launcher_refuses_impostor_session",
    "logout_other_session_keeps_operator",
    "logout_ended_session_refused", "logout_impostor_refused",
    "audit_append_accepted", "audit_forged_record_read", "audit_sets_seq",
    "audit_sets_time", "audit_no_line_break",
    "guest_session",
    "guest_bundle", "guest_launcher_lists_guest_allowlist", "guest_logout",
    "setup_creates_and_logs_in", "setup_existing_refused", "logout",
    "session_not_live_after_logout", "old_launcher_fails",
    "old_systeminfo_fails", "old_audit_fails",
    "old_launcher_launches_nothing", "no_bundle_for_ended_session",
    "anonymous_logout", "anonymous_systeminfo_fails_after_logout",
    "bundle_slots_recycled")
PASSWORDS = ("wonderland", "wonderlant", "looking-glass")

if MISSING:
    # Without the binaries the manifest cannot boot; say so once per case
    # instead of failing on a missing module.
    boot("login", cmdline="test=smoke", timeout=30)
else:
    boot("login", manifest="system/test-login.capnp", timeout=T)


def seen(m, pattern, timeout=T):
    """Wait until the COM1 transcript matches, without consuming it."""
    if MISSING:
        raise Skip(f"not built: {', '.join(MISSING)}")
    return harness.seen(m, pattern, timeout)


def finished(m):
    seen(m, r"logintest: logintest: \d+ passed, \d+ failed\n")
    return m.transcript(COM1)


@case("services_start", "login")
def services_start(m):
    seen(m, r"I sessmgr: serving: guest allowed, operator lifetime 0 ms, "
            r"delay 250\.\.16000 ms\n")
    seen(m, r"I broker: serving: guest may launch 1, operator 1 binaries; "
            r"services: guest 0, operator 0\n")


@case("all_checks_pass", "login")
def all_checks_pass(m):
    text = finished(m)
    bad = re.findall(r"logintest: (\w+ \.\.\. FAILED: .*)", text)
    check(not bad, "failed:\n" + "\n".join(bad))
    missing = [n for n in CHECKS if f"logintest: {n} ... ok\n" not in text]
    check(not missing, f"no 'ok' line for {missing}")
    found = re.search(r"logintest: logintest: (\d+) passed, 0 failed\n", text)
    check(found and int(found.group(1)) >= len(CHECKS), "summary wrong")
    seen(m, r"I init: logintest exited with code 0")


@case("launched_child_runs_in_the_session", "login")
def child_in_session(m):
    text = finished(m)
    op = re.search(r"I session: session (\d+) created \(operator", text)
    child = re.search(r"I spawn: pid 1 spawned pid \d+ \"exit3\" with 0 "
                      r"grants in session (\d+)\n", text)
    check(op and child, "no operator session or no exit3 spawn logged")
    check(child.group(1) == op.group(1),
          f"exit3 ran in session {child.group(1)}, alice's is {op.group(1)}")


@case("delay_doubles_from_250ms", "login")
def delay_doubles(m):
    found = re.search(r"logintest: delays (\d+) (\d+)\n", finished(m))
    check(found, "no delays line")
    first, second = (int(x) for x in found.groups())
    check((first, second) == (250, 500), f"delays {first}, {second} ms")


@case("audit_trail_as_appended", "login")
def audit_trail(m):
    text = finished(m)
    events = re.findall(r"I audit: audit: seq=\d+ event=(\S+) result=(\S+) "
                        r"reason=(\S+) delay=(\d+)ms detail=(.*)\n", text)
    logins = [(r, why, int(d)) for e, r, why, d, _ in events if e == "login"]
    check(len(logins) >= 4, f"login events: {logins}")
    want = [("denied", "bad-credentials", 250),
            ("denied", "bad-credentials", 500),
            ("denied", "retry-too-soon", None), ("success", "ok", 0)]
    for got, (result, reason, delay) in zip(logins, want):
        check(got[:2] == (result, reason) and delay in (None, got[2]),
              f"login events: {logins}")
    check(0 < logins[2][2] <= 500, f"retry refused with {logins[2][2]} ms left")
    denials = [x for x in events if x[1] == "denied"]
    named = [x for x in denials if re.search(r"alice|nobody|bob|principal",
                                             x[4])]
    check(not named, f"denials naming someone: {named}")
    for e in ("anonymous", "guest", "setup", "logout", "launch"):
        check(any(x[0] == e for x in events), f"no {e} event")


@case("no_password_on_com1", "login")
def no_password(m):
    finished(m)
    time.sleep(0.5)
    text = m.transcript(COM1)
    leaked = [p for p in PASSWORDS if p in text]
    check(not leaked, f"passwords on COM1: {leaked}")


@case("services_keep_running", "login")
def keep_running(m):
    text = finished(m)
    for s in ("credstore", "audit", "sessmgr", "broker"):
        check(f"I init: {s} exited" not in text, f"{s} exited")
    check("panic" not in text, "a panic")
    check(m.running(), "the machine stopped")


@case("spoofed_fields_ignored", "login")
def spoofed_fields(m):
    text = finished(m)
    # logintest appended event=forged claiming seq=1 and timeNs=1, with a
    # line break in its detail.
    seqs = [(int(n), e) for n, e in
            re.findall(r"I audit: audit: seq=(\d+) event=(\S+) ", text)]
    forged = [i for i, (_, e) in enumerate(seqs) if e == "forged"]
    check(len(forged) == 1, f"forged records echoed: {len(forged)}")
    i = forged[0]
    check(i > 0 and seqs[i][0] == seqs[i - 1][0] + 1 and seqs[i][0] != 1,
          f"forged record has seq {seqs[i][0]} after {seqs[i - 1][0]}")
    said = re.search(r"logintest: forged record seq (\d+)\n", text)
    check(said and int(said.group(1)) == seqs[i][0],
          "logintest read back another seq")
    check(re.search(r"detail=claims seq=1 timeNs=1\?forged-line\n", text),
          "the line break was not replaced")
    check(not re.search(r"^forged-line", text, re.M),
          "a record started a console line of its own")
    # Only the control spawn (the impostor granted as a SystemInfo) ran;
    # the two typed as a UserSession were refused by the kernel.
    spoofs = re.findall(r'spawned pid \d+ "spoofchild" with (\d+) grants '
                        r"in session (\d+)\n", text)
    check(spoofs == [("1", "1")], f"spoofchild spawns: {spoofs}")
    refused = re.findall(r"logintest: pid \d+: CALL on cap 0x[0-9a-f]+ "
                         r"\(method 0\) refused: capability does not "
                         r"implement the requested interface\n", text)
    check(len(refused) == 2, f"{len(refused)} spawns refused for the "
          "interface, want 2")
    check(re.search(r"event=launch result=denied reason=forbidden-grant "
                    r"delay=0ms detail=binary=exit3 grant=session "
                    r"interface=UserSession\n", text),
          "no launch refusal for the impostor grant")
    check(re.search(r"event=logout result=denied reason=not-a-session", text),
          "no logout refusal for the impostor")


# A broker whose service list names a grant it does not hold stops at
# start, saying which; it never hands out a bundle that silently lacks or
# gains a service.
def bad_services_boot():
    """system/test-login.capnp with `guestServices=nosuch` added to the
    broker's args, compiled; the same binaries as test-login."""
    text = (REPO / "system" / "test-login.capnp").read_text()
    text = text.replace('"operatorAllow=exit3"]',
                        '"operatorAllow=exit3", "guestServices=nosuch"]')
    text = text.replace('import "../schema/manifest.capnp"',
                        'import "/schema/manifest.capnp"')
    out_dir = REPO / "build" / "tmp"
    out_dir.mkdir(parents=True, exist_ok=True)
    src = out_dir / "test-login-bad-services.capnp"
    src.write_text(text)
    compiled = subprocess.run(["capnp", "eval", "-b", "-I", str(REPO),
                               str(src), "manifest"], capture_output=True)
    path = out_dir / "test-login-bad-services.bin"
    path.write_bytes(compiled.stdout)
    mods = harness.manifest_modules("system/test-login.capnp")
    return (f"{path} manifest",) + tuple(mods[1:])


if not MISSING:
    boot("broker_bad_services", modules=bad_services_boot(), timeout=T)

    @case("unknown_service_stops_the_broker", "broker_bad_services")
    def bad_services(m):
        seen(m, r"I broker: arg guestServices: service nosuch is not one of "
                r"the broker's grants\n")
        seen(m, r"I init: broker exited with code 2")
        # logintest, the broker's client, finds it gone
        seen(m, r"logintest: anonymous_bundle_is_systeminfo_only \.\.\. FAILED: "
                r"status -22 \(peer is gone")
        check("I broker: bundle" not in m.transcript(COM1),
              "a bundle was handed out")
