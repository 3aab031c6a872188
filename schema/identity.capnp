@0xb3a1c6e0f24d8a17;
# Identity: sessions (kernel objects), credentials, login, the authority
# broker, system information and audit. Every process belongs to exactly
# one session, fixed at spawn (inherited, or chosen by a launcher that
# holds that session's UserSession). Servers learn only an opaque
# per-service reference to the caller's session (lib/ring/ipc.h), never who
# the caller is.

using P = import "process.capnp";

enum Profile {
  system @0;
  # The boot session: init and the services it starts.
  anonymous @1;
  guest @2;
  operator @3;
}

interface SessionAuthority {
  # Kernel; only SessionManager holds it (manifest kernel source
  # sessionAuthority). Creates and ends sessions.
  create @0 (profile :Profile, principal :Text, lifetimeMs :UInt64)
      -> (session :UserSession);
  # lifetimeMs 0: no expiry. profile system is refused.
  end @1 (session :UserSession) -> ();
  # Ends it now: every call from its processes and on its session-scoped
  # capabilities fails with ERR_REVOKED from then on.
}

interface UserSession {
  # Kernel object naming one session. Holding it lets a launcher start
  # processes in it (ProcessSpawner.spawn's `session`).
  info @0 () -> (profile :Profile, principal :Text, live :Bool,
                 expiresNs :UInt64);
  # expiresNs: monotonic deadline, 0 = none. Works after the end (live =
  # false) so a holder can tell why its calls fail.
  waitEnd @1 () -> ();
  # Completes when the session ends (logout, expiry).

  const maxPrincipal :UInt32 = 63;
}

enum TransferScope {
  # How far a capability may travel (ring_xfer.scope on the RETURN or
  # spawn that hands it out; kept in the receiver's slot).
  shareable @0;
  # Anywhere; it then acts under the receiver's session.
  sameSession @1;
  # Only into processes of the session that received it.
  serviceRegrantOnly @2;
  # Only by processes of the system session (the broker/launcher path).
}

# ---- userspace services ----------------------------------------------------

struct CredentialRecord {
  # One account as CredentialStore keeps it; the format durable storage will
  # use (a later issue), so it is versioned and self-describing.
  version @0 :UInt16 = 1;
  user @1 :Text;
  principal @2 :Text;
  profile @3 :Profile;
  verifier @4 :Text;
  # libsodium's crypto_pwhash_str encoding: $argon2id$v=19$m=..,t=..,p=1$salt$hash
  # (the parameters travel with each record). Never a password.
  volatile @5 :Bool;
  # Made by `setup`; lost at reboot.
  createdNs @6 :UInt64;
}

interface CredentialStore {
  verify @0 (user :Text, password :Data) -> (ok :Bool, principal :Text,
                                             profile :Profile);
  # Constant-time verifier check. An unknown user costs the same work as a
  # wrong password (a dummy verifier is checked) and answers the same.
  create @1 (user :Text, password :Data, profile :Profile) -> ();
  # A volatile record (setup); ERR_EXISTS if the user exists.
  count @2 () -> (records :UInt32);

  const maxUser :UInt32 = 32;
  const maxPassword :UInt32 = 256;
}

struct Denial {
  message @0 :Text;
  # The same generic text for every authentication failure.
  delayMs @1 :UInt32;
  # How long from now further attempts are refused unchecked.
}

struct LoginOutcome {
  union {
    session @0 :UserSession;
    denied @1 :Denial;
  }
}

interface SessionManager {
  anonymous @0 () -> (session :UserSession);
  login @1 (user :Text, password :Data) -> (outcome :LoginOutcome);
  guest @2 () -> (session :UserSession);
  # Refused (CapException) unless the manifest allows a guest.
  logout @3 (session :UserSession) -> ();
}

interface LocalSetup {
  # Granted only to the shell on the local console: make a volatile
  # operator account, then log in through the same path.
  create @0 (user :Text, password :Data) -> (outcome :LoginOutcome);
}

struct NamedCap {
  name @0 :Text;
  interfaceName @1 :Text;
  cap @2 :Capability;
}

interface AuthorityBroker {
  bundle @0 (session :UserSession) -> (caps :List(NamedCap));
  # What a shell in this session holds: by profile (anonymous: systemInfo
  # only; operator: a restricted launcher, systemInfo, audit, services).
  # Every capability is scoped to the session and fails after it ends.
}

interface SystemInfo {
  motd @0 () -> (text :Text);
}

struct AuditEvent {
  seq @0 :UInt64;
  timeNs @1 :UInt64;
  event @2 :Text;
  # login, setup, logout, guest, launch, denial ...
  result @3 :Text;
  # success, denied
  reason @4 :Text;
  # stable reason code, e.g. bad-credentials, retry-too-soon, policy
  delayMs @5 :UInt32;
  # the delay scheduled after a failure
  detail @6 :Text;
  # never a password; never principal or profile on a denial
}

interface AuditLog {
  # Append side, for services.
  append @0 (event :AuditEvent) -> ();
  # seq and timeNs are set by the log.
}

interface AuditReader {
  # Read side, in the operator bundle.
  read @0 (from :UInt64, max :UInt32) -> (events :List(AuditEvent),
                                          next :UInt64);
}
