@0x967bd0708ae10fa1;
# Bad manifest: a blob of a binary that is not listed.
# expect: services[0] "a".grants[0] "data": source.blob: no binary named "data"

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "init", grants = [(name = "timer", interfaceName = "Timer", source = (kernel = timer))]),
  services = [
    (name = "a", binary = "a", grants = [(name = "data", interfaceName = "Blob", source = (blob = "data"))])
  ],
);
