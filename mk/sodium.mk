# libsodium, from Debian's source package, compiled three ways with our
# own flags (design §4; the identity work needs Argon2id in userspace and
# HMAC-SHA256 in the kernel, both libsodium's, never hand-rolled).
#
#   .cache/debsrc/libsodium/tree   the pinned source, fetched once by
#                                  tools/debsrc (.dsc and orig tarball
#                                  checked), never edited; compiled in place
#   build/sodium/gen/sodium/version.h   the one configure-made header
#   build/sodium/user/libsodium.a       for musl programs (LIBC_CFLAGS)
#   build/sodium/kernel/libsodium-kernel.a   SHA-256, HMAC-SHA256 and the
#                                  helpers they call, with the kernel's
#                                  flags; linked into the kernel
#   build/sodium/host/libsodium.a  for host tests (ASan+UBSan)
#   build/user/sodium_*.elf        each user/tests/sodium_*.c, linked as
#                                  a libc program plus libsodium.a
#
# No configure: the files are listed by hand below and the HAVE_* defines
# say what the target has. No assembly, no SIMD variants and no cpuid
# (HAVE_CPUID unset): every primitive uses its portable C code.
#
# Randomness: musl's getrandom() is translated to EntropySource.fill on
# the "entropy" capability (user/libc/posix_proc.c), so libsodium's own
# default, randombytes_sysrandom over getrandom (HAVE_GETRANDOM), is the
# capOS source; without the capability it fails closed (sodium_misuse).

SODIUM_PIN         := 1.0.18-1+deb12u1
SODIUM_ORIG_SHA256 := d59323c6b712a1519a5daf710b68f5e7fde57040845ffec53850911f10a5d4f4
DEBSRC_CACHE       ?= .cache/debsrc
SODIUM_TREE        := $(DEBSRC_CACHE)/libsodium/tree
SODIUM_SRC         := $(SODIUM_TREE)/src/libsodium
SODIUM_DIR         := $(BUILD)/sodium
SODIUM_STAMP       := $(SODIUM_DIR)/fetched-$(SODIUM_PIN)
SODIUM_VERSION_H   := $(SODIUM_DIR)/gen/sodium/version.h
SODIUM_ULIB        := $(SODIUM_DIR)/user/libsodium.a
SODIUM_KLIB        := $(SODIUM_DIR)/kernel/libsodium-kernel.a
SODIUM_HLIB        := $(SODIUM_DIR)/host/libsodium.a
# What a program using <sodium.h> needs on its include path.
SODIUM_INC         := -I$(SODIUM_SRC)/include -I$(SODIUM_DIR)/gen

# ---- what is compiled ------------------------------------------------------

# Kernel: SHA-256, HMAC-SHA256, crypto_verify_* and utils.c for
# sodium_memzero/sodium_memcmp. The partial link below keeps only what
# SODIUM_KERNEL_API reaches, so utils.c's allocator and mlock code (which
# would need malloc, mmap, errno) never reach the kernel.
SODIUM_KERNEL_FILES := \
	crypto_auth/hmacsha256/auth_hmacsha256.c \
	crypto_hash/sha256/hash_sha256.c \
	crypto_hash/sha256/cp/hash_sha256_cp.c \
	crypto_verify/sodium/verify.c \
	sodium/utils.c
SODIUM_KERNEL_API := \
	crypto_auth_hmacsha256 crypto_auth_hmacsha256_verify \
	crypto_auth_hmacsha256_init crypto_auth_hmacsha256_update \
	crypto_auth_hmacsha256_final crypto_hash_sha256 \
	crypto_hash_sha256_init crypto_hash_sha256_update \
	crypto_hash_sha256_final crypto_verify_16 crypto_verify_32 \
	crypto_verify_64 sodium_memzero sodium_memcmp
# The only undefined symbols the kernel archive may have.
SODIUM_KERNEL_EXTERN := memcpy memset

