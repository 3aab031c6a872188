# musl, from Debian's source package, as the C library of capOS programs
# (issue 7; docs/programming.md explains the result to program authors).
#
#   .cache/debsrc/musl/tree   the pinned source, fetched once by tools/debsrc
#                             (apt-get source, .dsc checked), never edited;
#                             survives `make clean`
#   build/musl/src            a copy plus our ARCH x86_64_capos
#                             (user/libc/port/mkarch adds files only)
#   build/musl/install        libc.a (static only) and headers, built with
#                             MUSL_CFLAGS; checked to hold no `syscall`
#   build/libc/libcapos.a     the POSIX translation layer (user/libc/),
#                             user/rt and lib/, compiled against musl
#   build/user/libc_*.elf     each user/tests/libc_*.c, linked as
#                             crt/start + program + libcapos.a + libc.a
#   build/host/libc_test-linux  the same test program built for Linux
#                             (glibc); tests/qemu/test_libc.py compares
#
# mk/user.mk's wildcard also lists user/tests/libc_*.c; the static
# pattern rule below is more specific than its pattern rule, so ours wins.

MUSL_PIN         := 1.2.3-1
MUSL_ORIG_SHA256 := 7d5b0b6062521e4627e099e4c9dc8248d32a30285e959b7eecaa780cf8cfd4a4
DEBSRC_CACHE     := .cache/debsrc
MUSL_TREE        := $(DEBSRC_CACHE)/musl/tree
MUSL_DIR         := $(BUILD)/musl
MUSL_PREFIX      := $(MUSL_DIR)/install
MUSL_LIBC        := $(MUSL_PREFIX)/lib/libc.a
MUSL_INC         := $(MUSL_PREFIX)/include
MUSL_PORT        := $(shell find user/libc/port -type f 2>/dev/null | sort)
# No stack protector: the translation layer calls musl's string functions
# before TLS (and so the canary at %fs:0x28) exists.
MUSL_CFLAGS      := -O2 -g -fno-stack-protector
MUSL_JOBS        ?= $(shell nproc)

