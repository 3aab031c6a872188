"""Paperclips (issue 15): paperclips-server holds every player's game
and paperclips-client renders it, driven on COM2 like a person: an
operator sets up an account, runs the client with the game the broker
put in the bundle, and plays. Every refusal the issue names is shown
(bulk make, zero-count and locked purchases, no funds, no wire, the sale
cooldown, a price with zero demand), `status --json`, fast-forward
refused under normal authority and with forged accelerators, and, with
the proof manifest's accelerator, the phase transitions to the end.

The server's ticks are paused in the normal manifest (args ticks=paused),
so the cooldown after a sale lasts until a tick that never comes; the
proof manifest has live ticks, once a second as under `make run`."""

import re
import time

from harness import COM1, COM2, boot, case, check, setup_account

T = 60
LT = 60  # Argon2id at the default 64 MiB takes about a second under TCG
RUN_CLIENT = ('run "paperclips-client" with { stdio: client @stdio, '
              'paperclips: client @paperclips')
PROMPT = r"paperclips> $"


def setup_operator(m):
    setup_account(m, COM2, "ada", "correct horse", T, LT)


def start_client(m, extra=""):
    m.send(COM2, RUN_CLIENT + extra + " }\r")
    m.expect(COM2, r"Paperclips: make clips, sell them, automate\.", T)
    m.expect(COM2, PROMPT, T)


def pc(m, line, *patterns, timeout=T):
    """One client command: each pattern in order, then the prompt. The
    text between the command and the next prompt is returned."""
    time.sleep(0.05)
    m.send(COM2, line + "\r")
    for p in patterns:
        m.expect(COM2, p, timeout)
    m.expect(COM2, PROMPT, timeout)
    return m.transcript(COM2).rsplit("paperclips> ", 2)[-2]


def leave_client(m):
    m.send(COM2, "exit\r")
    m.expect(COM2, r"paperclips: bye", T)
    m.expect(COM2, r"capos> $", T)


boot("paperclips", manifest="system/test-paperclips.capnp", timeout=300)


@case("server_starts", "paperclips")
def server_starts(m):
    m.expect(COM1, r"paperclips-server: serving \"Paperclips: a clean-room "
             r"clip works\" \(14 projects\), ticks paused", T)
    setup_operator(m)


@case("help_status_projects", "paperclips")
def help_status_projects(m):
    start_client(m)
    pc(m, "help", r"commands:\n", r"  make +make one clip by hand",
       r"  status --json +the same as one JSON line",
       r"  run <ticks> +fast-forward")
    pc(m, "status", r"tick 0, business phase\n",
       r"clips made 0, in stock 0; funds \$5\.00\n",
       r"price \$0\.25 a clip, demand 40 a sale \(sale ready\)\n",
       r"  wire +60 +next: \$15\.00\n", r"  drone +0 +next: locked\n")
    pc(m, "projects", r"\[locked\] spool-splicer +Spool splicer",
       r"\[locked\] final-conversion +Final conversion")


@case("make_and_repeat", "paperclips")
def make_and_repeat(m):
    pc(m, "make", r"made 1 clip \(stock 1, wire 59\)\n")
    pc(m, "", r"made 1 clip \(stock 2, wire 58\)\n")  # blank: again
    pc(m, "make 100", r"make: one clip at a time by hand")


@case("purchase_refusals", "paperclips")
def purchase_refusals(m):
    pc(m, "buy wire 0", r"buy: the count must be at least 1\n")
    pc(m, "buy autoclipper 0", r"buy: the count must be at least 1\n")
    pc(m, "buy drone", r"buy drone: locked \(needs project ore-mapping\)\n")
    pc(m, "buy autoclipper",
       r"buy autoclipper: locked \(needs 25 clips made\)\n")
    pc(m, "buy wire", r"buy wire: not enough funds: costs \$15\.00, you "
       r"have \$5\.00\n")
    pc(m, "project final-conversion", r"project final-conversion: locked "
       r"\(needs project seed-launch, all cosmic matter converted\)\n")
    pc(m, "buy gold", r"usage: buy wire\|autoclipper")


