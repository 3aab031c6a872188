@0xd8136d69c7e1849c;
# Threads of the calling process, and private wait/wake on user words.

interface ThreadSpawner {
  spawn @0 (entry :UInt64, arg :UInt64, stackTop :UInt64, fsBase :UInt64,
            clearTid :UInt64)
      -> (thread :ThreadHandle, tid :UInt32, ring :UInt64);
  # The new thread gets its own ring, mapped at `ring`. If clearTid is not
  # 0, the kernel writes 0 to that 32-bit word and wakes every thread parked
  # on it once the thread is gone (pthread_join's contract; musl's
  # CLONE_CHILD_CLEARTID).
}

interface ThreadHandle {
  # Detaches on release.
  join @0 () -> (exitCode :Int64);
  # Once; never on oneself.
  tid @1 () -> (tid :UInt32);
}

interface ThreadControl {
  # The calling thread.
  getFsBase @0 () -> (base :UInt64);
  setFsBase @1 (base :UInt64) -> ();
  exitThread @2 (code :Int64) -> ();
  # The last thread's exit ends the process.
  tid @3 () -> (tid :UInt32);
}

interface ParkSpace {
  # Wait and wake on 32-bit words of the caller's memory.
  park @0 (addr :UInt64, expected :UInt32, timeoutNs :UInt64)
      -> (result :Wake);
  # Sleep while *addr == expected; timeoutNs 0: no timeout.
  unpark @1 (addr :UInt64, count :UInt32) -> (woken :UInt32);
  requeue @2 (from :UInt64, to :UInt64, wake :UInt32, move :UInt32)
      -> (woken :UInt32, moved :UInt32);

  enum Wake {
    woken @0;
    timedOut @1;
    valueChanged @2;
    cancelled @3;
  }
}
