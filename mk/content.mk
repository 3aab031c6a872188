# Read-only content of resident services (game worlds, rule tables): each
# content/<name>.capnp holds a constant `content` typed by a struct of
# schema/, compiled here into the Cap'n Proto message
# build/system/<name>.bin. A manifest lists it as a binary
# (`module = "<name>.bin"`) and grants it to its service as a Blob
# (`source = (blob = "<binary name>")`); the service reads and validates it
# at start with the generated reader. Hand-edited data, never code.

CONTENT_SRCS := $(sort $(wildcard content/*.capnp))
CONTENT_BINS := $(patsubst content/%.capnp,$(BUILD)/system/%.bin,$(CONTENT_SRCS))

$(BUILD)/system/%.bin: content/%.capnp $(SCHEMAS)
	$(call say,CONTENT,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CAPNP) eval -b -I. $< content > $@.tmp || { rm -f $@.tmp; exit 1; }
	$(Q)mv $@.tmp $@

content: $(CONTENT_BINS)
all: content
.PHONY: content
# Boots take content modules like binaries (tools/manifest-modules).
test-qemu run-now bench: $(CONTENT_BINS)
$(ISO): $(CONTENT_BINS)
