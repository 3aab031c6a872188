# capOS top-level Makefile. Everything is built under build/.
# Fragments in mk/ each own one part of the build; see mk/README.md.

BUILD      := build
Q          ?= @
SMP        ?= 2
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 5

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SECONDARY:
.SUFFIXES:

# Fragments may append to these: extra bench commands (each ending in ';'),
# their prerequisites, and NAME=LINUX_NAME ratio pairs.
BENCH_EXTRA :=
BENCH_DEPS :=
BENCH_RATIOS :=

include mk/common.mk
include mk/host.mk
include mk/fuzz.mk
include mk/kernel.mk
include mk/user.mk
-include mk/libc.mk
-include mk/sodium.mk
-include mk/svc.mk
include mk/iso.mk
-include mk/capnp.mk
-include mk/content.mk
include mk/qemu.mk

all: kernel user

# The two commands a fresh machine needs: both install what is missing first.
setup:
	$(Q)tools/setup

run: setup
	$(Q)$(MAKE) --no-print-directory run-now

test: setup
	$(Q)$(MAKE) --no-print-directory test-now

test-now: test-host fuzz-smoke test-qemu

clean:
	rm -rf $(BUILD)

.PHONY: all setup run test test-now clean
