@0xceb3ef02acf71e82;
# Bad manifest: a manifest written for another schema version.
# expect: schemaVersion: is 2, this system reads version 1

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 2,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "init", grants = [(name = "timer", interfaceName = "Timer", source = (kernel = timer))]),
);