# User and host: what we use (pwhash Argon2id, HMAC-SHA256, verify,
# randombytes, sodium_malloc) and what sodium_init() calls to pick its
# implementations (Poly1305, X25519, ChaCha20, Salsa20: portable code).
SODIUM_FILES := \
	sodium/codecs.c sodium/core.c sodium/runtime.c sodium/utils.c \
	sodium/version.c \
	randombytes/randombytes.c \
	randombytes/sysrandom/randombytes_sysrandom.c \
	crypto_verify/sodium/verify.c \
	crypto_hash/sha256/hash_sha256.c \
	crypto_hash/sha256/cp/hash_sha256_cp.c \
	crypto_auth/hmacsha256/auth_hmacsha256.c \
	crypto_generichash/blake2b/ref/generichash_blake2b.c \
	crypto_generichash/blake2b/ref/blake2b-ref.c \
	crypto_generichash/blake2b/ref/blake2b-compress-ref.c \
	crypto_pwhash/crypto_pwhash.c \
	crypto_pwhash/argon2/argon2.c \
	crypto_pwhash/argon2/argon2-core.c \
	crypto_pwhash/argon2/argon2-encoding.c \
	crypto_pwhash/argon2/argon2-fill-block-ref.c \
	crypto_pwhash/argon2/blake2b-long.c \
	crypto_pwhash/argon2/pwhash_argon2i.c \
	crypto_pwhash/argon2/pwhash_argon2id.c \
	crypto_onetimeauth/poly1305/onetimeauth_poly1305.c \
	crypto_onetimeauth/poly1305/donna/poly1305_donna.c \
	crypto_scalarmult/curve25519/scalarmult_curve25519.c \
	crypto_scalarmult/curve25519/ref10/x25519_ref10.c \
	crypto_core/ed25519/ref10/ed25519_ref10.c \
	crypto_stream/chacha20/stream_chacha20.c \
	crypto_stream/chacha20/ref/chacha20_ref.c \
	crypto_stream/salsa20/stream_salsa20.c \
	crypto_stream/salsa20/ref/salsa20_ref.c \
	crypto_core/salsa/ref/core_salsa_ref.c

# What configure would find on any x86_64 target of ours.
SODIUM_DEFS := -DCONFIGURED=1 -DNATIVE_LITTLE_ENDIAN=1 -DHAVE_WEAK_SYMBOLS=1 \
               -DHAVE_INLINE_ASM=1 -DHAVE_TI_MODE=1
# What musl (capOS) and glibc (host) both provide. mlock is ENOSYS on
# capOS, which sodium_malloc tolerates; mprotect gives its guard pages.
SODIUM_POSIX_DEFS := -DHAVE_C_VARARRAYS=1 -DHAVE_ALLOCA=1 -DHAVE_ALLOCA_H=1 \
               -DHAVE_SYS_MMAN_H=1 -DHAVE_MMAP=1 -DHAVE_MPROTECT=1 \
               -DHAVE_MLOCK=1 -DHAVE_MADVISE=1 -DHAVE_POSIX_MEMALIGN=1 \
               -DHAVE_EXPLICIT_BZERO=1 -DHAVE_SYS_RANDOM_H=1 \
               -DHAVE_GETRANDOM=1 -DHAVE_PTHREAD=1 -DHAVE_NANOSLEEP=1 \
               -DHAVE_GETPID=1
# Headers as libsodium's own build sees them (sources include
# "private/common.h" and "version.h" unprefixed).
SODIUM_CPPFLAGS := -I$(SODIUM_SRC)/include/sodium -I$(SODIUM_DIR)/gen/sodium \
                   $(SODIUM_INC)

# Third-party code: our arch and ABI flags, not our warning policy (it
# compiles without a warning at GCC's defaults). A function the target
# lacks must stop the build, not become an implicit int.
SODIUM_WARN    := -Werror=implicit-function-declaration -Werror=int-conversion \
                  -Werror=incompatible-pointer-types
SODIUM_UCFLAGS := $(filter-out $(WARN),$(LIBC_CFLAGS)) $(SODIUM_WARN) \
                  $(SODIUM_DEFS) $(SODIUM_POSIX_DEFS) $(SODIUM_CPPFLAGS)
SODIUM_KCFLAGS := $(filter-out $(WARN),$(KCFLAGS)) $(SODIUM_WARN) \
                  -ffunction-sections -fdata-sections \
                  -Ilib/crypto/sodium-kernel $(SODIUM_DEFS) $(SODIUM_CPPFLAGS)
# Host: line tables only (-g1), which sanitizer reports need; full debug
# info makes GCC take seconds per file once UBSan has expanded Argon2's
# and Ed25519's macros.
SODIUM_HCFLAGS := $(filter-out $(WARN) -g,$(HOST_CFLAGS)) -g1 -O2 \
                  $(SODIUM_WARN) $(SODIUM_DEFS) $(SODIUM_POSIX_DEFS) \
                  $(SODIUM_CPPFLAGS)

SODIUM_UOBJS := $(patsubst %.c,$(SODIUM_DIR)/user/obj/%.o,$(SODIUM_FILES))
SODIUM_HOBJS := $(patsubst %.c,$(SODIUM_DIR)/host/obj/%.o,$(SODIUM_FILES))
SODIUM_KOBJS := $(patsubst %.c,$(SODIUM_DIR)/kernel/obj/%.o,$(SODIUM_KERNEL_FILES))
SODIUM_KREL  := $(SODIUM_DIR)/kernel/sodium-kernel.o

# ---- fetch -----------------------------------------------------------------

