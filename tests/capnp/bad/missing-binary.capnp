@0xeacd62b5aaefa2e8;
# Bad manifest: a service whose binary is not listed.
# expect: services[0] "a": binary: no binary named "nope"

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "init", grants = [(name = "timer", interfaceName = "Timer", source = (kernel = timer))]),
  services = [
    (name = "a", binary = "nope")
  ],
);
