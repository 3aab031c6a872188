@0xdd5c6aedfe84f005;
# Bad manifest: importing an init export other than the launcher.
# expect: services[0] "a".grants[0] "x": source.service: init exports only "launcher", not "other"

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a")],
  init = (binary = "init"),
  services = [(name = "a", binary = "a", grants = [(name = "x", interfaceName = "Launcher", source = (service = (service = "init", export = "other")))])],
);