# Re-run after `make clean` too: with the cache present it needs no network.
$(SODIUM_STAMP): tools/debsrc
	$(call say,DEBSRC,libsodium $(SODIUM_PIN))
	$(Q)tools/debsrc --cache $(DEBSRC_CACHE) --orig-sha256 $(SODIUM_ORIG_SHA256) \
	    libsodium $(SODIUM_PIN) >/dev/null
	$(Q)mkdir -p $(@D) && touch $@

# The sources appear with the fetch (their mtimes are the tarball's).
$(addprefix $(SODIUM_SRC)/,$(sort $(SODIUM_FILES) $(SODIUM_KERNEL_FILES))): $(SODIUM_STAMP) ;

# version.h.in filled in as configure would, from configure.ac; it lives
# outside the tree, so its "export.h" becomes <sodium/export.h>.
$(SODIUM_VERSION_H): $(SODIUM_STAMP)
	$(Q)mkdir -p $(@D)
	$(Q)ac=$(SODIUM_TREE)/configure.ac; \
	ver=$$(sed -n 's/^AC_INIT(\[libsodium\],\[\([^]]*\)\].*/\1/p' $$ac); \
	maj=$$(sed -n 's/^SODIUM_LIBRARY_VERSION_MAJOR=//p' $$ac); \
	min=$$(sed -n 's/^SODIUM_LIBRARY_VERSION_MINOR=//p' $$ac); \
	test -n "$$ver" && test -n "$$maj" && test -n "$$min" || \
	    { echo "sodium: cannot read the version from $$ac"; exit 1; }; \
	sed -e "s/@VERSION@/$$ver/" -e "s/@SODIUM_LIBRARY_VERSION_MAJOR@/$$maj/" \
	    -e "s/@SODIUM_LIBRARY_VERSION_MINOR@/$$min/" \
	    -e '/@SODIUM_LIBRARY_MINIMAL_DEF@/d' \
	    -e 's|^#include "export.h"$$|#include <sodium/export.h>|' \
	    $(SODIUM_SRC)/include/sodium/version.h.in > $@

# Rewritten only when the pin or a target's flags change, so that every
# object of that target rebuilds then (and only then); flags-files makes
# the archives follow the file lists.
sodium_flags_files  := $(SODIUM_FILES) / $(SODIUM_KERNEL_FILES)
sodium_flags_user   := $(SODIUM_PIN) $(SODIUM_UCFLAGS)
sodium_flags_kernel := $(SODIUM_PIN) $(SODIUM_KCFLAGS) $(SODIUM_KERNEL_API)
sodium_flags_host   := $(SODIUM_PIN) $(SODIUM_HCFLAGS)
$(SODIUM_DIR)/flags-%: sodium-always
	$(Q)mkdir -p $(@D)
	$(Q)echo '$(sodium_flags_$*)' | cmp -s - $@ 2>/dev/null || \
	    echo '$(sodium_flags_$*)' > $@

# ---- user: musl programs ---------------------------------------------------

$(SODIUM_DIR)/user/obj/%.o: $(SODIUM_SRC)/%.c $(SODIUM_DIR)/flags-user \
		| $(SODIUM_VERSION_H) $(MUSL_LIBC)
	$(call say,SODCC,$*.c)
	$(Q)mkdir -p $(@D)
	$(Q)$(LIBC_CC) $(SODIUM_UCFLAGS) -MMD -MP -c $< -o $@

$(SODIUM_ULIB): $(SODIUM_UOBJS) $(SODIUM_DIR)/flags-files
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $(SODIUM_UOBJS)

# user/tests/sodium_*.c: libc programs with libsodium. mk/user.mk's
# wildcard lists them too; this static pattern rule wins over its
# pattern rule, as mk/libc.mk's does for libc_*.c.
SODIUM_PROGS     := $(patsubst user/tests/%.c,$(BUILD)/user/%.elf,$(sort $(wildcard user/tests/sodium_*.c)))
SODIUM_PROG_OBJS := $(patsubst $(BUILD)/user/%.elf,$(LIBC_OBJ)/user/tests/%.c.o,$(SODIUM_PROGS))

$(SODIUM_PROG_OBJS): LIBC_CFLAGS += $(SODIUM_INC)
$(SODIUM_PROG_OBJS): | $(SODIUM_VERSION_H)

