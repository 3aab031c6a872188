@0xd2d6c4a152039bdf;
# Text in and out: the kernel log (Console), the user terminal
# (TerminalSession) and the byte streams a shell gives its children (StdIO).

interface Console {
  # The kernel log on the debug UART. Output is rate-limited per holder.
  write @0 (data :Data) -> ();
  writeLine @1 (text :Text) -> ();
}

enum EchoMode {
  visible @0;
  hidden @1;
  # Echo nothing (passwords).
  masked @2;
  # Echo '*' per character.
}

struct ReadLine {
  # The outcome of a bounded line read. `text` is the line as edited so far
  # (no newline) and `cursor` the byte offset of the cursor in it, so a
  # shell can complete on Tab or recall history on Up/Down and resume.
  text @0 :Text;
  cursor @1 :UInt32;
  end @2 :End;

  enum End {
    enter @0;
    tab @1;
    up @2;
    down @3;
    cancelled @4;
    # Ctrl-C, or a cancel() call.
    eof @5;
    tooLong @6;
    # The line reached maxBytes; text holds what fit.
  }
}

interface TerminalSession {
  # A UART as a terminal: line editing, echo, a single move-only holder.
  write @0 (data :Data) -> ();
  readLine @1 (initial :Text, cursor :UInt32, maxBytes :UInt32, echo :EchoMode)
      -> (line :ReadLine);
  # Edit a line starting from `initial` with the cursor at `cursor`;
  # maxBytes at most maxLineBytes.
  const maxLineBytes :UInt32 = 1024;
  cancel @2 () -> ();
  # End a pending readLine with `cancelled`.
  windowSize @3 () -> (columns :UInt16, rows :UInt16);
  interrupt @4 () -> ();
  # Completes at the next Ctrl-C typed while no readLine is pending (a
  # shell waits on it while a child runs). One at a time.
}

interface Terminal {
  # The terminal UART itself, held by init only: it hands out the one
  # TerminalSession. Sessions are move-only; when the holder of a session
  # ends (or releases it), open() can hand out a new one (a restarted shell).
  open @0 () -> (session :TerminalSession);
  # ERR_BUSY while a session is held.
}

interface StdIO {
  # The standard streams of a child, served by whoever started it.
  write @0 (data :Data) -> (written :UInt32);
  read @1 (maxBytes :UInt32) -> (data :Data, eof :Bool);
  # At most maxBytes. No data with eof set: end of input; no data with eof
  # clear: the read was cancelled (Ctrl-C), which musl reports as EINTR.
  readLine @2 (maxBytes :UInt32, echo :EchoMode) -> (line :ReadLine);
  cancel @3 () -> ();
  windowSize @4 () -> (columns :UInt16, rows :UInt16);
}
