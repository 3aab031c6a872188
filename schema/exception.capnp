@0xba572b1081c80cd4;
# A server's application failure (the second layer of failure): serialized
# into the caller's result buffer, completion status
# ERR_APPLICATION_EXCEPTION (or ..._TRUNCATED when it does not fit).

struct CapException {
  type @0 :Type;
  message @1 :Text;
  # For people: never kernel pointers, secrets or another process's state.
  interfaceId @2 :UInt64;
  methodId @3 :UInt16;
  # The call that failed.

  enum Type {
    failed @0;
    overloaded @1;
    disconnected @2;
    unimplemented @3;
    invalidArgument @4;
  }
}