@case("sale_cooldown_and_price", "paperclips")
def sale_cooldown_and_price(m):
    pc(m, "sell 0", r"sell: the count must be at least 1\n")
    pc(m, "sell 1", r"sold 1 clips at \$0\.25 for \$0\.25 \(stock 1\)\n")
    pc(m, "sell 1", r"sell: cooldown: the market is still taking your last "
       r"sale; wait for the next tick\n")
    pc(m, "price 5000", r"price: nobody would buy at \$50\.00 a clip "
       r"\(zero demand\): price unchanged\n")
    pc(m, "price 30", r"price set to \$0\.30 \(demand 33 clips a sale\)\n")


@case("no_wire", "paperclips")
def no_wire(m):
    for left in range(57, -1, -1):
        pc(m, "" if left < 57 else "make",
           rf"made 1 clip \(stock \d+, wire {left}\)\n")
    pc(m, "make", r"make: no wire left: buy wire first\n")


@case("status_json", "paperclips")
def status_json(m):
    text = pc(m, "status --json", r"\}\n")
    line = text.split("\n", 1)[1].rstrip("\n")
    check(re.fullmatch(r'\{"tick":0,"phase":"business","clipsMade":60,'
                       r'"stock":59,"funds":525,"wire":0,"price":30,'
                       r'"demand":33,[^\n]*"saleReady":false,'
                       r'"finished":false\}', line),
          f"status --json is not one compact line: {line!r}")


@case("fast_forward_refused", "paperclips")
def fast_forward_refused(m):
    pc(m, "run 100", r"run: refused: fast-forward needs the proof "
       r"accelerator\n")
    leave_client(m)


FORGED = (r"run: refused: the capability given as the proof accelerator is "
          r"not this server's accelerator \(forged grant\)\n")


@case("forged_accelerator_refused", "paperclips")
def forged_accelerator_refused(m):
    start_client(m, ", accelerator: @timer")
    pc(m, "run 100", FORGED)
    pc(m, "status", r"tick 0, business phase\n",
       r"clips made 60, in stock 59")  # the same game, nothing ran
    leave_client(m)
    # A genuine capability of the same server, but not its accelerator.
    start_client(m, ", accelerator: client @paperclips")
    pc(m, "run 100", FORGED)
    leave_client(m)
    # An accelerator of the player's own making: a wrong answer carrying
    # capabilities the server must not keep, 100 times over.
    m.send(COM2, 'run "pc-forge" with { stdio: @stdio, paperclips: client '
                 '@paperclips, endpoints: @endpoints }\r')
    m.expect(COM2, r"pc-forge: 100 forged proofs with 3 extra capabilities "
                   r"each refused \.\.\. ok\n", T)
    m.expect(COM2, r"pc-forge: server_still_answers \.\.\. ok\n", T)
    m.expect(COM2, r"capos> $", T)


boot("paperclips_proof", manifest="system/test-paperclips-proof.capnp",
     timeout=600)


@case("live_ticks", "paperclips_proof")
def live_ticks(m):
    setup_operator(m)
    start_client(m, ", accelerator: client @accelerator")
    for _ in range(120):
        text = pc(m, "status", r"tick \d+, business phase\n")
        if not re.search(r"tick 0,", text):
            break
        time.sleep(0.5)
    check(not re.search(r"tick 0,", text), "the server never ticked")


@case("accelerated_phases", "paperclips_proof")
def accelerated_phases(m):
    pc(m, "run 0", r"run: between 1 and 100000 ticks\n")
    pc(m, "run 100001", r"run: between 1 and 100000 ticks\n")
    pc(m, "run 3000", r"== autonomous phase ==\n",
       r"ran 3000 ticks with the autopilot: tick \d+, autonomous phase",
       timeout=300)
    pc(m, "sell 1", r"sell: there is no market after the business phase")
    pc(m, "run 5000", r"== cosmic phase ==\n",
       r"ran 5000 ticks with the autopilot: tick \d+, cosmic phase",
       timeout=300)
    pc(m, "projects", r"\[done  \] seed-launch",
       r"\[locked\] final-conversion")
    pc(m, "project final-conversion", r"project final-conversion: locked "
       r"\(needs all cosmic matter converted\)\n")
    text = pc(m, "run 100000", r"== the end: the last of the cosmic matter "
              r"is clips ==\n", r"ran \d+ ticks with the autopilot",
              timeout=300)
    ticks = int(re.search(r"tick (\d+), cosmic phase", text).group(1))
    check(3600 < ticks <= 20000, f"finished at tick {ticks}")
    pc(m, "status --json", r'"cosmicMatter":0,[^\n]*"finished":true\}\n')
    pc(m, "make", r"the game is over")
    leave_client(m)
