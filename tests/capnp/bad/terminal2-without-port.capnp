@0xdfaee7f2ced0bc5d;
# Bad manifest: a terminal2 grant without kernel.terminal2Port.
# expect: init.grants[0] "t2": source.kernel: terminal2 needs kernel.terminal2Port

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init")],
  init = (binary = "init", grants = [(name = "t2", interfaceName = "Terminal", source = (kernel = terminal2))]),
);
