@0xcef290d8d673b907;
# The boot manifest: what runs, with which authority. Written as a typed
# constant in system/*.capnp, compiled with `capnp eval -b` to manifest.bin,
# checked at build time by build/tools/manifest-check and again at boot by
# init, both with lib/manifest (the same code).
#
# The kernel starts only init, with Console, BootPackage, ProcessSpawner and
# the grants of `init`; init starts `services` in dependency order. Every
# capability a service holds comes from one of its grants: a kernel source,
# a Blob of a boot module, or an export of another service (a client facet
# of an endpoint that service serves). Grants name the interface they expect
# (an interface name from schema/, e.g. "Console"); the validator checks it
# against what the source gives. A `terminal` source gives init the Terminal
# device and services a TerminalSession (opened by init, moved in).

using P = import "process.capnp";

struct SystemManifest {
  schemaVersion @0 :UInt32;
  # Must equal `version`.
  binaries @1 :List(Binary);
  init @2 :InitConfig;
  services @3 :List(Service);
  kernel @4 :KernelParams;

  const version :UInt32 = 1;
  const maxBinaries :UInt32 = 128;
  const maxServices :UInt32 = 64;
  const maxGrants :UInt32 = 64;
  # Per service (and for init); also bounds exports and args.
  const maxName :UInt32 = 63;
  # Bytes in any name.
  const maxMotd :UInt32 = 2048;
  # It travels in the shell's argument page (4 KiB with all other args).
  const maxRestarts :UInt32 = 1000;
  const maxBackoffMs :UInt32 = 3600000;
}

struct Binary {
  name @0 :Text;
  # How init, services and blob grants name it.
  module @1 :Text;
  # The file the build boots it from (under build/user or build/system);
  # empty: build/user/<name>.elf. The boot module itself is named `name`.
  needs @2 :List(CapNeed);
  # What it must be granted when launched through init's Launcher; a launch
  # without one of these is refused, naming it.
}

struct CapNeed {
  name @0 :Text;
  interfaceName @1 :Text;
}

struct InitConfig {
  binary @0 :Text;
  grants @1 :List(Grant);
  # Kernel sources and blobs only: no service runs before init.
  limits @2 :P.ProcessLimits;
  launchable @3 :List(Text);
  # Binaries init's Launcher may start. Services import the launcher as
  # (service = "init", export = "launcher").
}

struct Service {
  name @0 :Text;
  binary @1 :Text;
  grants @2 :List(Grant);
  exports @3 :List(Export);
  restart @4 :RestartPolicy;
  limits @5 :P.ProcessLimits;
  args @6 :List(Text);
  # "${motd}" in an arg is replaced by kernel.motd (e.g. "motd=${motd}").
}

struct Grant {
  name @0 :Text;
  # The name in the child's CapSet.
  interfaceName @1 :Text;
  # The interface the child expects, e.g. "Console".
  source :union {
    kernel @2 :KernelSource;
    blob @3 :Text;
    # A read-only Blob of the binary (boot module) of this name.
    service @4 :ServiceRef;
  }
}

enum KernelSource {
  console @0;
  terminal @1;
  timer @2;
  virtualMemory @3;
  frameAllocator @4;
  bootPackage @5;
  # Init only.
  processSpawner @6;
  threadSpawner @7;
  threadControl @8;
  parkSpace @9;
  entropy @10;
  kernelDiag @11;
  # Only with kernel.diagnostics.
  endpointFactory @12;
  terminal2 @13;
  # A second terminal UART (kernel.terminal2Port); test manifests.
  sessionAuthority @14;
  # Creates and ends sessions: SessionManager's alone.
}

struct ServiceRef {
  service @0 :Text;
  export @1 :Text;
}

struct Export {
  # An endpoint the service serves; importers get its client facet.
  name @0 :Text;
  interfaceName @1 :Text;
}

struct RestartPolicy {
  union {
    never @0 :Void;
    onFailure @1 :Backoff;
    always @2 :Backoff;
  }
}

struct Backoff {
  maxRestarts @0 :UInt32;
  initialMs @1 :UInt32 = 100;
  maxMs @2 :UInt32 = 10000;
  # The delay doubles from initialMs up to maxMs.
}

struct KernelParams {
  motd @0 :Text;
  # Shown by the shell.
  terminalPort @1 :UInt16 = 0x2f8;
  # I/O port of the terminal UART (COM2).
  diagnostics @2 :Bool;
  # Allow KernelDiag grants (test manifests).
  terminalIrq @3 :UInt8 = 3;
  terminal2Port @4 :UInt16;
  # 0: no second terminal.
  terminal2Irq @5 :UInt8 = 5;
}
