@0xd301d45032dcc7b0;
# Bad manifest: init asking for a TerminalSession (init gets the Terminal device).
# expect: init.grants[0] "t": source.kernel: terminal gives Terminal, not TerminalSession

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init")],
  init = (binary = "init", grants = [(name = "t", interfaceName = "TerminalSession", source = (kernel = terminal))]),
);
