@0xd4c4c3b400392763;
# What `make run` boots: init, then the native shell on the terminal UART.
# init gets Console, BootPackage and ProcessSpawner from the kernel, plus
# the grants below, which it passes on to the services; the shell starts
# programs through init's launcher, which starts only the `launchable`
# binaries, each only with what the shell grants it.

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
    launchable = ["hello", "readline", "crash", "lines"],
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
     restart = (onFailure = (maxRestarts = 5, initialMs = 200, maxMs = 5000))),
  ],
  kernel = (
    motd = "Welcome to capOS, a capability operating system.\nEverything here runs only with the capabilities it was given.\nTry: help, caps, jobs, and\n  run \"hello\" with { stdio: @stdio }\n  run \"readline\" with { stdio: @stdio }\n  run \"lines\" with { stdio: @stdio, vm: @vm, thread: @thread }   (a musl program)\n  run \"crash\"   (the shell reports the fault and keeps going)\nCtrl-C cancels a program's read; pressed again it ends the program.\nQuit QEMU with Ctrl-A then X.",
  ),
);
