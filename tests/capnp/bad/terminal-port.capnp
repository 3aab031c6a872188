@0x9663bfc4a928fa25;
# Bad manifest: a terminal UART that is not a COM port.
# expect: kernel: terminalPort 0x1234 is not a COM port (0x3f8, 0x2f8, 0x3e8, 0x2e8)

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "init", grants = [(name = "timer", interfaceName = "Timer", source = (kernel = timer))]),
  kernel = (terminalPort = 0x1234),
);