$(SODIUM_PROGS): $(BUILD)/user/%.elf: $(LIBC_OBJ)/user/tests/%.c.o $(LIBC_CRT) \
		$(SODIUM_ULIB) $(LIBC_CAPOS) $(MUSL_LIBC)
	$(call say,LIBCLD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(LIBC_CC) $(LIBC_LDFLAGS) -o $@ $(LIBC_CRT) $< -Wl,--start-group \
	    $(SODIUM_ULIB) $(LIBC_CAPOS) $(MUSL_LIBC) -lgcc -Wl,--end-group

USER_PROGS := $(sort $(USER_PROGS) $(SODIUM_PROGS))

# ---- kernel ------------------------------------------------------------------

$(SODIUM_DIR)/kernel/obj/%.o: $(SODIUM_SRC)/%.c $(SODIUM_DIR)/flags-kernel \
		| $(SODIUM_VERSION_H)
	$(call say,SODKCC,$*.c)
	$(Q)mkdir -p $(@D)
	$(Q)$(KCC) $(SODIUM_KCFLAGS) -MMD -MP -c $< -o $@

# One relocatable object holding only what the API reaches. The dropped
# code's undefined symbols are stripped too; objcopy refuses (and the
# build stops) if kept code still refers to one, so the archive needs
# nothing from outside but lib/freestanding's memcpy and memset.
$(SODIUM_KLIB): $(SODIUM_KOBJS) $(SODIUM_DIR)/flags-files
	$(call say,AR,$@)
	$(Q)$(KLD) -r --gc-sections $(addprefix -u ,$(SODIUM_KERNEL_API)) \
	    -o $(SODIUM_KREL).gc $(SODIUM_KOBJS)
	$(Q)objcopy $$(nm -u $(SODIUM_KREL).gc | awk '{print $$2}' | \
	    grep -vxF $(addprefix -e ,$(SODIUM_KERNEL_EXTERN)) | \
	    sed 's/^/--strip-symbol=/') $(SODIUM_KREL).gc $(SODIUM_KREL) || \
	    { echo "sodium: the kernel part calls code the kernel lacks"; exit 1; }
	$(Q)rm -f $(SODIUM_KREL).gc
	$(Q)extra=$$(nm -u $(SODIUM_KREL) | awk '{print $$2}' | \
	    grep -vxF $(addprefix -e ,$(SODIUM_KERNEL_EXTERN))); \
	if [ -n "$$extra" ]; then \
	    echo "sodium: the kernel part needs symbols nothing provides:" $$extra; \
	    exit 1; fi
	$(Q)rm -f $@ && ar rcs $@ $(SODIUM_KREL)

# kernel.mk has no hook for extra objects: its link recipes expand
# KERNEL_OBJS when they run, so the archive joins the list here (after
# every kernel object, so their references pull it in) and becomes a
# prerequisite of both link passes.
KERNEL_OBJS += $(SODIUM_KLIB)
$(BUILD)/kernel/pass1.elf $(KERNEL_ELF): $(SODIUM_KLIB)

# The self-test includes libsodium's headers, which want <stdlib.h> and
# friends: lib/crypto/sodium-kernel has empty stand-ins.
$(BUILD)/kobj/kernel/test/st_sodium.o: KCFLAGS += -Ilib/crypto/sodium-kernel $(SODIUM_INC)
$(BUILD)/kobj/kernel/test/st_sodium.o: | $(SODIUM_VERSION_H)
# Sessions key their references with HMAC-SHA256 (kernel/proc/session.c).
$(BUILD)/kobj/kernel/proc/session.o: KCFLAGS += -Ilib/crypto/sodium-kernel $(SODIUM_INC)
$(BUILD)/kobj/kernel/proc/session.o: | $(SODIUM_VERSION_H)

# ---- host: cmocka tests with ASan+UBSan -----------------------------------

$(SODIUM_DIR)/host/obj/%.o: $(SODIUM_SRC)/%.c $(SODIUM_DIR)/flags-host \
		| $(SODIUM_VERSION_H)
	$(call say,SODHCC,$*.c)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(SODIUM_HCFLAGS) -MMD -MP -c $< -o $@

$(SODIUM_HLIB): $(SODIUM_HOBJS) $(SODIUM_DIR)/flags-files
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $(SODIUM_HOBJS)

HOST_TEST_EXTRA_sodium := $(SODIUM_HLIB)
$(BUILD)/host/tests/test_sodium: $(SODIUM_HLIB)
$(BUILD)/host/tests/test_sodium: HOST_CFLAGS += $(SODIUM_INC)
$(BUILD)/host/tests/test_sodium: | $(SODIUM_VERSION_H)
# lib/ident/session_ref.c over libsodium's HMAC, as the kernel uses it.
HOST_TEST_EXTRA_session_ref := $(SODIUM_HLIB)
$(BUILD)/host/tests/test_session_ref: $(SODIUM_HLIB)
$(BUILD)/host/tests/test_session_ref: HOST_CFLAGS += $(SODIUM_INC)
$(BUILD)/host/tests/test_session_ref: | $(SODIUM_VERSION_H)

sodium: $(SODIUM_ULIB) $(SODIUM_KLIB) $(SODIUM_HLIB) $(SODIUM_PROGS)

-include $(SODIUM_UOBJS:.o=.d) $(SODIUM_KOBJS:.o=.d) $(SODIUM_HOBJS:.o=.d) \
         $(SODIUM_PROG_OBJS:.o=.d)

.PHONY: sodium sodium-always
