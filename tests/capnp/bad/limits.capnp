@0xb1bfde6cfe6ec635;
# Bad manifest: a limit above the schema's bound.
# expect: services[0] "a": limits.capSlots is 100000, more than ProcessLimits.maxCapSlots (4096)

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "init", grants = [(name = "timer", interfaceName = "Timer", source = (kernel = timer))]),
  services = [
    (name = "a", binary = "a", limits = (capSlots = 100000))
  ],
);
