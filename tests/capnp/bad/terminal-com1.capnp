@0xd12c91ff3871cc91;
# Bad manifest: the kernel log UART as the terminal.
# expect: kernel: 0x3f8 (COM1) is the kernel log, not a terminal

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init")],
  init = (binary = "init"),
  kernel = (terminalPort = 0x3f8),
);
