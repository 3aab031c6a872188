@0xb3994db394dd9c3d;
# Bad manifest: a kernel source granted as another interface.
# expect: services[0] "a".grants[0] "clock": source.kernel: timer gives Timer, not Console

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "init", grants = [(name = "timer", interfaceName = "Timer", source = (kernel = timer))]),
  services = [
    (name = "a", binary = "a", grants = [(name = "clock", interfaceName = "Console", source = (kernel = timer))])
  ],
);
