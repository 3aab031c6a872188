@0xe113d921f4378f27;
# Focused test manifest for login, sessions and the authority broker
# (issue 12): credstore and audit (as in test-identity.capnp), sessmgr
# (SessionManager, LocalSetup) and broker (AuthorityBroker, SystemInfo,
# the RestrictedShellLauncher), driven by logintest. Start order: audit,
# credstore, sessmgr, broker, logintest. Booted by tests/qemu/test_login.py.
#
# The seed account alice (operator) has password "wonderland" (the
# verifier of test-identity.capnp). init may launch exit3 and hello; the
# broker lets operators start exit3 and guests hello. logintest holds a
# FrameAllocator only to show that the launcher refuses to pass it on, and
# EndpointFactory, ProcessSpawner and AuditLog only to try to spoof an
# identity (an endpoint of its own posing as a UserSession; an audit
# record with its own seq and time) and show each attempt refused.

using M = import "../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [
    (name = "init"),
    (name = "credstore"),
    (name = "audit"),
    (name = "sessmgr"),
    (name = "broker"),
    (name = "logintest"),
    (name = "exit3", module = "app_exit3.elf"),
    (name = "hello", module = "app_hello.elf",
     needs = [(name = "stdio", interfaceName = "StdIO")]),
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
      (name = "frames", interfaceName = "FrameAllocator",
       source = (kernel = frameAllocator)),
    ],
    launchable = ["exit3", "hello"],
  ),
  services = [
    (name = "logintest", binary = "logintest",
     grants = [
       (name = "console", interfaceName = "Console",
        source = (kernel = console)),
       (name = "timer", interfaceName = "Timer", source = (kernel = timer)),
       (name = "sessions", interfaceName = "SessionManager",
        source = (service = (service = "sessmgr", export = "sessions"))),
       (name = "setup", interfaceName = "LocalSetup",
        source = (service = (service = "sessmgr", export = "setup"))),
       (name = "broker", interfaceName = "AuthorityBroker",
        source = (service = (service = "broker", export = "broker"))),
       (name = "frames", interfaceName = "FrameAllocator",
        source = (kernel = frameAllocator)),
       (name = "endpoints", interfaceName = "EndpointFactory",
        source = (kernel = endpointFactory)),
       (name = "spawner", interfaceName = "ProcessSpawner",
        source = (kernel = processSpawner)),
       (name = "auditlog", interfaceName = "AuditLog",
        source = (service = (service = "audit", export = "log"))),
     ],
     args = ["motd=${motd}"],
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
     args = ["motd=${motd}", "guestAllow=hello", "operatorAllow=exit3"],
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
     exports = [(name = "sessions", interfaceName = "SessionManager"),
                (name = "setup", interfaceName = "LocalSetup")],
     args = ["guest=yes"],
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
  kernel = (motd = "capOS login test: welcome"),
);
