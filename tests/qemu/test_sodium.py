"""libsodium on capOS (mk/sodium.mk): sodium_test runs as init and prints
one `sodium: NAME ok` line per check (Argon2id with small parameters and
its known answers, RFC 4231 HMAC-SHA256, the random source, constant-time
comparison, guarded allocation), then a summary. The kernel's own copy of
HMAC-SHA256 is checked by the sodium_* self-tests (test_boot.py)."""

import re

from harness import COM1, STATUS_PASS, boot, case, check, describe_status

T = 90
USER = "build/user"
CHECKS = ("init", "version", "random_source_sysrandom", "random_differs",
          "random_uniform", "hmacsha256_rfc4231", "hmacsha256_verify",
          "argon2id_reference_string", "argon2id_debian_kat", "argon2id_str",
          "argon2id_str_fresh_salt", "argon2id_str_verify",
          "argon2id_needs_rehash", "constant_time_compare",
          "sodium_malloc_guarded")

boot("sodium", modules=[f"{USER}/sodium_test.elf init"], timeout=120)


def summary(m):
    pattern = r"I init: sodium: (\d+) passed, (\d+) failed"
    found = re.search(pattern, m.transcript(COM1)) or m.expect(COM1, pattern, T)
    return int(found[1]), int(found[2])


@case("all_checks_pass", boot="sodium")
def all_checks_pass(m):
    passed, failed = summary(m)
    text = m.transcript(COM1)
    bad = re.findall(r"I init: sodium: (\S+ FAILED: .*)", text)
    check(failed == 0 and not bad, "failed:\n" + "\n".join(bad))
    missing = [n for n in CHECKS if f"I init: sodium: {n} ok" not in text]
    check(not missing, f"no 'ok' line for {missing}")
    check(passed == len(CHECKS), f"{passed} checks passed, expected {len(CHECKS)}")


@case("randomness_from_entropy_cap", boot="sodium")
def randomness(m):
    summary(m)
    text = m.transcript(COM1)
    # sysrandom reads getrandom() or, failing that, /dev/urandom, which
    # capOS lacks (it would abort): its draws succeeding mean getrandom,
    # which the layer serves from EntropySource.fill.
    check("sodium: random_source_sysrandom ok" in text and
          "sodium: random_differs ok" in text, "libsodium's draws failed")
    check(re.search(r"I entropy: entropy from \S+", text),
          "the kernel's EntropySource was never asked")


@case("exits_cleanly", boot="sodium")
def exits_cleanly(m):
    m.expect(COM1, r'pid 1 "init" exited with code 0', T)
    status = m.wait_exit(T)
    check(status == STATUS_PASS, f"QEMU exit {describe_status(status)}")
    text = m.transcript(COM1)
    check("panic" not in text, "the kernel panicked")
    check("killed" not in text and "fault" not in text.lower(),
          "a process was killed or faulted")
    # The only refusals allowed: the translation layer's mprotect trying
    # VirtualMemory.commit (method 4) first on a stale reservation hint
    # and then protect, which succeeds (sodium_malloc after Argon2id).
    refused = re.findall(r"W init: pid 1: CALL on cap \S+ \(method (\d+)\) "
                         r"refused: (.*)", text)
    other = [r for r in refused if r != ("4", "range is not mapped")]
    check(not other, f"the kernel refused other calls of the layer: {other}")
