# The GRUB ISO (release path): the same kernel loaded by GRUB through
# multiboot2, timeout 0. ISO_CMDLINE is the kernel command line; the bench
# and tests build variants with their own command lines. build/capos.iso
# carries the default system (system/default.capnp and its binaries, as
# multiboot2 modules named like the binaries).

ISO := $(BUILD)/capos.iso
ISO_CMDLINE ?=

define iso_rule
$(1): $(KERNEL_ELF) mk/iso.mk
	$$(call say,ISO,$$@)
	$$(Q)rm -rf $$@.d && mkdir -p $$@.d/boot/grub
	$$(Q)cp $(KERNEL_ELF) $$@.d/boot/kernel.elf
	$$(Q)printf 'set timeout=0\nset default=0\nmenuentry "capOS" {\n  multiboot2 /boot/kernel.elf %s\n  boot\n}\n' '$(2)' > $$@.d/boot/grub/grub.cfg
	$$(Q)grub-mkrescue -o $$@ $$@.d >$$@.log 2>&1 || { cat $$@.log; exit 1; }
endef

$(ISO): $(KERNEL_ELF) mk/iso.mk $(USER_PROGS) $(BUILD)/system/default.bin
	$(call say,ISO,$@)
	$(Q)rm -rf $@.d && mkdir -p $@.d/boot/grub $@.d/boot/mods
	$(Q)cp $(KERNEL_ELF) $@.d/boot/kernel.elf
	$(Q){ printf 'set timeout=0\nset default=0\nmenuentry "capOS" {\n  multiboot2 /boot/kernel.elf %s\n' '$(ISO_CMDLINE)'; \
	   tools/manifest-modules system/default.capnp | tr ',' '\n' | while read -r f n; do \
	     cp "$$f" "$@.d/boot/mods/$$n"; printf '  module2 /boot/mods/%s %s\n' "$$n" "$$n"; done; \
	   printf '  boot\n}\n'; } > $@.d/boot/grub/grub.cfg
	$(Q)grub-mkrescue -o $@ $@.d >$@.log 2>&1 || { cat $@.log; exit 1; }
$(eval $(call iso_rule,$(BUILD)/capos-bench.iso,halt))
$(eval $(call iso_rule,$(BUILD)/capos-smoke.iso,test=smoke))

iso: $(ISO)

.PHONY: iso
