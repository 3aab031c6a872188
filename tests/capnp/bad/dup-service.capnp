@0xcd981a987244f146;
# Bad manifest: two services with one name.
# expect: services[1] "a": name is already used by services[0]

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "init", grants = [(name = "timer", interfaceName = "Timer", source = (kernel = timer))]),
  services = [
    (name = "a", binary = "a"),
    (name = "a", binary = "b")
  ],
);
