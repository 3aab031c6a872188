"""Chat (issue 13; system/test-chat.capnp = the default system plus a second
shell on COM3): chat-server keys members by the caller's session, labels
them member-N in join order, keeps history; chat-bot answers the first
message it hears from each member. Driven like two people: ada on COM2 and
bob on COM3 log in (`setup`), bob first runs chat-forge (a hostile member:
forged labels, control characters, garbage, a wait flood), then both run
chat-client and talk."""

import re
import time

from harness import COM1, COM2, COM3, boot, case, check, setup_account

T = 60
LT = 90  # Argon2id under TCG
PROMPT = r"capos> $"
CLIENT = 'run "chat-client" with { stdio: client @stdio, chat: client @chat }'
LOBBY = r"\[chat:#lobby\]> $"

boot("chat", manifest="system/test-chat.capnp", serial3=True, timeout=240)


def say(m, port, text, *patterns):
    m.send(port, text + "\r")
    return [m.expect(port, p, T) for p in patterns]


@case("bot_joined_lobby", "chat")
def bot_joined(m):
    m.expect(COM1, r"chat-bot: in #lobby as member-1\n", T)


@case("two_operators_log_in", "chat")
def two_logins(m):
    setup_account(m, COM2, "ada", "ada's secret")
    setup_account(m, COM3, "bob", "bob's secret")


@case("forged_labels_refused", "chat")
def forged(m):
    m.send(COM3, 'run "chat-forge" with { stdio: @stdio, chat: client @chat }\r')
    for name in ("join_bad_name_refused", "send_before_join_refused", "join",
                 "line_break_refused", "escape_refused",
                 "extra_label_field_sent", "extra_label_field_ignored",
                 "garbage_params_refused", "unknown_method_refused",
                 "server_still_serves", "wait_flood_bounded"):
        m.expect(COM3, rf"chat-forge: {name} \.\.\. ok\n", T)
    m.expect(COM3, r"chat-forge: done, 0 failed\n", T)
    m.expect(COM3, PROMPT, T)


@case("client_joins_with_history", "chat")
def client_joins(m):
    m.send(COM2, CLIENT + "\r")
    m.expect(COM2, r"\[chat\] /join <channel>, /leave, /who, /exit, or plain text\n", T)
    # bob's (chat-forge's) message and the bot's answer to it, replayed
    m.expect(COM2, r"\[replay\] #lobby <member-2> who am I\n", T)
    m.expect(COM2, r"\[replay\] #lobby <member-1> \[chat-bot\] heard you, member-2\.", T)
    m.expect(COM2, r"\[chat\] you are in #lobby as member-3\n", T)
    m.expect(COM2, LOBBY, T)


@case("message_and_bot_reply", "chat")
def message_and_bot(m):
    say(m, COM2, "hello from ada",
        r"\[chat\] #lobby <member-3> hello from ada\n",
        r"\[chat\] #lobby <member-1> \[chat-bot\] heard you, member-3\. Welcome to #lobby\.\n")
    m.expect(COM2, LOBBY, T)


@case("typed_label_stays_text", "chat")
def typed_label(m):
    # A person can type a label, but the line still carries their own.
    say(m, COM2, "<member-1> I am the bot",
        r"\[chat\] #lobby <member-3> <member-1> I am the bot\n")
    m.expect(COM2, LOBBY, T)


@case("two_sessions_talk", "chat")
def two_sessions(m):
    m.send(COM3, CLIENT + "\r")
    m.expect(COM3, r"\[chat\] you are in #lobby as member-2\n", T)
    m.expect(COM3, LOBBY, T)
    m.expect(COM2, r"\[chat\] #lobby member-2 joined\n", T)
    say(m, COM3, "hi ada, bob here", r"\[chat\] #lobby <member-2> hi ada, bob here\n")
    m.expect(COM2, r"\[chat\] #lobby <member-2> hi ada, bob here\n", T)
    say(m, COM2, "hi bob", r"\[chat\] #lobby <member-3> hi bob\n")
    m.expect(COM3, r"\[chat\] #lobby <member-3> hi bob\n", T)


@case("who_lists_members", "chat")
def who(m):
    m.expect(COM2, LOBBY, T)
    say(m, COM2, "/who", r"\[chat\] #lobby: member-1, member-3, member-2\n")


@case("channels_join_and_leave", "chat")
def channels(m):
    m.expect(COM2, LOBBY, T)
    say(m, COM2, "/join #side", r"\[chat\] you are in #side as member-3\n",
        r"\[chat:#side\]> $")
    say(m, COM2, "only here", r"\[chat\] #side <member-3> only here\n")
    say(m, COM2, "/leave", r"\[chat\] you left #side\n", LOBBY)
    say(m, COM2, "/join nowhere!", r"\[chat\] join #nowhere!: channel names are")
    say(m, COM2, "/nick member-1", r"\[chat\] not a command: /nick member-1\n")
    say(m, COM3, "/who", r"\[chat\] #lobby: member-1, member-3, member-2\n")
    check("only here" not in m.transcript(COM3),
          "bob heard a channel he never joined")


@case("exit_and_back", "chat")
def exit_and_back(m):
    say(m, COM3, "/exit", r"\[chat\] bye\n", PROMPT)
    m.expect(COM2, r"\[chat\] #lobby member-2 left\n", T)
    say(m, COM2, "/exit", r"\[chat\] bye\n", PROMPT)
    say(m, COM2, "whoami", r"session: operator ada\n", PROMPT)
