# User programs: static ELF64, no libc yet (the musl issue brings one),
# built against user/rt and lib/. Each user/tests/<name>.c and each
# user/<prog>/ folder with a main.c becomes build/user/<name>.elf.

UCC := gcc
UCFLAGS := -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-pic -fno-pie \
           -fno-stack-protector -fno-omit-frame-pointer \
           -fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables \
           -ffunction-sections -fdata-sections \
           -nostdinc -isystem $(GCC_INCLUDE) -Ilib/freestanding -I. -I$(BUILD)/gen
ULDFLAGS := -nostdlib -static -no-pie -Wl,-z,max-page-size=4096 \
            -Wl,-z,noexecstack -Wl,-z,separate-code -Wl,--build-id=none -Wl,--gc-sections

URT_SRCS := $(sort $(wildcard user/rt/*.c user/rt/*.S))
ULIB_SRCS := $(LIB_SRCS) lib/freestanding/string.c
URT_OBJS := $(patsubst %,$(BUILD)/uobj/%.o,$(URT_SRCS) $(ULIB_SRCS))
USER_TESTS := $(patsubst user/tests/%.c,$(BUILD)/user/%.elf,$(sort $(wildcard user/tests/*.c)))
# Programs of the system itself: every user/<prog>/ folder with a main.c
# (besides rt and libc) links all of its .c files into build/user/<prog>.elf,
# and the files of other programs its LINK file lists (one path a line):
# the same object serves both, rather than a .c file #included.
USER_DIRS := $(filter-out rt libc tests $(notdir $(patsubst %/MUSL,%,$(wildcard user/*/MUSL))),$(notdir $(patsubst %/main.c,%,$(wildcard user/*/main.c))))
USER_SYS := $(patsubst %,$(BUILD)/user/%.elf,$(USER_DIRS))
USER_PROGS := $(USER_TESTS) $(USER_SYS)

$(BUILD)/uobj/%.c.o: %.c | $(KERNEL_GEN_DEPS)
	$(call say,UCC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(UCC) $(UCFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/uobj/%.S.o: %.S
	$(call say,UAS,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(UCC) -D__ASSEMBLER__ -I. -c $< -o $@

$(BUILD)/user/%.elf: $(BUILD)/uobj/user/tests/%.c.o $(URT_OBJS)
	$(call say,ULD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(UCC) $(ULDFLAGS) -o $@ $^ -lgcc

user_links = $(if $(wildcard user/$(1)/LINK),$(shell cat user/$(1)/LINK))

define user_prog_rule
$(BUILD)/user/$(1).elf: $(patsubst %,$(BUILD)/uobj/%.o,$(sort $(wildcard user/$(1)/*.c) $(call user_links,$(1)))) $(URT_OBJS) $(wildcard user/$(1)/LINK)
	$$(call say,ULD,$$@)
	$$(Q)mkdir -p $$(@D)
	$$(Q)$$(UCC) $$(ULDFLAGS) -o $$@ $$(filter %.o,$$^) -lgcc
endef
$(foreach d,$(USER_DIRS),$(eval $(call user_prog_rule,$(d))))

user: $(USER_PROGS)

-include $(URT_OBJS:.o=.d) $(patsubst $(BUILD)/user/%.elf,$(BUILD)/uobj/user/tests/%.c.d,$(USER_TESTS))
-include $(patsubst %.c,$(BUILD)/uobj/%.c.d,$(foreach d,$(USER_DIRS),$(wildcard user/$(d)/*.c)))

.PHONY: user
