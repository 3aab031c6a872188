@0x900229392b8fe879;
# Bad manifest: a backoff whose first delay exceeds its maximum.
# expect: services[0] "a": restart: initialMs (900) must be 1..maxMs (100)

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "init", grants = [(name = "timer", interfaceName = "Timer", source = (kernel = timer))]),
  services = [
    (name = "a", binary = "a", restart = (onFailure = (maxRestarts = 3, initialMs = 900, maxMs = 100)))
  ],
);
