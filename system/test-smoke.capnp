@0xdca2969e42d5abfd;
# Focused test manifest: a test runner as init with the first-wave kernel
# capabilities and KernelDiag, no services.

using M = import "../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [(name = "test-runner")],
  init = (
    binary = "test-runner",
    grants = [
      (name = "timer", interfaceName = "Timer", source = (kernel = timer)),
      (name = "vm", interfaceName = "VirtualMemory",
       source = (kernel = virtualMemory)),
      (name = "frames", interfaceName = "FrameAllocator",
       source = (kernel = frameAllocator)),
      (name = "entropy", interfaceName = "EntropySource",
       source = (kernel = entropy)),
      (name = "threads", interfaceName = "ThreadSpawner",
       source = (kernel = threadSpawner)),
      (name = "thread", interfaceName = "ThreadControl",
       source = (kernel = threadControl)),
      (name = "park", interfaceName = "ParkSpace",
       source = (kernel = parkSpace)),
      (name = "diag", interfaceName = "KernelDiag",
       source = (kernel = kernelDiag)),
    ],
    limits = (capSlots = 256, threads = 16),
  ),
  kernel = (diagnostics = true, motd = "test-smoke"),
);
