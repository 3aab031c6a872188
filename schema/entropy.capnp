@0xe79dca669fcc5a21;

interface EntropySource {
  fill @0 (bytes :UInt32) -> (data :Data, source :Source);
  # At most maxBytes per call.

  enum Source {
    rdseed @0;
    rdrand @1;
    mixed @2;
    # Best effort without CPU support (timer jitter); said so in the log.
  }

  const maxBytes :UInt32 = 4096;
}
