# Host unit tests: every tests/host/test_*.c becomes one cmocka binary,
# linked against all of lib/ built for the host with ASan+UBSan.
# Fragments may add extra sources for a test with
#   HOST_TEST_EXTRA_<name> := file.c ...   (name without test_ prefix or .c)
# and extra prerequisites (e.g. generated headers) to HOST_GEN_DEPS.

HOST_LIB_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(LIB_SRCS))
HOST_TEST_SRCS := $(sort $(wildcard tests/host/test_*.c))
HOST_TESTS := $(patsubst tests/host/%.c,$(BUILD)/host/tests/%,$(HOST_TEST_SRCS))
HOST_GEN_DEPS ?=

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
