# Host unit tests: every tests/host/test_*.c becomes one cmocka binary,
# linked against all of lib/ built for the host with ASan+UBSan.
# Fragments may add extra sources for a test with
#   HOST_TEST_EXTRA_<name> := file.c ...   (name without test_ prefix or .c)
# and extra prerequisites (e.g. generated headers) to HOST_GEN_DEPS.

HOST_LIB_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(LIB_SRCS))
HOST_TEST_SRCS := $(sort $(wildcard tests/host/test_*.c))
HOST_TESTS := $(patsubst tests/host/%.c,$(BUILD)/host/tests/%,$(HOST_TEST_SRCS))
HOST_GEN_DEPS ?=

# The shell's pure parts (user/capos-shell): parser, history, completion,
# exit-status wording; each test rebuilds when its source changes.
SHELL_HOST_PARTS := parse hist complete status
$(foreach p,$(SHELL_HOST_PARTS),$(eval HOST_TEST_EXTRA_shell_$(p) := user/capos-shell/$(p).c))
$(foreach p,$(SHELL_HOST_PARTS),$(eval $(BUILD)/host/tests/test_shell_$(p): user/capos-shell/$(p).c user/capos-shell/$(p).h))
# The whole shell but main(), over a fake kernel, terminal and launcher.
HOST_TEST_EXTRA_shell_loop := $(filter-out user/capos-shell/main.c,$(wildcard user/capos-shell/*.c)) \
                              user/rt/callerr.c \
                              $(wildcard user/capos-shell/hosttest/*.c)
$(BUILD)/host/tests/test_shell_loop: $(HOST_TEST_EXTRA_shell_loop) $(wildcard user/capos-shell/*.h user/capos-shell/hosttest/*.h)
# ...and its own ring client: rt_call is inline otherwise (user/rt/call.h).
$(BUILD)/host/tests/test_shell_loop: private HOST_CFLAGS += -DRT_HOST_FAKE

# The adventure tests play the real world: build/system/adventure.bin.
$(patsubst %,$(BUILD)/host/tests/test_adventure_%,rules combat): $(BUILD)/system/adventure.bin
$(BUILD)/host/tests/test_adventure_%: private HOST_CFLAGS += -DADV_CONTENT_BIN='"$(BUILD)/system/adventure.bin"'
# The Paperclips tests load the real content blob too; the player table
# test links the server's players.c (with the fake ring client's header
# setting: it never calls).
$(patsubst %,$(BUILD)/host/tests/test_paperclips_%,rules balance players): $(BUILD)/system/paperclips.bin
HOST_TEST_EXTRA_paperclips_players := user/paperclips-server/players.c
$(BUILD)/host/tests/test_paperclips_players: user/paperclips-server/players.c user/paperclips-server/server.h
$(BUILD)/host/tests/test_paperclips_players: private HOST_CFLAGS += -DRT_HOST_FAKE
$(BUILD)/host/tests/test_paperclips_%: private HOST_CFLAGS += -DPAPERCLIPS_BIN='"$(BUILD)/system/paperclips.bin"'

$(BUILD)/host/%.o: %.c | $(HOST_GEN_DEPS)
	$(call say,HOSTCC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/host/libcapos-host.a: $(HOST_LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/host/tests/test_%: tests/host/test_%.c $(BUILD)/host/libcapos-host.a | $(HOST_GEN_DEPS)
	$(call say,HOSTLD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -MMD -MP -o $@ $< $(HOST_TEST_EXTRA_$*) \
	    $(BUILD)/host/libcapos-host.a $(HOST_LDFLAGS) -lcmocka

# Runs every host test; cmocka prints its own summary per binary and we
# finish with one aggregate line.
test-host: $(HOST_TESTS)
	$(Q)pass=0; fail=0; \
	for t in $(HOST_TESTS); do \
	  if $$t; then pass=$$((pass+1)); else fail=$$((fail+1)); echo "FAILED: $$t"; fi; \
	done; \
	echo "host: $$pass passed, $$fail failed"; test $$fail -eq 0

-include $(HOST_LIB_OBJS:.o=.d) $(HOST_TESTS:=.d)

.PHONY: test-host
