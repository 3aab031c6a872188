@0xaef70f6e0e522b9f;
# Aurelian Frontier: a text adventure served by a resident process
# (user/adventure-server). The server owns every player's state, keyed by
# the kernel's caller-session reference (lib/ring/ipc.h): nothing in a
# request names a player, so a client can only ever play its own
# session's expedition. The world is read-only content
# (content/adventure.capnp, an AdventureContent constant) granted to the
# server as a Blob and checked at start (lib/adventure/world.c).
#
# Speech is not here: players and NPC processes talk in Chat room channels
# (schema/chat.capnp); roomChannel() tells a client which one.

enum Section {
  # The inventory's sections, in display order.
  items @0;
  writs @1;
  relics @2;
  marks @3;
  evidence @4;
}

enum DamageKind {
  slash @0;
  pierce @1;
  blunt @2;
  fire @3;
  spirit @4;
}

enum Action {
  # What a mission beat asks of the player (and the verb that does it).
  take @0;      # take(target item)
  ask @1;       # ask(target npc)
  defeat @2;    # the last blow on mob `target`
  cast @3;      # cast(target spell)
  guard @4;     # guard()
  evacuate @5;  # evacuate()
  seal @6;      # seal(target): a ward-gate, by name
}

enum AbilityKind {
  strike @0;    # the plain attack
  skill @1;     # a warrior skill
  spell @2;     # a wizard spell
}

# ---------------------------------------------------------------- content

struct AdventureContent {
  title @0 :Text;
  intro @1 :Text;
  startRoom @2 :Text;
  player @3 :PlayerProfile;
  rooms @4 :List(Room);
  items @5 :List(Item);
  npcs @6 :List(Npc);
  mobs @7 :List(Mob);
  abilities @8 :List(Ability);
  beats @9 :List(Beat);
  # In order: the mission is done when the last beat is.
  completion @10 :Text;
  # Said when the last beat is done.

  const maxRooms :UInt32 = 24;
  const maxItems :UInt32 = 32;
  const maxNpcs :UInt32 = 8;
  const maxMobs :UInt32 = 8;
  const maxAbilities :UInt32 = 8;
  const maxBeats :UInt32 = 16;
  const maxExits :UInt32 = 6;
  const maxZones :UInt32 = 4;
  const maxId :UInt32 = 31;
  # Ids are 1..maxId bytes of [a-z0-9-].
  const maxText :UInt32 = 600;
}

struct PlayerProfile {
  health @0 :UInt32;
  fatigueMax @1 :UInt32;
  # An action whose cost would pass this is refused; rest clears it.
}

struct Room {
  id @0 :Text;
  name @1 :Text;
  description @2 :Text;
  channel @3 :Text;
  # The Chat channel of the room ("#r...").
  exits @4 :List(Exit);
  survivors @5 :Bool;
  # The villagers to evacuate wait here.
}

struct Exit {
  direction @0 :Text;
  to @1 :Text;
  needsBeat @2 :Text;
  # Passable only once this beat is done ("" = always).
}

struct Item {
  id @0 :Text;
  name @1 :Text;
  description @2 :Text;
  section @3 :Section;
  room @4 :Text;
  # Where it lies at the start ("" = given by an NPC or a deed).
  wardPercent @5 :UInt32;
  # Held, it lets through only this percent of damage of wardKind
  # (0 = no ward).
  wardKind @6 :DamageKind;
}

struct Npc {
  id @0 :Text;
  name @1 :Text;
  room @2 :Text;
  greeting @3 :Text;
  # ask() before the NPC's beat is reached.
  answer @4 :Text;
  # ask() that completes the NPC's beat.
  after @5 :Text;
  # ask() once the beat is done.
  chatter @6 :List(Chatter);
  # What the NPC's process says in the room channel (no game authority):
  # the first entry whose keyword is in a player's line answers it; an
  # entry with keyword "" answers anything else.
}

struct Chatter {
  keyword @0 :Text;
  reply @1 :Text;
}

struct Zone {
  name @0 :Text;
  percent @1 :UInt32;
  # Damage multiplier for hits here, in percent.
  cap @2 :UInt32;
  # The most one hit here can deal (bounded zone damage).
}

