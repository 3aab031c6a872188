@0x8c9590e45a4b259e;
# Bad manifest: no init binary.
# expect: init: binary is empty: a manifest must name init

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (grants = [(name = "timer", interfaceName = "Timer", source = (kernel = timer))]),
);
