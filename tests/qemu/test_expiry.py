"""Session expiry fails closed (issue 12; system/test-login-expiry.capnp):
sessmgr gives operator sessions a 400 ms lifetime. expirytest logs in as
alice, uses the operator bundle (launching expirytest_child, which keeps
calling its Timer, and exit3), waits for the session's end, then checks
that info() says not live, every bundle capability fails, the launcher
starts nothing, the broker refuses a new bundle for the session, the
child's calls were refused, and an anonymous session still works. It
prints `expirytest: NAME ... ok` per check. Also checked from outside:
the kernel expired the session at its deadline, the broker revoked the
bundle, and the child's call was refused."""

import re
import time

from harness import COM1, REPO, Skip, boot, case, check

T = 60
NEEDED = ("credstore", "audit", "sessmgr", "broker", "expirytest",
          "expirytest_child", "app_exit3")
MISSING = [n for n in NEEDED if not (REPO / "build" / "user" / f"{n}.elf").exists()]
CHECKS = (
    "login", "operator_expires", "operator_bundle", "child_launched",
    "launch_before_expiry_runs", "bundle_works_before_expiry",
    "used_within_lifetime", "session_expires", "info_not_live",
    "expired_launcher_fails", "expired_systeminfo_fails",
    "expired_audit_fails", "expired_launcher_launches_nothing",
    "refresh_refused", "child_calls_revoked", "anonymous_still_works",
    "login_again")

if MISSING:
    boot("expiry", cmdline="test=smoke", timeout=30)
else:
    boot("expiry", manifest="system/test-login-expiry.capnp", timeout=T)


def finished(m):
    if MISSING:
        raise Skip(f"not built: {', '.join(MISSING)}")
    end = time.monotonic() + T
    pattern = r"expirytest: expirytest: \d+ passed, \d+ failed\n"
    while time.monotonic() < end:
        if re.search(pattern, m.transcript(COM1)):
            return m.transcript(COM1)
        check(m.running(), "machine stopped before expirytest finished")
        time.sleep(0.05)
    check(False, f"expirytest did not finish in {T}s")


@case("all_checks_pass", "expiry")
def all_checks_pass(m):
    text = finished(m)
    check("I sessmgr: serving: guest refused, operator lifetime 400 ms" in text,
          "sessmgr did not take operatorLifetimeMs=400")
    bad = re.findall(r"expirytest: (\w+ \.\.\. FAILED: .*)", text)
    check(not bad, "failed:\n" + "\n".join(bad))
    missing = [n for n in CHECKS if f"expirytest: {n} ... ok\n" not in text]
    check(not missing, f"no 'ok' line for {missing}")
    found = re.search(r"expirytest: expirytest: (\d+) passed, 0 failed\n", text)
    check(found and int(found.group(1)) >= len(CHECKS), "summary wrong")


@case("kernel_expires_and_broker_revokes", "expiry")
def kernel_and_broker(m):
    text = finished(m)
    made = re.search(r"\[\s*(\d+\.\d+)\] I session: session (\d+) created "
                     r"\(operator, lifetime 400 ms\)\n", text)
    check(made, "no operator session with a 400 ms lifetime")
    sid = made.group(2)
    gone = re.search(r"\[\s*(\d+\.\d+)\] I session: session %s expired\n" % sid,
                     text)
    check(gone, f"session {sid} never expired")
    took = float(gone.group(1)) - float(made.group(1))
    check(0.4 <= took < 2.0, f"expired {took:.3f} s after it was made")
    check(re.search(r"I session: session %s ended\n" % sid, text),
          f"session {sid} expired but did not end")
    check(re.search(r"I broker: bundle \d+: operator, 3 capabilities\n.*"
                    r"I broker: bundle \d+: session ended \(waitEnd\): "
                    r"revoked\n", text, re.S),
          "the broker did not revoke the operator bundle")


@case("child_refused_after_expiry", "expiry")
def child_refused(m):
    text = finished(m)
    child = re.search(r'I spawn: pid 1 spawned pid (\d+) "expirytest_child" '
                      r"with 1 grants in session (\d+)\n", text)
    op = re.search(r"I session: session (\d+) created \(operator", text)
    check(child and op and child.group(2) == op.group(1),
          "expirytest_child did not run in alice's session")
    pid = child.group(1)
    check(re.search(r"W expirytest_child: pid %s: CALL on cap 0x[0-9a-f]+ "
                    r"\(method \d+\) refused: capability was revoked\n" % pid,
                    text), "no refused call from the child")
    check(re.search(r"I init: job \d+ \(expirytest_child\) exited with code "
                    r"0\n", text), "the child did not report a revoked call")


@case("services_keep_running", "expiry")
def keep_running(m):
    finished(m)
    end = time.monotonic() + 5
    while (time.monotonic() < end and
           "I init: expirytest exited" not in m.transcript(COM1)):
        time.sleep(0.05)
    text = m.transcript(COM1)
    check("I init: expirytest exited with code 0" in text,
          "expirytest did not exit 0")
    for s in ("credstore", "audit", "sessmgr", "broker"):
        check(f"I init: {s} exited" not in text, f"{s} exited")
    check("panic" not in text, "a panic")
    check("wonderland" not in text, "the password on COM1")
    check(m.running(), "the machine stopped")
