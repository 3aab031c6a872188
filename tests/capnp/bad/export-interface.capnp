@0xbb92c10ef741eb0f;
# Bad manifest: an import expecting another interface than the export serves.
# expect: services[1] "b".grants[0] "log": source.service: "a"."log" serves "Console", not StdIO

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "init", grants = [(name = "timer", interfaceName = "Timer", source = (kernel = timer))]),
  services = [
    (name = "a", binary = "a", exports = [(name = "log", interfaceName = "Console")]),
    (name = "b", binary = "b", grants = [(name = "log", interfaceName = "StdIO", source = (service = (service = "a", export = "log")))])
  ],
);
