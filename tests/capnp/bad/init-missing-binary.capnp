@0x8be27d79bd7354cf;
# Bad manifest: init's binary not listed.
# expect: init: binary: no binary named "initx"

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "initx"),
);