# The generated stubs the layer includes (capnp.mk is read after us).
LIBC_GEN_H := $(patsubst schema/%.capnp,$(BUILD)/gen/capos/%.h,$(wildcard schema/*.capnp)) \
              $(BUILD)/gen/capos/err.h

LIBC_CC     := gcc
LIBC_CFLAGS := -std=gnu11 -O2 -g $(WARN) -D__capos__ -fno-pic -fno-pie \
               -fno-stack-protector -fno-omit-frame-pointer \
               -ffunction-sections -fdata-sections \
               -nostdinc -isystem $(MUSL_INC) -isystem $(GCC_INCLUDE) \
               -I. -I$(BUILD)/gen
LIBC_LDFLAGS := -nostdlib -nostartfiles -static -no-pie \
                -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack \
                -Wl,-z,separate-code -Wl,--build-id=none -Wl,--gc-sections

LIBC_LAYER_SRCS := $(sort $(wildcard user/libc/*.c user/libc/*.S))
# user/rt without its entry point (crt/start.S replaces crt0.S)
LIBC_RT_SRCS    := $(filter-out user/rt/crt0.S,$(URT_SRCS)) $(LIB_SRCS)
LIBC_OBJ        := $(BUILD)/libc/obj
LIBC_CAPOS_OBJS := $(patsubst %,$(LIBC_OBJ)/%.o,$(LIBC_LAYER_SRCS) $(LIBC_RT_SRCS))
LIBC_CRT        := $(LIBC_OBJ)/user/libc/crt/start.S.o $(LIBC_OBJ)/user/libc/crt/start.c.o
LIBC_CAPOS      := $(BUILD)/libc/libcapos.a
LIBC_PROGS      := $(patsubst user/tests/%.c,$(BUILD)/user/%.elf,$(sort $(wildcard user/tests/libc_*.c)))
LIBC_LINUX_TEST := $(BUILD)/host/libc_test-linux

USER_PROGS := $(sort $(USER_PROGS) $(LIBC_PROGS))

# ---- musl ------------------------------------------------------------------

# Re-run after `make clean` too: with the cache present it needs no network.
$(MUSL_DIR)/fetched-$(MUSL_PIN): tools/debsrc
	$(call say,DEBSRC,musl $(MUSL_PIN))
	$(Q)tools/debsrc --cache $(DEBSRC_CACHE) --orig-sha256 $(MUSL_ORIG_SHA256) \
	    musl $(MUSL_PIN) >/dev/null
	$(Q)mkdir -p $(@D) && touch $@

# Rewritten only when the pin or the flags change, so that editing this
# file does not rebuild musl.
$(MUSL_DIR)/config: libc-always
	$(Q)mkdir -p $(@D)
	$(Q)echo '$(MUSL_PIN) $(MUSL_CFLAGS)' | cmp -s - $@ 2>/dev/null || \
	    echo '$(MUSL_PIN) $(MUSL_CFLAGS)' > $@

# configure knows only upstream ARCHes: configure as x86_64, then switch.
$(MUSL_LIBC): $(MUSL_DIR)/fetched-$(MUSL_PIN) $(MUSL_DIR)/config $(MUSL_PORT)
	$(call say,MUSL,$(MUSL_DIR) (log in $(MUSL_DIR)/obj/build.log))
	$(Q)rm -rf $(MUSL_DIR)/src $(MUSL_DIR)/obj $(MUSL_PREFIX)
	$(Q)user/libc/port/mkarch $(MUSL_TREE) $(MUSL_DIR)/src
	$(Q)mkdir -p $(MUSL_DIR)/obj && cd $(MUSL_DIR)/obj && \
	    CC=gcc AR=ar RANLIB=ranlib CFLAGS="$(MUSL_CFLAGS)" ../src/configure \
	    --target=x86_64-linux-musl --disable-shared \
	    --prefix=$(abspath $(MUSL_PREFIX)) >configure.log 2>&1 || \
	    { tail -20 configure.log; exit 1; }
	$(Q)sed -i 's/^ARCH = x86_64$$/ARCH = x86_64_capos/' $(MUSL_DIR)/obj/config.mak
	$(Q)grep -q '^ARCH = x86_64_capos$$' $(MUSL_DIR)/obj/config.mak
	$(Q)cd $(MUSL_DIR)/obj && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	    make -j$(MUSL_JOBS) install-libs install-headers >build.log 2>&1 || \
	    { tail -30 build.log; exit 1; }
	$(Q)if objdump -d $@ | grep -qP '\tsyscall\s*$$'; then \
	    echo "musl: libc.a still runs syscall itself: the port missed a file"; \
	    exit 1; fi
	$(Q)touch $@

musl: $(MUSL_LIBC)

# ---- libcapos: the translation layer, user/rt and lib/ ---------------------

$(LIBC_OBJ)/%.c.o: %.c | $(MUSL_LIBC) $(LIBC_GEN_H)
	$(call say,LIBCC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(LIBC_CC) $(LIBC_CFLAGS) -MMD -MP -c $< -o $@

$(LIBC_OBJ)/%.S.o: %.S
	$(call say,LIBAS,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(LIBC_CC) -D__ASSEMBLER__ -I. -c $< -o $@

$(LIBC_CAPOS): $(LIBC_CAPOS_OBJS)
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

# The group: musl calls __capos_syscall, which calls musl's memcpy.
$(LIBC_PROGS): $(BUILD)/user/%.elf: $(LIBC_OBJ)/user/tests/%.c.o $(LIBC_CRT) \
		$(LIBC_CAPOS) $(MUSL_LIBC)
	$(call say,LIBCLD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(LIBC_CC) $(LIBC_LDFLAGS) -o $@ $(LIBC_CRT) $< -Wl,--start-group \
	    $(LIBC_CAPOS) $(MUSL_LIBC) -lgcc -Wl,--end-group

libc: $(LIBC_PROGS) $(LIBC_LINUX_TEST)

# ---- the Linux twin of the test program, and host tests ------------------

$(LIBC_LINUX_TEST): user/tests/libc_test.c $(wildcard user/tests/libc_*.h)
	$(call say,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) -std=gnu11 -O2 $(WARN) -I. -o $@ $< -lm

test-qemu: $(LIBC_LINUX_TEST)

HOST_TEST_EXTRA_posix_check := user/libc/posix_check.c
$(BUILD)/host/tests/test_posix_check: user/libc/posix_check.c user/libc/posix_check.h

# ---- bench -----------------------------------------------------------------

BENCH_DEPS += $(BUILD)/user/libc_bench.elf
BENCH_EXTRA += $(PYTHON) tools/bench-user $(KERNEL_ELF) $(BUILD)/user/libc_bench.elf;
BENCH_RATIOS += thread_create_join=linux_thread_create_join \
                park_pingpong_rtt=linux_futex_thread_rtt

-include $(patsubst %.c.o,%.c.d,$(filter %.c.o,$(LIBC_CAPOS_OBJS))) $(LIBC_OBJ)/user/libc/crt/start.c.d \
         $(patsubst $(BUILD)/user/%.elf,$(LIBC_OBJ)/user/tests/%.c.d,$(LIBC_PROGS))

.PHONY: musl libc libc-always
