@0xcaa48a86a2a07577;
# Test schema for lib/capnp and tools/capnpc-c: every field kind, defaults,
# unions, groups, lists, capabilities, an interface, constants. The shapes
# follow the worked examples in ../shared/reference/capnp-encoding.md.

struct Point {
  x @0 :Int32;
  y @1 :Int32;
}

struct Basic {
  a @0 :UInt16;
  b @1 :Bool;
  c @2 :UInt64;
  name @3 :Text;
  d @4 :Bool;
  e @5 :UInt8;
  f @6 :Int32;
  blob @7 :Data;
  p @8 :Point;
}

enum Color {
  red @0;
  green @1;
  blue @2;
}

struct Defaults {
  i @0 :Int32 = 100;
  b @1 :Bool = true;
  f @2 :Float32 = 1.5;
  t @3 :Text = "dflt";
  u @4 :UInt8;
  color @5 :Color = blue;
  s8 @6 :Int8 = -3;
  s64 @7 :Int64 = -5000000000;
}

struct Unions {
  tag @0 :UInt32;
  union {
    none @1 :Void;
    num @2 :UInt64;
    txt @3 :Text;
  }
  g :group {
    gx @4 :UInt16;
    gy @5 :Text;
  }
  named :union {
    na @6 :Bool;
    nb @7 :Int8;
  }
}

struct Lists {
  voids @0 :List(Void);
  bools @1 :List(Bool);
  u16s @2 :List(UInt16);
  points @3 :List(Point);
  nested @4 :List(List(Int32));
  texts @5 :List(Text);
  i64s @6 :List(Int64);
  colors @7 :List(Color);
  datas @8 :List(Data);
}

struct Person {
  id @0 :UInt32;
  name @1 :Text;
}

struct Book {
  people @0 :List(Person);
}

struct Node {
  value @0 :UInt32;
  next @1 :Node;
  children @2 :List(Node);
}

interface Echo {
  echo @0 (text :Text, times :UInt32) -> (reply :Text);
  ping @1 () -> ();
  hold @2 (holder :Holder) -> (count :UInt32);
  pass @3 (cap :Echo, any :Capability) -> (back :Echo);
}

struct Holder {
  n @0 :UInt32;
  cap @1 :Echo;
  any @2 :AnyPointer;
  caps @3 :List(Echo);
}

struct Trail {
  a @0 :UInt64;
  b @1 :UInt64;
  p @2 :Text;
  q @3 :Text;
}

struct Empty {}

struct WithEmpty {
  e @0 :Empty;
  es @1 :List(Empty);
}

const answer :UInt32 = 42;
const negative :Int16 = -7;
const greeting :Text = "hello \"capos\"";

struct Scoped {
  const limit :UInt64 = 0x123456789;
  const on :Bool = true;
  v @0 :UInt8;
}

const sampleBook :Book = (people = [(id = 1, name = "Al"), (id = 2, name = "Bo")]);
