@0x8cb26f488c01b918;
# Focused test manifest for the service graph: exports and imports (listed
# out of dependency order on purpose), a blob, restart policies, limits.
# Start order: logger, store, app. Booted by tests/qemu/test_init.py
# (the app-data blob is just another binary's bytes).

using M = import "../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [
    (name = "init"),
    (name = "logger", module = "svc_logger.elf"),
    (name = "store", module = "svc_store.elf"),
    (name = "app", module = "svc_app.elf"),
    (name = "app-data", module = "svc_app.elf"),
  ],
  init = (
    binary = "init",
    grants = [
      (name = "timer", interfaceName = "Timer", source = (kernel = timer)),
      (name = "diag", interfaceName = "KernelDiag",
       source = (kernel = kernelDiag)),
    ],
  ),
  services = [
    (name = "app", binary = "app",
     grants = [
       (name = "log", interfaceName = "Console",
        source = (service = (service = "logger", export = "log"))),
       (name = "store", interfaceName = "StdIO",
        source = (service = (service = "store", export = "data"))),
       (name = "data", interfaceName = "Blob", source = (blob = "app-data")),
       (name = "timer", interfaceName = "Timer", source = (kernel = timer)),
     ],
     restart = (never = void),
     limits = (capSlots = 32, pages = 1024, threads = 4),
     args = ["--verbose"]),
    (name = "logger", binary = "logger",
     grants = [
       (name = "console", interfaceName = "Console",
        source = (kernel = console)),
     ],
     exports = [(name = "log", interfaceName = "Console")],
     restart = (always = (maxRestarts = 10))),
    (name = "store", binary = "store",
     grants = [
       (name = "log", interfaceName = "Console",
        source = (service = (service = "logger", export = "log"))),
       (name = "diag", interfaceName = "KernelDiag",
        source = (kernel = kernelDiag)),
     ],
     exports = [(name = "data", interfaceName = "StdIO")],
     restart = (onFailure = (maxRestarts = 3, initialMs = 50, maxMs = 400))),
  ],
  kernel = (diagnostics = true, motd = "test-services"),
);
