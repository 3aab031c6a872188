"""The Aurelian Frontier (issue 14): adventure-server holds every
expedition, keyed by caller session; the scenario process plays the whole
mission through typed calls and prints its success marker only when the
server reports the mission complete; a run that skips a beat is refused
and prints none; a downed player is refused; `leave` deletes the state.
Interactive: a person at the shell logs in, runs adventure-client, moves,
takes, lists the inventory, speaks in the room's chat channel, exits and
resumes."""

import re
import time

from harness import COM1, COM2, boot, case, check, seen, setup_account

T = 60
LT = 60  # Argon2id under TCG
MARKER = "adventure-scenario: mission complete"




# ---------------------------------------------------------------------------
# The refusals: a run without the "evacuate" beat, then a downed player.

boot("adventure_refusals", manifest="system/test-adventure-skip.capnp",
     timeout=120)


@case("skipped_beat_is_refused_without_marker", "adventure_refusals")
def refusals_skip(m):
    seen(m, r"adventure-server: serving .* \(9 rooms, 10 beats")
    seen(m, r"adventure-scenario: ask iunia refused \(outOfOrder\): Not yet: "
            r"\"lead the survivors to the fort\" must come before")
    seen(m, r"adventure-scenario: run stopped at step \d+ \(6/10 beats\)")
    seen(m, r"adventure-scenario: the server does not report the mission complete")


@case("downed_player_is_refused", "adventure_refusals")
def refusals_downed(m):
    seen(m, r"adventure-scenario: downed: yes \(health 0\)")
    seen(m, r"adventure-scenario: downed go north: downed")


@case("hostile_arguments_are_refused", "adventure_refusals")
def refusals_hostile(m):
    seen(m, r"adventure-scenario: hostile: 30 of 30 refused by name, "
            r"server still answers")


@case("leave_cleans_up_and_no_marker", "adventure_refusals")
def refusals_leave(m):
    seen(m, r"I init: adventure-scenario exited with code 1")
    text = m.transcript(COM1)
    check(len(re.findall(r"after leave, status is refused: no expedition",
                         text)) == 3, "leave did not clean up after every run")
    check(MARKER not in text, "a run that skipped a beat printed the marker")


# ---------------------------------------------------------------------------
# The whole system: the scenario completes the mission while a person plays.

boot("adventure_system", manifest="system/test-adventure.capnp", timeout=240)


@case("scenario_completes_the_mission", "adventure_system")
def system_scenario(m):
    seen(m, r"adventure-scenario: 10/10 beats, standard among relics: yes")
    seen(m, MARKER)
    seen(m, r"adventure-scenario: after leave, status is refused: no expedition")
    seen(m, r"I init: adventure-scenario exited with code 0")


RUN = ('run "adventure-client" with { stdio: client @stdio, '
       'adventure: client @adventure, chat: client @chat }')


def play(m, line, *patterns, prompt=r"\[frontier[:a-z-]*\]> $"):
    """Type a line at the client's prompt; expect patterns, then the prompt."""
    m.send(COM2, line + "\r")
    found = [m.expect(COM2, p, T) for p in patterns]
    m.expect(COM2, prompt, T)
    return found


@case("person_plays_exits_and_resumes", "adventure_system")
def system_interactive(m):
    setup_account(m, COM2, "livia", "hearth and ward", T, LT)
    m.send(COM2, RUN + "\r")
    m.expect(COM2, r"== Aurelian Frontier: The Silent Beacon ==\n", T)
    m.expect(COM2, r"== Praetorium ==\n", T)
    m.expect(COM2, r"\[frontier:praetorium\]> $", T)
    play(m, "take ration", r"Taken: bucellatum ration\.")
    play(m, "take eagle-standard", r"\(refused\) There is no such thing here\.")
    play(m, "go south", r"== Parade Court ==\n", r"Exits: north east west south\n")
    play(m, "east", r"== Road-house of the Couriers ==\n",
         r"Here: Maro the courier \(ask maro\)\.\n")
    play(m, "take lamp", r"Taken: clay oil lamp\.")
    play(m, "inventory", r"Items: bucellatum ration, clay oil lamp\n",
         r"Writs: \(none\)\n", r"Relics: \(none\)\n", r"Marks: \(none\)\n",
         r"Evidence: \(none\)\n")
    play(m, "say hello", r"\[chat #r-mansio\] <member-\d+> hello\n",
         r"\[chat #r-mansio\] <member-\d+> Maro the courier: Warm yourself")
    play(m, "ask maro", r"\(refused\) Not yet: \"take the legate's ward-writ\" must come "
                        r"before \"gather route evidence from Maro\"")
    play(m, "exit", r"You step away from the frontier", prompt=r"capos> $")
    # A second run starts at a fresh view; the expedition waits for resume.
    m.send(COM2, RUN + "\r")
    m.expect(COM2, r"An expedition of yours is under way\. `resume` returns", T)
    m.expect(COM2, r"\[frontier\]> $", T)
    play(m, "look", r"`resume` it, or `new` to start over")
    play(m, "resume", r"== Road-house of the Couriers ==\n")
    play(m, "inventory", r"Items: bucellatum ration, clay oil lamp\n")
    play(m, "status", r"Standing at Road-house of the Couriers\. Health 24/24",
         r"Mission: 0/10 done; next: take the legate's ward-writ\.\n")
    play(m, "leave", r"Your expedition is over and its state is gone\.\n")
    play(m, "look", r"No expedition under way")
    play(m, "exit", r"You step away from the frontier", prompt=r"capos> $")
    m.send(COM2, RUN + "\r")
    m.expect(COM2, r"== Praetorium ==\n", T)
    play(m, "inventory", r"Items: \(none\)\n")
    play(m, "exit", r"You step away", prompt=r"capos> $")


WALK = [
    "take ward-writ", "south", "east", "ask maro", "west", "south",
    "cast ember-lance ward-wraith head", "cast ember-lance ward-wraith head",
    "use shield-bash ward-wraith chest", "attack ward-wraith head", "guard",
    "cast ember-lance ward-wraith chest", "rest", "north", "west",
    "ask livia", "east", "south", "south", "cast ward-kindle", "guard",
    "evacuate", "east", "ask iunia", "west", "south", "seal gate", "south",
]


@case("person_finishes_the_mission", "adventure_system")
def system_person_finishes(m):
    m.send(COM2, RUN + "\r")
    m.expect(COM2, r"An expedition of yours is under way", T)
    m.expect(COM2, r"\[frontier\]> $", T)
    play(m, "new", r"== Praetorium ==\n")
    for line in WALK:
        play(m, line)
    walked = m.transcript(COM2).rsplit("> new\n", 1)[-1]
    check("(refused)" not in walked, "a step of the walk was refused")
    play(m, "take eagle-standard", r"\[mission 10/10\] recover the eagle-standard: done\.\n",
         r"mission complete\.\n")
    play(m, "inventory", r"Relics: eagle-standard of the cohort\n",
         r"Marks: mark of the ford, mark of the vicus\n",
         r"Evidence: Maro's route tally, witnessed custody tablet\n")
    play(m, "status", r"Mission: complete \(10/10\)\.\n")
    play(m, "leave", r"Your expedition is over")
    play(m, "exit", r"You step away", prompt=r"capos> $")
