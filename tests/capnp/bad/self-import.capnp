@0xb370d78cb63e4f76;
# Bad manifest: a service importing its own export.
# expect: services[0] "a".grants[0] "log": source.service: a service cannot import its own export "log"

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "init", grants = [(name = "timer", interfaceName = "Timer", source = (kernel = timer))]),
  services = [
    (name = "a", binary = "a", grants = [(name = "log", interfaceName = "Console", source = (service = (service = "a", export = "log")))], exports = [(name = "log", interfaceName = "Console")])
  ],
);
