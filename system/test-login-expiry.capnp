@0xd7cb932e90612b79;
# Focused test manifest for session expiry (issue 12): test-login.capnp
# with a short operator lifetime (sessmgr `operatorLifetimeMs=400`) and
# expirytest as the client. expirytest logs in as alice (password
# "wonderland"), uses the operator bundle, starts expirytest_child (a
# process that keeps calling its Timer) and exit3 through the restricted
# launcher, then waits past the lifetime: every bundle capability must
# fail, the session read as not live, a new bundle for it be refused and
# the child's calls fail, while an anonymous session still gets its
# bundle. Start order: audit, credstore, sessmgr, broker, expirytest.
# Booted by tests/qemu/test_expiry.py.

using M = import "../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [
    (name = "init"),
    (name = "credstore"),
    (name = "audit"),
    (name = "sessmgr"),
    (name = "broker"),
    (name = "expirytest"),
    (name = "expirytest_child",
     needs = [(name = "timer", interfaceName = "Timer")]),
    (name = "exit3", module = "app_exit3.elf"),
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
      (name = "endpoints", interfaceName = "EndpointFactory",
       source = (kernel = endpointFactory)),
      (name = "sessionAuthority", interfaceName = "SessionAuthority",
       source = (kernel = sessionAuthority)),
    ],
    launchable = ["exit3", "expirytest_child"],
  ),
  services = [
    (name = "expirytest", binary = "expirytest",
     grants = [
       (name = "console", interfaceName = "Console",
        source = (kernel = console)),
       (name = "timer", interfaceName = "Timer", source = (kernel = timer)),
       (name = "sessions", interfaceName = "SessionManager",
        source = (service = (service = "sessmgr", export = "sessions"))),
       (name = "broker", interfaceName = "AuthorityBroker",
        source = (service = (service = "broker", export = "broker"))),
     ],
     args = ["motd=${motd}", "lifetimeMs=400"],
     restart = (never = void)),
    (name = "broker", binary = "broker",
     grants = [
       (name = "console", interfaceName = "Console",
        source = (kernel = console)),
       (name = "timer", interfaceName = "Timer", source = (kernel = timer)),
       (name = "launcher", interfaceName = "Launcher",
        source = (service = (service = "init", export = "launcher"))),
       (name = "endpoints", interfaceName = "EndpointFactory",
        source = (kernel = endpointFactory)),
       (name = "auditReader", interfaceName = "AuditReader",
        source = (service = (service = "audit", export = "reader"))),
       (name = "audit", interfaceName = "AuditLog",
        source = (service = (service = "audit", export = "log"))),
     ],
     exports = [(name = "broker", interfaceName = "AuthorityBroker")],
     args = ["motd=${motd}", "operatorAllow=exit3,expirytest_child"],
     restart = (never = void)),
    (name = "sessmgr", binary = "sessmgr",
     grants = [
       (name = "console", interfaceName = "Console",
        source = (kernel = console)),
       (name = "timer", interfaceName = "Timer", source = (kernel = timer)),
       (name = "sessions", interfaceName = "SessionAuthority",
        source = (kernel = sessionAuthority)),
       (name = "creds", interfaceName = "CredentialStore",
        source = (service = (service = "credstore", export = "creds"))),
       (name = "audit", interfaceName = "AuditLog",
        source = (service = (service = "audit", export = "log"))),
     ],
     exports = [(name = "sessions", interfaceName = "SessionManager")],
     args = ["operatorLifetimeMs=400"],
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
  kernel = (motd = "capOS expiry test: welcome"),
);
