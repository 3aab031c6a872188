@0xc2cc48bb9592321a;
# Bad manifest: an interface name that is not in schema/.
# expect: services[0] "a".grants[0] "console": interfaceName "Consol" is not an interface in schema/

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "init", grants = [(name = "timer", interfaceName = "Timer", source = (kernel = timer))]),
  services = [
    (name = "a", binary = "a", grants = [(name = "console", interfaceName = "Consol", source = (kernel = console))])
  ],
);
