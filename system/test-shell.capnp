@0xe1f0a3c2b4d59687;
# Focused manifest for the shell tests: init, the shell with the launcher
# given directly (so these tests keep working once the default shell starts
# anonymous), the test programs it launches, and a service that fails at
# start so init's restart policy shows (it gives up after two restarts).

using M = import "../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [
    (name = "init"),
    (name = "capos-shell"),
    (name = "hello", module = "app_hello.elf",
     needs = [(name = "stdio", interfaceName = "StdIO")]),
    (name = "readline", module = "app_readline.elf",
     needs = [(name = "stdio", interfaceName = "StdIO")]),
    (name = "crash", module = "fault_null.elf"),
    (name = "lines", module = "libc_lines.elf",
     needs = [(name = "stdio", interfaceName = "StdIO"),
              (name = "vm", interfaceName = "VirtualMemory"),
              (name = "thread", interfaceName = "ThreadControl")]),
    (name = "sleeper", module = "sleeper.elf",
     needs = [(name = "timer", interfaceName = "Timer")]),
    (name = "exit3", module = "app_exit3.elf"),
  ],
  init = (
    binary = "init",
    grants = [
      (name = "timer", interfaceName = "Timer", source = (kernel = timer)),
      (name = "terminal", interfaceName = "Terminal",
       source = (kernel = terminal)),
      (name = "endpoints", interfaceName = "EndpointFactory",
       source = (kernel = endpointFactory)),
      (name = "vm", interfaceName = "VirtualMemory",
       source = (kernel = virtualMemory)),
      (name = "thread", interfaceName = "ThreadControl",
       source = (kernel = threadControl)),
    ],
    launchable = ["hello", "readline", "crash", "lines", "sleeper", "exit3"],
  ),
  services = [
    (name = "shell", binary = "capos-shell",
     grants = [
       (name = "terminal", interfaceName = "TerminalSession",
        source = (kernel = terminal)),
       (name = "launcher", interfaceName = "Launcher",
        source = (service = (service = "init", export = "launcher"))),
       (name = "endpoints", interfaceName = "EndpointFactory",
        source = (kernel = endpointFactory)),
       (name = "timer", interfaceName = "Timer", source = (kernel = timer)),
       (name = "vm", interfaceName = "VirtualMemory",
        source = (kernel = virtualMemory)),
       (name = "thread", interfaceName = "ThreadControl",
        source = (kernel = threadControl)),
     ],
     args = ["motd=${motd}"],
     restart = (onFailure = (maxRestarts = 3, initialMs = 100, maxMs = 400))),
    (name = "flaky", binary = "exit3",
     restart = (onFailure = (maxRestarts = 2, initialMs = 50, maxMs = 400))),
  ],
  kernel = (
    motd = "capOS shell test system.\nType help.",
  ),
);
