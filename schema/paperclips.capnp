@0xe9c49a58bee2f34f;
# Paperclips: a clean-room incremental game served by a resident service
# (user/paperclips-server) to a terminal client (user/paperclips-client).
# The server is the authority: it owns every player's state (keyed by the
# caller-session reference of the IPC header, never by anything a client
# sends), the once-a-second automation ticks, unlocks, projects and rule
# checks. The client only renders what the server replies.
#
# The rules' numbers and words are data: content/paperclips.capnp holds
# the constant `content` (a PaperclipsContent), compiled into the boot
# module paperclips.bin and granted to the server as a Blob. The engine
# (lib/paperclips/) reads it into plain C tables; all arithmetic is
# integer (money in cents, rates in permille).

struct PaperclipsContent {
  title @0 :Text;
  startFunds @1 :UInt64;
  # Cents.
  startWire @2 :UInt64;
  startPrice @3 :UInt32;
  # Cents per clip.
  maxPrice @4 :UInt32;
  # `price` above this is out of range.
  demandBase @5 :UInt64;
  # Clips a sale can move at 1 cent with no marketing; demand at price p
  # is demandBase * (1000 + marketing boost) / 1000 / p (integer).
  localMatter @6 :UInt64;
  # Matter on the home world the autonomous phase converts.
  cosmicMatter @7 :UInt64;
  # Matter beyond it the cosmic phase converts.
  opsPerProcessor @8 :UInt32;
  # Compute cycles a processor adds per tick.
  opsPerMemory @9 :UInt32;
  # Cycles of storage each memory unit adds.
  buyables @10 :List(Buyable);
  projects @11 :List(Project);
  autoclipperRate @12 :UInt32;
  # Clips an autoclipper makes per tick, before boosts.
  droneRate @13 :UInt32;
  # Matter units a drone turns into wire per tick.
  factoryRate @14 :UInt32;
  # Wire units a factory turns into clips per tick.
  probeRate @15 :UInt32;
  # Cosmic matter units a probe converts per tick.
  probeCopyPermille @16 :UInt32;
  # Probes built per 1000 probes per tick, before boosts.
  probeCap @17 :UInt64;
  # The fleet stops copying itself at this size.
  marketingPermille @18 :UInt32;
  # Demand each marketing level adds, permille.
}

enum PaperclipsItem {
  wire @0;
  autoclipper @1;
  marketing @2;
  processor @3;
  memory @4;
  drone @5;
  factory @6;
  probe @7;
}

enum PaperclipsCurrency {
  funds @0;
  # Cents.
  clips @1;
  # Clips in stock (after the business phase clips pay for everything).
}

struct Buyable {
  item @0 :PaperclipsItem;
  currency @1 :PaperclipsCurrency;
  baseCost @2 :UInt64;
  growthPermille @3 :UInt32;
  # Each one owned raises the next one's cost by this (1000 = none).
  amount @4 :UInt64;
  # What one purchase gives (wire: units in a spool; others: 1).
  unlock @5 :List(Condition);
  # All must hold before the first purchase.
  help @6 :Text;
}

struct Condition {
  kind @0 :Kind;
  atLeast @1 :UInt64;

  enum Kind {
    clipsMade @0;
    funds @1;
    owned @2;
    # `item` owned >= atLeast.
    project @3;
    # The project named by `project` is done.
    phase @4;
    # Phase >= atLeast (0 business, 1 autonomous, 2 cosmic).
    localMatterGone @5;
    # The home world's matter is all converted.
    cosmicMatterGone @6;
  }
  item @2 :PaperclipsItem;
  project @3 :Text;
}

struct Project {
  id @0 :Text;
  # What `project <id>` names: [a-z0-9-].
  name @1 :Text;
  description @2 :Text;
  funds @3 :UInt64;
  clips @4 :UInt64;
  ops @5 :UInt64;
  # Costs: cents, clips in stock, compute cycles.
  unlock @6 :List(Condition);
  effect @7 :Effect;
  amount @8 :UInt32;
  # The effect's size (boosts: permille added).

  enum Effect {
    wireYield @0;
    demand @1;
    autoclipperRate @2;
    opsRate @3;
    autonomousPhase @4;
    droneRate @5;
    factoryRate @6;
    cosmicPhase @7;
    probeCopy @8;
    probeRate @9;
    finish @10;
  }
}

struct PaperclipsCommandSpec {
  usage @0 :Text;
  summary @1 :Text;
}

struct PaperclipsStatusSnapshot {
  tick @0 :UInt64;
  phase @1 :Text;
  clipsMade @2 :UInt64;
  inventory @3 :UInt64;
  funds @4 :UInt64;
  wire @5 :UInt64;
  price @6 :UInt32;
  demand @7 :UInt64;
  items @8 :List(ItemCount);
  ops @9 :UInt64;
  opsMax @10 :UInt64;
  localMatter @11 :UInt64;
  cosmicMatter @12 :UInt64;
  projectsDone @13 :UInt32;
  finished @14 :Bool;
  saleReady @15 :Bool;
  # False while the sale cooldown runs (until the next tick).
}

struct ItemCount {
  item @0 :Text;
  count @1 :UInt64;
  nextCost @2 :Text;
  # "$12.34", "150 clips", or "locked".
}

struct ProjectEntry {
  id @0 :Text;
  name @1 :Text;
  description @2 :Text;
  cost @3 :Text;
  state @4 :State;

  enum State {
    locked @0;
    available @1;
    done @2;
  }
}

interface PaperclipsGame {
  commands @0 () -> (list :List(PaperclipsCommandSpec));
  status @1 () -> (snapshot :PaperclipsStatusSnapshot);
  projects @2 () -> (list :List(ProjectEntry));
  # Every project: done, available (its unlock conditions hold) or locked.
  execute @3 (line :Text) -> (ok :Bool, text :Text);
  # Any other command line (make, sell, price, buy, project). text is the
  # transcript: the outcome or the refusal, plus a line such as
  # "== autonomous phase ==" when a phase begins.
  statusJson @4 () -> (line :Text);
  # One compact JSON object on one line.
  fastForward @5 (ticks :UInt32, proof :PaperclipsAccelerator)
      -> (ok :Bool, text :Text);
  # Run `ticks` automation ticks with the autopilot (the scripted player
  # of the balance tests) making its moves, at most maxFastForward. Only
  # for a caller whose `proof` answers the server's challenge: a
  # capability that is not this server's accelerator is refused.

  const maxLine :UInt32 = 200;
  const maxFastForward :UInt32 = 100000;
}

interface PaperclipsAccelerator {
  prove @0 (challenge :Data) -> (mac :Data);
  # HMAC-SHA256 of challenge under a secret the server draws at start:
  # only this server's accelerator endpoint can answer it.
}
