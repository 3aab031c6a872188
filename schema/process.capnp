@0xcbb97523774db3fd;
# Processes: spawning with explicit grants, waiting, killing; the Launcher
# and Job a shell uses to start children through init.

enum TransferMode {
  copy @0;
  move @1;
}

struct CapGrant {
  # One capability for a new process's CapSet.
  name @0 :Text;
  union {
    cap @1 :Capability;
    # This capability (capability pointer i = transfer descriptor i).
    newEndpoint @2 :Void;
    # A fresh Endpoint owned by the child; its client facet comes back in
    # the spawn results under the same name.
  }
  interfaceId @3 :UInt64;
  # The interface the child expects under `name`; the kernel checks it.
  mode @4 :TransferMode;
}

struct ProcessLimits {
  # Per-process ledger limits; 0 means the kernel default.
  capSlots @0 :UInt32;
  pages @1 :UInt32;
  # Frames and mapped pages, 4 KiB each.
  threads @2 :UInt32;
  callsInFlight @3 :UInt32;
  timers @4 :UInt32;

  const maxCapSlots :UInt32 = 4096;
  const maxPages :UInt32 = 262144;
  const maxThreads :UInt32 = 256;
  const maxCallsInFlight :UInt32 = 1024;
  const maxTimers :UInt32 = 256;
}

struct Facet {
  name @0 :Text;
  cap @1 :Capability;
}

struct Fault {
  vector @0 :UInt8;
  address @1 :UInt64;
  errorCode @2 :UInt64;
  ip @3 :UInt64;
}

struct ExitStatus {
  union {
    exited @0 :Int64;
    killed @1 :Void;
    faulted @2 :Fault;
  }
}

interface ProcessSpawner {
  spawn @0 (name :Text, binary :Text, grants :List(CapGrant),
            limits :ProcessLimits, args :List(Text), session :Capability)
      -> (handle :ProcessHandle, facets :List(Facet));
  # Start `binary` (a boot module) as a new process holding exactly `grants`,
  # in the caller's session, or in `session` (a UserSession the caller
  # holds, live; capability pointer like a grant's).
}

interface ProcessHandle {
  # Not transferable.
  wait @0 () -> (status :ExitStatus);
  # Once; at once if the process has exited.
  kill @1 () -> ();
  info @2 () -> (pid :UInt32, name :Text);
}

interface Launcher {
  # What a shell starts children through (served by init over
  # ProcessSpawner, limited to the binaries it lists).
  launch @0 (binary :Text, grants :List(CapGrant), args :List(Text),
             session :Capability) -> (job :Job);
  # `session`: a UserSession to start the child in (init passes it to
  # ProcessSpawner.spawn); null: the launcher's own session.
  list @1 () -> (binaries :List(Text));
}

interface Job {
  wait @0 () -> (status :ExitStatus);
  kill @1 () -> ();
  status @2 () -> (running :Bool, status :ExitStatus);
}
