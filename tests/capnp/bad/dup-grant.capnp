@0x8baa9dc14176ab3a;
# Bad manifest: two grants with one name.
# expect: services[0] "a".grants[1]: name "console" is already granted by grants[0]

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "init", grants = [(name = "timer", interfaceName = "Timer", source = (kernel = timer))]),
  services = [
    (name = "a", binary = "a", grants = [(name = "console", interfaceName = "Console", source = (kernel = console)), (name = "console", interfaceName = "Timer", source = (kernel = timer))])
  ],
);
