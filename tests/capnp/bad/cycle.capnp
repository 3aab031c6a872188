@0x9acdbe7b361d5329;
# Bad manifest: two services importing from each other.
# expect: services[0] "a": dependency cycle: "a" -> "b" -> "a"

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "init", grants = [(name = "timer", interfaceName = "Timer", source = (kernel = timer))]),
  services = [
    (name = "a", binary = "a", grants = [(name = "y", interfaceName = "Console", source = (service = (service = "b", export = "y")))], exports = [(name = "x", interfaceName = "Console")]),
    (name = "b", binary = "b", grants = [(name = "x", interfaceName = "Console", source = (service = (service = "a", export = "x")))], exports = [(name = "y", interfaceName = "Console")])
  ],
);
