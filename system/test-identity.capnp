@0x98bf705ae8fcf3a1;
# Focused test manifest for the identity services of issue 12: credstore
# (CredentialStore, a musl program with libsodium) and audit (AuditLog and
# AuditReader), exercised by credtest. Start order: audit, credstore,
# credtest. Booted by tests/qemu/test_credstore.py.
#
# The seed account alice (operator) has password "wonderland"; its
# verifier was made once with Debian's libsodium 1.0.18 on the build host
# (crypto_pwhash_str, opslimit 2, memlimit 64 KiB), the same small
# parameters the store gets, so an unknown user costs what alice does.

using M = import "../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [
    (name = "init"),
    (name = "credstore"),
    (name = "audit"),
    (name = "credtest"),
  ],
  init = (
    binary = "init",
    grants = [
      (name = "timer", interfaceName = "Timer", source = (kernel = timer)),
      (name = "vm", interfaceName = "VirtualMemory",
       source = (kernel = virtualMemory)),
      (name = "thread", interfaceName = "ThreadControl",
       source = (kernel = threadControl)),
      (name = "entropy", interfaceName = "EntropySource",
       source = (kernel = entropy)),
    ],
  ),
  services = [
    (name = "credtest", binary = "credtest",
     grants = [
       (name = "console", interfaceName = "Console",
        source = (kernel = console)),
       (name = "timer", interfaceName = "Timer", source = (kernel = timer)),
       (name = "creds", interfaceName = "CredentialStore",
        source = (service = (service = "credstore", export = "creds"))),
       (name = "audit", interfaceName = "AuditLog",
        source = (service = (service = "audit", export = "log"))),
       (name = "auditReader", interfaceName = "AuditReader",
        source = (service = (service = "audit", export = "reader"))),
     ],
     restart = (never = void)),
    (name = "credstore", binary = "credstore",
     grants = [
       (name = "console", interfaceName = "Console",
        source = (kernel = console)),
       (name = "vm", interfaceName = "VirtualMemory",
        source = (kernel = virtualMemory)),
       (name = "thread", interfaceName = "ThreadControl",
        source = (kernel = threadControl)),
       (name = "entropy", interfaceName = "EntropySource",
        source = (kernel = entropy)),
       (name = "timer", interfaceName = "Timer", source = (kernel = timer)),
     ],
     exports = [(name = "creds", interfaceName = "CredentialStore")],
     restart = (never = void),
     args = ["opslimit=2", "memlimit=65536",
             "seed=alice:operator:$argon2id$v=19$m=64,t=2,p=1$R36qrLoR6DOZOSE/NUeBmw$Mj7xjnRnrk1cx+GfubPYNJ9BIpLdi/nxlxVjLUiMG3Q"]),
    (name = "audit", binary = "audit",
     grants = [
       (name = "console", interfaceName = "Console",
        source = (kernel = console)),
       (name = "timer", interfaceName = "Timer", source = (kernel = timer)),
     ],
     exports = [(name = "log", interfaceName = "AuditLog"),
                (name = "reader", interfaceName = "AuditReader")],
     restart = (never = void),
     args = ["echo"]),
  ],
  kernel = (motd = "test-identity"),
);