struct Resist {
  kind @0 :DamageKind;
  percent @1 :UInt32;
  # Damage of this kind taken, in percent (100 when not listed).
}

struct Mob {
  id @0 :Text;
  name @1 :Text;
  room @2 :Text;
  description @3 :Text;
  health @4 :UInt32;
  power @5 :UInt32;
  # Damage of its blow on the player each round it still stands.
  kind @6 :DamageKind;
  zones @7 :List(Zone);
  resists @8 :List(Resist);
}

struct Ability {
  id @0 :Text;
  name @1 :Text;
  kind @2 :AbilityKind;
  damage @3 :DamageKind;
  power @4 :UInt32;
  # 0: no damage (an effect only).
  fatigue @5 :UInt32;
  needsItem @6 :Text;
  # Must be held to use it ("" = none).
  room @7 :Text;
  # An effect spell works only here ("" = anywhere).
}

struct Beat {
  id @0 :Text;
  title @1 :Text;
  action @2 :Action;
  target @3 :Text;
  # Item, NPC, mob, spell or exit direction, by action.
  room @4 :Text;
  # Where it must be done.
  reward @5 :Text;
  # Item granted when it is done ("" = none).
}

# --------------------------------------------------------------- protocol

enum Refusal {
  none @0;
  noExpedition @1;   # start() or resume() first
  unknown @2;        # no such item, NPC, direction, zone, ...
  notHere @3;
  blocked @4;        # an exit not yet passable
  outOfOrder @5;     # a mission beat before the one before it
  downed @6;         # the player is down: only status and leave
  exhausted @7;      # fatigue would pass the maximum: rest
  busy @8;           # a foe stands here
  full @9;           # the server's player table is full
  already @10;       # done before
  missing @11;       # an item the action needs is not held
}

struct Report {
  # What every action answers: refused (ok false, nothing changed) or
  # done, with the text to show and the player's state after it.
  ok @0 :Bool;
  refusal @1 :Refusal;
  text @2 :Text;
  room @3 :Text;
  health @4 :UInt32;
  fatigue @5 :UInt32;
  downed @6 :Bool;
  beatsDone @7 :UInt32;
  beatsTotal @8 :UInt32;
  complete @9 :Bool;
  combat @10 :Combat;
}

struct Combat {
  # One round: the player's blow, then the foe's if it still stands.
  target @0 :Text;
  zone @1 :Text;
  kind @2 :DamageKind;
  dealt @3 :UInt32;
  foeHealth @4 :UInt32;
  defeated @5 :Bool;
  taken @6 :UInt32;
  fought @7 :Bool;
  # false: no round was fought (the other fields are zero).
}

struct SectionList {
  section @0 :Section;
  names @1 :List(Text);
}

interface Adventure {
  welcome @0 () -> (title :Text, intro :Text, saved :Bool, room :Text);
  # saved: this session has an expedition under way (resume() it).
  start @1 () -> (report :Report);
  # A new expedition at the start, replacing any saved one.
  resume @2 () -> (report :Report);
  look @3 () -> (report :Report);
  go @4 (direction :Text) -> (report :Report);
  take @5 (item :Text) -> (report :Report);
  inventory @6 () -> (report :Report, sections :List(SectionList));
  status @7 () -> (report :Report);
  attack @8 (target :Text, zone :Text) -> (report :Report);
  useSkill @9 (skill :Text, target :Text, zone :Text) -> (report :Report);
  cast @10 (spell :Text, target :Text, zone :Text) -> (report :Report);
  # target "" for an effect spell.
  guard @11 () -> (report :Report);
  rest @12 () -> (report :Report);
  ask @13 (npc :Text) -> (report :Report);
  evacuate @14 () -> (report :Report);
  seal @15 (target :Text) -> (report :Report);
  leave @16 () -> (report :Report);
  # Ends the expedition and frees its state.
  roomChannel @17 () -> (channel :Text);

  const maxArg :UInt32 = 64;
  # Longer arguments are refused (unknown).
  const maxPlayers :UInt32 = 16;
}
