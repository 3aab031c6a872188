# libFuzzer targets: every tests/fuzz/fuzz_*.c is one target, linked against
# lib/ built with clang-14 and -fsanitize=fuzzer,address,undefined.
# `make fuzz` runs each for FUZZ_SECONDS; `make fuzz-smoke` (part of make
# test) for FUZZ_SMOKE_SECONDS. A target's seed corpus, if any, lives in
# tests/fuzz/corpus/<target>/ and is copied into a scratch corpus under
# build/fuzz/corpus/<target>/. The final stats go to build/fuzz/<target>.stats.

FUZZ_CFLAGS := -std=gnu11 -g -O1 -I. -I$(BUILD)/gen -Wall -Wextra -Werror \
               -Wno-unused-parameter -fsanitize=fuzzer-no-link,address,undefined \
               -fno-sanitize-recover=all
FUZZ_LIB_OBJS := $(patsubst %.c,$(BUILD)/fuzzobj/%.o,$(LIB_SRCS))
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(FUZZ_SRCS))
FUZZ_BINS := $(addprefix $(BUILD)/fuzz/bin/,$(FUZZ_TARGETS))

$(BUILD)/fuzzobj/%.o: %.c | $(HOST_GEN_DEPS)
	$(call say,FUZZCC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/fuzz/bin/%: tests/fuzz/%.c $(FUZZ_LIB_OBJS)
	$(call say,FUZZLD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB_OBJS)

fuzz: $(FUZZ_BINS)
	$(Q)tools/fuzz-run $(FUZZ_SECONDS) $(BUILD)/fuzz $(FUZZ_TARGETS)

fuzz-smoke: $(FUZZ_BINS)
	$(Q)tools/fuzz-run $(FUZZ_SMOKE_SECONDS) $(BUILD)/fuzz $(FUZZ_TARGETS)

-include $(FUZZ_LIB_OBJS:.o=.d)

.PHONY: fuzz fuzz-smoke
