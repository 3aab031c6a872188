@0xa97bfabaf570d5ab;
# Kernel totals for tests: checking that resources return to their baseline.
# Granted only by manifests with kernel.diagnostics set.

struct Totals {
  framesFree @0 :UInt64;
  framesTotal @1 :UInt64;
  heapUsed @2 :UInt64;
  heapTotal @3 :UInt64;
  processes @4 :UInt32;
  threads @5 :UInt32;
  capSlots @6 :UInt64;
  # Capability slots in use, all processes.
  mappedPages @7 :UInt64;
  callsInFlight @8 :UInt32;
  timers @9 :UInt32;
  addressSpaceSwitches @10 :UInt64;
  # Page-table root loads since boot, all CPUs (for IPC benchmarks).
  cachedPages @11 :UInt64;
  # Frames the kernel keeps for reuse (its cache of thread stacks): not
  # free, not leaked.
}

interface KernelDiag {
  totals @0 () -> (totals :Totals);
}
