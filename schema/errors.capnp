@0xaca3ae33101b5d18;
# The system's error table: transport and kernel errors, the first of the
# three layers of failure (architecture.md section 3). The generator turns it
# into build/gen/capos/err.h: `err_t`, ERR_<NAME> = -ordinal, and
# capos_strerror(). Message-format errors from lib/capnp (CAPN_E*) live at
# -256 and below and share the number space. Append only: a code is ABI.
# Application failures travel as a CapException (exception.capnp); domain
# outcomes are result unions in each interface.

using C = import "c.capnp";

enum Err $C.errTable("err") {
  ok @0 $C.errMessage("success");
  invalid @1 $C.errMessage("invalid argument");
  noMemory @2 $C.errMessage("out of memory");
  badOpcode @3 $C.errMessage("unknown or reserved ring opcode");
  reservedField @4 $C.errMessage("reserved field is not zero");
  badFlags @5 $C.errMessage("unsupported flags");
  badHandle @6 $C.errMessage("no capability at this handle");
  staleHandle @7 $C.errMessage("capability handle is stale: its slot was released or reused");
  wrongInterface @8 $C.errMessage("capability does not implement the requested interface");
  badAddress @9 $C.errMessage("buffer address or length outside the caller's memory");
  bufferTooSmall @10 $C.errMessage("result buffer too small");
  tooLarge @11 $C.errMessage("size or count exceeds its limit");
  quota @12 $C.errMessage("resource quota exceeded");
  capTableFull @13 $C.errMessage("capability table full");
  badTransfer @14 $C.errMessage("malformed capability transfer descriptor");
  notTransferable @15 $C.errMessage("capability cannot be transferred");
  cqOverflow @16 $C.errMessage("completion queue full");
  timeout @17 $C.errMessage("timed out");
  cancelled @18 $C.errMessage("operation cancelled");
  wouldBlock @19 $C.errMessage("operation would block");
  applicationException @20 $C.errMessage("the server raised an exception: the result buffer holds a CapException");
  applicationExceptionTruncated @21 $C.errMessage("the server raised an exception too large for the result buffer");
  disconnected @22 $C.errMessage("peer is gone: endpoint closed or server exited");
  revoked @23 $C.errMessage("capability was revoked");
  notFound @24 $C.errMessage("no such object");
  exists @25 $C.errMessage("already exists");
  busy @26 $C.errMessage("resource busy");
  denied @27 $C.errMessage("operation not allowed for this holder");
  unaligned @28 $C.errMessage("address or size not page-aligned");
  overlap @29 $C.errMessage("range overlaps an existing mapping");
  notMapped @30 $C.errMessage("range is not mapped");
  badElf @31 $C.errMessage("executable image malformed");
  badManifest @32 $C.errMessage("boot manifest invalid");
  notSupported @33 $C.errMessage("operation not supported");
  io @34 $C.errMessage("device I/O error");
  alreadyWaited @35 $C.errMessage("exit status already collected");
  exited @36 $C.errMessage("process or thread has exited");
  interrupted @37 $C.errMessage("interrupted");
  internal @38 $C.errMessage("internal error (a kernel bug)");
}
