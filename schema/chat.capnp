@0xec97465831f0ec01;
# Chat: a resident service (user/chat-server) with one shared endpoint.
# Who is talking is never in a request: the server keys every member by
# the kernel's caller-session reference (lib/ring/ipc.h), so two clients
# of one session are one member and nothing a client sends can name
# another. Each member gets a label, "member-N" in the order members
# first joined; it is the only name anyone sees.
#
# Channels are "#" plus 1-31 of [a-z0-9._-]. Adventure rooms use "#r..."
# channels; the public one is "#lobby".

struct ChatLine {
  seq @0 :UInt64;
  # Server-wide order, from 1.
  channel @1 :Text;
  label @2 :Text;
  # The sender's service-assigned label.
  text @3 :Text;
  kind @4 :Kind;
  replay @5 :Bool;
  # History handed out by join(): already said before you came. Actors
  # (bots, NPCs) must not take it as fresh input.

  enum Kind {
    message @0;
    joined @1;
    left @2;
  }
}

interface Chat {
  join @0 (channel :Text) -> (label :Text, history :List(ChatLine),
                              next :UInt64);
  # Join a channel (again: no change). label: yours, the same in every
  # channel. history: the channel's last historyLines lines, replay set.
  # next: the cursor to pass to wait() to hear what comes after.
  leave @1 (channel :Text) -> ();
  send @2 (channel :Text, text :Text) -> (seq :UInt64);
  # A message to a channel you have joined. Text of 1..maxText bytes with
  # no control characters (a line break would let it pose as another
  # member's line): refused otherwise.
  who @3 (channel :Text) -> (members :List(Text));
  # Labels of the channel's members in the order they joined it.
  wait @4 (after :UInt64) -> (lines :List(ChatLine), next :UInt64,
                              missed :UInt32);
  # The lines after cursor `after` in the channels you are in, at most
  # maxBatch; waits (the call stays pending) until there is one. missed:
  # lines that fell out of the server's buffer before you asked. A member
  # holds at most maxWaiters pending waits: a newer one ends the oldest
  # with no lines (its client just asks again).
  quit @5 () -> ();
  # Leave every channel (a client's /exit).

  const maxText :UInt32 = 400;
  const maxChannel :UInt32 = 32;
  const historyLines :UInt32 = 20;
  const maxBatch :UInt32 = 32;
  const maxWaiters :UInt32 = 4;
}
