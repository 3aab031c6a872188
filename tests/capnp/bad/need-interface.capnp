@0xd27af01be37abfa5;
# Bad manifest: a binary needing an interface that does not exist.
# expect: binaries[1] "a".needs[0]: interfaceName "NoSuch" is not an interface in schema/

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a", needs = [(name = "x", interfaceName = "NoSuch")])],
  init = (binary = "init"),
);
