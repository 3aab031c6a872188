@0xb098f8574e9de72e;
# The Aurelian Frontier world: Castra Aurelia on the northern limes, the
# night the ward-stones failed. Original content for capOS (rooms, people,
# wording and numbers are this project's own). Compiled by mk/content.mk
# into build/system/adventure.bin and checked by lib/adventure/world.c.
#
# Map:  praetorium
#           |
#  shrine - court - mansio
#           |
#         ford  (the ward-wraith)
#           |
#         vicus - temple
#           |
#         porta
#           |
#       signal-tower

using A = import "/schema/adventure.capnp";

const content :A.AdventureContent = (
  title = "Aurelian Frontier: The Silent Beacon",
  intro = "Castra Aurelia, the last fort of the northern limes. At dusk the ward-stones along the river went dark, the signal tower fell silent, and the cohort's eagle-standard is still up there. Recover it before the mist takes the valley.",
  startRoom = "praetorium",
  player = (health = 24, fatigueMax = 10),

  rooms = [
    (id = "praetorium", name = "Praetorium",
     description = "The commander's hall smells of lamp oil and wet wool. Maps of the valley are pinned to the walls; the legate's table is covered in sealed tablets.",
     channel = "#r-praetorium",
     exits = [(direction = "south", to = "court")]),
    (id = "court", name = "Parade Court",
     description = "Frost rims the flagstones of the parade court. Torches gutter by the gates: a road-house lies east, a small shrine west, and the river road runs south.",
     channel = "#r-court",
     exits = [(direction = "north", to = "praetorium"),
              (direction = "east", to = "mansio"),
              (direction = "west", to = "shrine"),
              (direction = "south", to = "ford")]),
    (id = "mansio", name = "Road-house of the Couriers",
     description = "A low road-house where couriers change horses. Mud-caked cloaks steam by the hearth.",
     channel = "#r-mansio",
     exits = [(direction = "west", to = "court")]),
    (id = "shrine", name = "Shrine of the Hearth",
     description = "A round shrine with a fire that has never been allowed to die. Ward-cords hang from the rafters like dry vines.",
     channel = "#r-shrine",
     exits = [(direction = "east", to = "court")]),
    (id = "ford", name = "Alder Ford",
     description = "The river runs black and shallow over stones. Where the ward-stone stood, a grey shape coils in the mist.",
     channel = "#r-ford",
     exits = [(direction = "north", to = "court"),
              (direction = "south", to = "vicus", needsBeat = "wraith")]),
    (id = "vicus", name = "Vicus Tamesa",
     description = "The village below the fort: shuttered huts, a cart on its side, families huddled by the well. A temple stands east; the old porta lies south.",
     channel = "#r-vicus",
     survivors = true,
     exits = [(direction = "north", to = "ford"),
              (direction = "east", to = "temple"),
              (direction = "south", to = "porta")]),
    (id = "temple", name = "Temple of the Unconquered Sun",
     description = "Painted stars cover the low vault. The altar stone is warm to the touch.",
     channel = "#r-temple",
     exits = [(direction = "west", to = "vicus")]),
    (id = "porta", name = "Porta Septentrionalis",
     description = "The north gate of the old wall. Its ward-lintel is cracked and cold mist pours through the gap. The tower road climbs beyond.",
     channel = "#r-porta",
     exits = [(direction = "north", to = "vicus"),
              (direction = "south", to = "signal-tower", needsBeat = "seal")]),
    (id = "signal-tower", name = "Signal Tower",
     description = "A timber tower on a stone base, its beacon cold. Wind hums in the rigging of the lookout.",
     channel = "#r-signal-tower",
     exits = [(direction = "north", to = "porta")]),
  ],

  items = [
    (id = "ward-writ", name = "ward-writ of the legate", section = writs,
     room = "praetorium", wardPercent = 50, wardKind = spirit,
     description = "A wax tablet under the legate's seal: its bearer may pass and mend the river wards. The seal hums faintly against restless spirits."),
    (id = "ration", name = "bucellatum ration", section = items,
     room = "praetorium",
     description = "Hard twice-baked bread. It will outlast the empire."),
    (id = "lamp", name = "clay oil lamp", section = items, room = "mansio",
     description = "A courier's lamp with a stamped maker's mark."),
    (id = "route-tally", name = "Maro's route tally", section = evidence,
     description = "A notched stick: every notch a ward-stone Maro found dark, the last one at the ford."),
    (id = "ford-mark", name = "mark of the ford", section = marks,
     description = "A burn of cold silver on your palm, left by the ward-wraith's passing."),
    (id = "livia-ward", name = "ward delegated by Livia", section = writs,
     description = "A knotted ward-cord: the keeper of the hearth lends you her right to kindle the village ward."),
    (id = "vicus-mark", name = "mark of the vicus", section = marks,
     description = "A chalk sign the villagers drew on your shield as they passed."),
    (id = "custody-tablet", name = "witnessed custody tablet", section = evidence,
     description = "Iunia's attestation, sealed at the altar: the standard is recovered into your custody before the gods and the cohort."),
    (id = "eagle-standard", name = "eagle-standard of the cohort",
     section = relics, room = "signal-tower",
     description = "The gilded eagle, its wings dulled by smoke but unbroken."),
  ],

  npcs = [
    (id = "maro", name = "Maro the courier", room = "mansio",
     greeting = "Maro looks up from the hearth. \"Bring me the legate's writ first, soldier. I don't talk routes with just anyone.\"",
     answer = "Maro spreads a muddy hand. \"Every ward-stone from the bend to the ford is dark. The thing at the ford is what drank them.\" He hands you his tally stick.",
     after = "Maro taps the tally. \"The ford, soldier. Everything starts at the ford.\"",
     chatter = [
       (keyword = "route", reply = "The river road, bend to ford: every stone dark. Ask me properly and I'll give you my tally."),
       (keyword = "wraith", reply = "Grey, cold, and it hates iron less than it hates fire. Aim high."),
       (keyword = "hello", reply = "Warm yourself, soldier. The road is no place tonight."),
       (keyword = "", reply = "Couriers hear everything and say half of it."),
     ]),
    (id = "livia", name = "Livia, keeper of the hearth", room = "shrine",
     greeting = "Livia keeps her eyes on the fire. \"Clear the ford first. I will not lend a ward to a road the dead still hold.\"",
     answer = "Livia knots a cord and presses it into your hand. \"I delegate my ward to you for the village. Kindle it at the well, and do not let it go out.\"",
     after = "Livia nods at the cord on your wrist. \"Kindle it where the people are.\"",
     chatter = [
       (keyword = "ward", reply = "A ward is a promise kept by fire. Mine can be lent, never sold."),
       (keyword = "hello", reply = "The flame greets you. So do I."),
       (keyword = "", reply = "Speak softly by the fire; it listens."),
     ]),
    (id = "iunia", name = "Iunia, priestess of the Sun", room = "temple",
     greeting = "Iunia bars the altar with her staff. \"The people first. I witness nothing while the village is still in danger.\"",
     answer = "Iunia lays her hand on the altar and speaks the oath. \"Before the Sun, I witness: the standard passes into your custody.\" She seals a tablet and gives it to you.",
     after = "Iunia smiles thinly. \"The oath is sworn. Go to the gate.\"",
     chatter = [
       (keyword = "witness", reply = "A witness swears to what is true, not to what is convenient."),
       (keyword = "hello", reply = "The Sun sees you, traveller."),
       (keyword = "", reply = "Ask at the altar, not in the doorway."),
     ]),
  ],

  mobs = [
    (id = "ward-wraith", name = "ward-wraith", room = "ford",
     description = "A knot of grey mist wearing the shape of a drowned soldier. Its head burns with cold light; its limbs trail into nothing.",
     health = 26, power = 6, kind = spirit,
     zones = [(name = "head", percent = 150, cap = 9),
              (name = "chest", percent = 100, cap = 8),
              (name = "limbs", percent = 60, cap = 4)],
     resists = [(kind = slash, percent = 50), (kind = pierce, percent = 50),
                (kind = blunt, percent = 75), (kind = fire, percent = 150)]),
  ],

  abilities = [
    (id = "strike", name = "gladius strike", kind = strike, damage = slash,
     power = 6, fatigue = 1),
    (id = "shield-bash", name = "shield bash", kind = skill, damage = blunt,
     power = 5, fatigue = 2),
    (id = "ember-lance", name = "ember lance", kind = spell, damage = fire,
     power = 6, fatigue = 3),
    (id = "ward-kindle", name = "ward kindling", kind = spell,
     damage = spirit, power = 0, fatigue = 4, needsItem = "livia-ward",
     room = "vicus"),
  ],

  beats = [
    (id = "writ", title = "take the legate's ward-writ", action = take,
     target = "ward-writ", room = "praetorium"),
    (id = "route", title = "gather route evidence from Maro", action = ask,
     target = "maro", room = "mansio", reward = "route-tally"),
    (id = "wraith", title = "defeat the ward-wraith at the ford",
     action = defeat, target = "ward-wraith", room = "ford",
     reward = "ford-mark"),
    (id = "delegate", title = "receive Livia's delegated ward", action = ask,
     target = "livia", room = "shrine", reward = "livia-ward"),
    (id = "kindle", title = "kindle the village ward", action = cast,
     target = "ward-kindle", room = "vicus"),
    (id = "shield", title = "raise a shield-wall over the survivors",
     action = guard, room = "vicus"),
    (id = "evacuate", title = "lead the survivors to the fort",
     action = evacuate, room = "vicus", reward = "vicus-mark"),
    (id = "witness", title = "have Iunia witness the custody",
     action = ask, target = "iunia", room = "temple",
     reward = "custody-tablet"),
    (id = "seal", title = "seal the north gate", action = seal,
     target = "gate", room = "porta"),
    (id = "standard", title = "recover the eagle-standard",
     action = take, target = "eagle-standard", room = "signal-tower"),
  ],

  completion = "You lift the eagle-standard from the cold beacon. Far below, the village ward burns steady and the gate holds. The cohort's honour is recovered: mission complete.",
);
