@0xc7d2e1f0a9b83c45;
# Focused manifest: two shells, one on the terminal UART (COM2) and one on a
# second UART (QEMU `-device isa-serial,iobase=0x3e8,irq=5`, the harness's
# COM3), each owning its own TerminalSession, both with init's launcher.
# Booted by tests/qemu/test_shell.py (boot "two_shells").

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
  ],
  init = (
    binary = "init",
    grants = [
      (name = "terminal", interfaceName = "Terminal",
       source = (kernel = terminal)),
      (name = "terminal2", interfaceName = "Terminal",
       source = (kernel = terminal2)),
      (name = "endpoints", interfaceName = "EndpointFactory",
       source = (kernel = endpointFactory)),
    ],
    launchable = ["hello", "readline"],
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
     ],
     args = ["motd=first shell (COM2)"],
     restart = (never = void)),
    (name = "shell2", binary = "capos-shell",
     grants = [
       (name = "terminal", interfaceName = "TerminalSession",
        source = (kernel = terminal2)),
       (name = "launcher", interfaceName = "Launcher",
        source = (service = (service = "init", export = "launcher"))),
       (name = "endpoints", interfaceName = "EndpointFactory",
        source = (kernel = endpointFactory)),
     ],
     args = ["motd=second shell (COM3)"],
     restart = (never = void)),
  ],
  kernel = (terminal2Port = 0x3e8, terminal2Irq = 5),
);
