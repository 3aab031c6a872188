@0xc5dbb8cf7a755cad;
# Bad manifest: two binaries with one name.
# expect: binaries[2] "a": name is already used by binaries[1]

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "a")],
  init = (binary = "init", grants = [(name = "timer", interfaceName = "Timer", source = (kernel = timer))]),
);
