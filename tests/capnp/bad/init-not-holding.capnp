@0xac45545268b3228e;
# Bad manifest: a kernel source init does not hold.
# expect: services[0] "a".grants[0] "vm": source.kernel: init does not hold virtualMemory (add it to init.grants)

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "init", grants = [(name = "timer", interfaceName = "Timer", source = (kernel = timer))]),
  services = [
    (name = "a", binary = "a", grants = [(name = "vm", interfaceName = "VirtualMemory", source = (kernel = virtualMemory))])
  ],
);
