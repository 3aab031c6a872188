@0x9394249a5999dbab;
# Bad manifest: KernelDiag in a manifest without kernel.diagnostics.
# expect: init.grants[0] "diag": source.kernel: kernelDiag needs kernel.diagnostics = true (test manifests only)

using M = import "../../../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "init"), (name = "a"), (name = "b")],
  init = (binary = "init", grants = [(name = "diag", interfaceName = "KernelDiag", source = (kernel = kernelDiag))]),
);
