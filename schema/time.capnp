@0xe006136362bfecf4;

interface Timer {
  now @0 () -> (ns :UInt64);
  # Monotonic nanoseconds since boot.
  wallClock @1 () -> (unixNs :Int64);
  # The boot RTC reading plus the monotonic clock.
  sleep @2 (ns :UInt64) -> ();
  # Completes through the ring after at least `ns`; at most maxSleepNs.
  sleepUntil @3 (deadlineNs :UInt64) -> ();
  # Until `now` reaches deadlineNs.

  const maxSleepNs :UInt64 = 86400000000000;
  # One day.
}
