@0xd104da3dc3a7c290;
# Focused manifest for the Aurelian Frontier's refusals (issue 14): only
# adventure-server and the scenario process, which plays the mission
# without the "evacuate" beat (the server must refuse a later step, and
# no success marker may appear), falls to the ward-wraith (a downed
# player is refused actions), then sends hostile arguments. Booted by tests/qemu/test_adventure.py.

using M = import "../schema/manifest.capnp";

const manifest :M.SystemManifest = (
  schemaVersion = 1,
  binaries = [
    (name = "init"),
    (name = "adventure-server"),
    (name = "adventure-scenario"),
    (name = "adventure-content", module = "adventure.bin"),
  ],
  init = (
    binary = "init",
    grants = [
      (name = "timer", interfaceName = "Timer", source = (kernel = timer)),
    ],
  ),
  services = [
    (name = "adventure-server", binary = "adventure-server",
     grants = [
       (name = "console", interfaceName = "Console",
        source = (kernel = console)),
       (name = "content", interfaceName = "Blob",
        source = (blob = "adventure-content")),
     ],
     exports = [(name = "game", interfaceName = "Adventure")],
     restart = (never = void)),
    (name = "adventure-scenario", binary = "adventure-scenario",
     grants = [
       (name = "console", interfaceName = "Console",
        source = (kernel = console)),
       (name = "adventure", interfaceName = "Adventure",
        source = (service = (service = "adventure-server", export = "game"))),
     ],
     args = ["run=skip:evacuate", "run=downed", "run=hostile"],
     restart = (never = void)),
  ],
  kernel = (motd = "test-adventure-skip"),
);
