@0xd4c4c3b400392763;
# What `make run` boots: init, then the native shell on the terminal UART.
# init gets Console, BootPackage and ProcessSpawner from the kernel, plus
# the grants below, which it passes on to the services.

using M = import "../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [
    (name = "init"),
    (name = "capos-shell"),
  ],
  init = (
    binary = "init",
    grants = [
      (name = "timer", interfaceName = "Timer", source = (kernel = timer)),
      (name = "terminal", interfaceName = "TerminalSession",
       source = (kernel = terminal)),
      (name = "entropy", interfaceName = "EntropySource",
       source = (kernel = entropy)),
    ],
  ),
  services = [
    (name = "shell", binary = "capos-shell",
     grants = [
       (name = "terminal", interfaceName = "TerminalSession",
        source = (kernel = terminal)),
       (name = "timer", interfaceName = "Timer", source = (kernel = timer)),
       (name = "console", interfaceName = "Console",
        source = (kernel = console)),
     ],
     restart = (onFailure = (maxRestarts = 5, initialMs = 200, maxMs = 5000))),
  ],
  kernel = (
    motd = "Welcome to capOS, a capability operating system.\nType `help` for the commands, `caps` for what this shell holds.\nQuit QEMU with Ctrl-A then X.",
  ),
);
