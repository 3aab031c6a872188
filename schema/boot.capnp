@0xfd8bdcd814a46bd9;
# The boot package: the manifest and the modules loaded with the kernel.

interface BootPackage {
  # Read-only, chunked access to everything booted. Init only.
  manifestSize @0 () -> (size :UInt64);
  readManifest @1 (offset :UInt64, maxBytes :UInt32) -> (data :Data);
  modules @2 () -> (names :List(Text));
  blob @3 (name :Text) -> (blob :Blob);
}

interface Blob {
  # The read-only bytes of one named boot module.
  info @0 () -> (name :Text, size :UInt64);
  read @1 (offset :UInt64, maxBytes :UInt32) -> (data :Data);

  const maxRead :UInt32 = 65536;
}
