@0xafda257e5fe839d0;
# Memory authority. Addresses and sizes are bytes, page-aligned (4 KiB);
# `prot` is a set of the VirtualMemory.prot* bits. Physical addresses are
# never handed out: frames come as MemoryObject capabilities.

interface VirtualMemory {
  # The holder's own address space.
  const protRead :UInt32 = 1;
  const protWrite :UInt32 = 2;
  const protExec :UInt32 = 4;

  map @0 (hint :UInt64, size :UInt64, prot :UInt32) -> (addr :UInt64);
  # Anonymous memory, zero-filled on first touch. hint 0: anywhere.
  unmap @1 (addr :UInt64, size :UInt64) -> ();
  protect @2 (addr :UInt64, size :UInt64, prot :UInt32) -> ();
  reserve @3 (hint :UInt64, size :UInt64) -> (addr :UInt64);
  # Address space only: no access until committed (language runtimes).
  commit @4 (addr :UInt64, size :UInt64, prot :UInt32) -> ();
  decommit @5 (addr :UInt64, size :UInt64) -> ();
}

interface FrameAllocator {
  allocate @0 (pages :UInt32, contiguous :Bool) -> (memory :MemoryObject);
  stats @1 () -> (freePages :UInt64, totalPages :UInt64);
}

interface MemoryObject {
  # A range of frames, mappable by every holder; freed when the last holder
  # and the last mapping are gone.
  info @0 () -> (pages :UInt32, size :UInt64);
  map @1 (hint :UInt64, offsetPages :UInt32, pages :UInt32, prot :UInt32)
      -> (addr :UInt64);
  unmap @2 (addr :UInt64) -> ();
  protect @3 (addr :UInt64, prot :UInt32) -> ();
}
