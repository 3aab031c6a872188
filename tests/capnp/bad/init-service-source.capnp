@0xbe1fcbd3e40bcb07;
# Bad manifest: init importing from a service.
# expect: init.grants[0] "log": source.service: init's grants come from the kernel; services start after init

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "init", grants = [(name = "log", interfaceName = "Console", source = (service = (service = "a", export = "log")))]),
  services = [
    (name = "a", binary = "a", exports = [(name = "log", interfaceName = "Console")])
  ],
);
