@0xa39dca0ee6e1ab4c;
# Bad manifest: an import of an export the service does not have.
# expect: services[1] "b".grants[0] "log": source.service: service "a" exports no "logs"

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "init", grants = [(name = "timer", interfaceName = "Timer", source = (kernel = timer))]),
  services = [
    (name = "a", binary = "a", exports = [(name = "log", interfaceName = "Console")]),
    (name = "b", binary = "b", grants = [(name = "log", interfaceName = "Console", source = (service = (service = "a", export = "logs")))])
  ],
);
