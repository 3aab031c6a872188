@0xd885d67f08d24fb3;
# Bad manifest: an import from a service that does not exist.
# expect: services[0] "a".grants[0] "log": source.service: no service named "logger"

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "init", grants = [(name = "timer", interfaceName = "Timer", source = (kernel = timer))]),
  services = [
    (name = "a", binary = "a", grants = [(name = "log", interfaceName = "Console", source = (service = (service = "logger", export = "log")))])
  ],
);
