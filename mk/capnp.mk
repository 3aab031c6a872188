# Cap'n Proto: the schema is the ABI. This fragment builds
#   build/tools/capnpc-c        the C code generator (a capnp compile plugin)
#   build/gen/capos/*.h         C for schema/*.capnp, err.h, interfaces.h
#   build/gen/capos-test/*.h    C for the test schema tests/capnp/test.capnp
#   build/tools/manifest-check  the manifest validator (lib/manifest) as a tool
#   build/system/*.bin          system/*.capnp manifests, each checked
# and runs
#   capnp-test    bad manifests refused with their expected messages
#                 (part of test-host, hence of `make test`)
#   bench-capnp   BENCH lines: our build+read vs Debian's libcapnp (part of
#                 `make bench`)

CAPNP       ?= capnp
CXX         ?= g++
CAPNP_CXXFLAGS := -std=c++17 -O2 -g -Wall -Wextra -Werror \
                  $(shell pkg-config --cflags capnp 2>/dev/null)
CAPNP_LIBS  := $(shell pkg-config --libs capnp 2>/dev/null || echo -lcapnp -lkj)

CAPNPC_C     := $(BUILD)/tools/capnpc-c
SCHEMAS      := $(sort $(wildcard schema/*.capnp))
CAPNP_GEN_H  := $(patsubst schema/%.capnp,$(BUILD)/gen/capos/%.h,$(SCHEMAS)) \
                $(BUILD)/gen/capos/interfaces.h $(BUILD)/gen/capos/err.h
CAPNP_TEST_SCHEMA := tests/capnp/test.capnp
CAPNP_TEST_GEN_H  := $(BUILD)/gen/capos-test/test.h $(BUILD)/gen/capos-test/interfaces.h
CAPNP_GEN_ALL := $(CAPNP_GEN_H) $(CAPNP_TEST_GEN_H)

$(CAPNPC_C): tools/capnpc-c/capnpc-c.c++
	$(call say,CXX,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CXX) $(CAPNP_CXXFLAGS) -o $@ $< $(CAPNP_LIBS)

# One plugin run writes every header; the plugin leaves unchanged files
# alone, so touch them all to keep make's view simple.
$(CAPNP_GEN_H) &: $(SCHEMAS) $(CAPNPC_C)
	$(call say,CAPNPC,schema/*.capnp)
	$(Q)mkdir -p $(BUILD)/gen/capos
	$(Q)$(CAPNP) compile -o$(abspath $(CAPNPC_C)):$(BUILD)/gen/capos $(SCHEMAS)
	$(Q)touch $(CAPNP_GEN_H)

$(CAPNP_TEST_GEN_H) &: $(CAPNP_TEST_SCHEMA) $(CAPNPC_C)
	$(call say,CAPNPC,$(CAPNP_TEST_SCHEMA))
	$(Q)mkdir -p $(BUILD)/gen/capos-test
	$(Q)$(CAPNP) compile -o$(abspath $(CAPNPC_C)):$(BUILD)/gen/capos-test $(CAPNP_TEST_SCHEMA)
	$(Q)touch $(CAPNP_TEST_GEN_H)

capnp-gen: $(CAPNP_GEN_ALL)

# Code that includes generated headers must wait for them. The pattern
# rules in host.mk, fuzz.mk and kernel.mk are read before this fragment, so
# besides the *_GEN_DEPS variables the objects get explicit order-only
# prerequisites here (lib/manifest includes capos/manifest.h).
HOST_GEN_DEPS += $(CAPNP_GEN_ALL)
KERNEL_GEN_DEPS += $(CAPNP_GEN_H)
$(HOST_LIB_OBJS) $(HOST_TESTS) $(FUZZ_LIB_OBJS) $(FUZZ_BINS): | $(CAPNP_GEN_ALL)
$(KERNEL_OBJS): | $(CAPNP_GEN_H)

# ---- manifests -----------------------------------------------------------

MANIFEST_CHECK := $(BUILD)/tools/manifest-check
MANIFEST_LIB_SRCS := $(wildcard lib/manifest/*.c) $(wildcard lib/capnp/*.c) lib/fmt/fmt.c
MANIFEST_SRCS := $(sort $(wildcard system/*.capnp))
MANIFESTS := $(patsubst system/%.capnp,$(BUILD)/system/%.bin,$(MANIFEST_SRCS))

# A new schema file changes which interfaces manifests may name.
$(MANIFEST_CHECK): tools/capnpc-c/manifest-check.c $(MANIFEST_LIB_SRCS) $(CAPNP_GEN_H)
	$(call say,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) -std=gnu11 -O1 -g $(WARN) -I. -I$(BUILD)/gen -o $@ \
	    tools/capnpc-c/manifest-check.c $(MANIFEST_LIB_SRCS)

# A manifest is the constant `manifest` of its file. The build refuses a
# manifest the validator rejects, naming the file and the field.
$(BUILD)/system/%.bin: system/%.capnp $(SCHEMAS) $(MANIFEST_CHECK)
	$(call say,MANIFEST,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CAPNP) eval -b $< manifest > $@.tmp || { rm -f $@.tmp; exit 1; }
	$(Q)$(MANIFEST_CHECK) --file $< $@.tmp || { rm -f $@.tmp; exit 1; }
	$(Q)mv $@.tmp $@

manifests: $(MANIFESTS)
all: manifests

# ---- tests -----------------------------------------------------------------

capnp-test: $(MANIFEST_CHECK) $(MANIFESTS)
	$(Q)tests/capnp/bad-manifests.sh $(MANIFEST_CHECK) tests/capnp/bad

test-host: capnp-test

# ---- bench -------------------------------------------------------------------

CAPNP_BENCH := $(BUILD)/bench/capnp_bench
CAPNP_BENCH_LINUX := $(BUILD)/bench/capnp_bench_linux
CAPNP_CXX_GEN := $(BUILD)/gen/cxx/process.capnp.h $(BUILD)/gen/cxx/process.capnp.c++

$(CAPNP_CXX_GEN) &: schema/process.capnp
	$(Q)mkdir -p $(BUILD)/gen/cxx
	$(Q)$(CAPNP) compile -oc++:$(BUILD)/gen/cxx --src-prefix=schema schema/process.capnp

$(CAPNP_BENCH): tests/capnp/bench_capnp.c lib/capnp/read.c lib/capnp/build.c \
		lib/capnp/error.c | $(CAPNP_GEN_H)
	$(call say,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) -std=gnu11 -O2 $(WARN) -I. -I$(BUILD)/gen -o $@ $^

$(CAPNP_BENCH_LINUX): tests/capnp/bench_capnp_linux.c++ $(CAPNP_CXX_GEN)
	$(call say,CXX,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CXX) -std=c++17 -O2 -I$(BUILD)/gen/cxx -o $@ $< \
	    $(BUILD)/gen/cxx/process.capnp.c++ \
	    $(shell pkg-config --libs capnp-rpc 2>/dev/null || echo -lcapnp-rpc -lcapnp -lkj-async -lkj)

bench-capnp: $(CAPNP_BENCH) $(CAPNP_BENCH_LINUX)
	$(Q)tests/capnp/bench.sh $(CAPNP_BENCH) $(CAPNP_BENCH_LINUX)

bench: bench-capnp

.PHONY: capnp-gen manifests capnp-test bench-capnp
