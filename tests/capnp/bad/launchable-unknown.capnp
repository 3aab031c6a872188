@0xdc678c1b3af48c3c;
# Bad manifest: a launchable binary the manifest does not list.
# expect: init.launchable[0]: no binary named "ghost"

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init")],
  init = (binary = "init", launchable = ["ghost"]),
);
