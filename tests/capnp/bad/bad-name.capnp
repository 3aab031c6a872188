@0xd7ce6c5e201c4374;
# Bad manifest: a service name with a space.
# expect: services[0] "my?app": name has byte 0x20 at 2: names are printable ASCII without spaces

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "init", grants = [(name = "timer", interfaceName = "Timer", source = (kernel = timer))]),
  services = [
    (name = "my app", binary = "a")
  ],
);
