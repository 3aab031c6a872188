@0xea5f03ef55d411a6;
# Bad manifest: BootPackage granted to a service.
# expect: services[0] "a".grants[0] "boot": source.kernel: bootPackage is granted to init only

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "init", grants = [(name = "timer", interfaceName = "Timer", source = (kernel = timer))]),
  services = [
    (name = "a", binary = "a", grants = [(name = "boot", interfaceName = "BootPackage", source = (kernel = bootPackage))])
  ],
);
