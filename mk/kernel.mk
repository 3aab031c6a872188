# The kernel: freestanding C + assembly, linked twice. Pass 1 links with an
# empty symbol table; tools/mksyms turns its text symbols into
# build/kernel/ksyms.S; pass 2 links that in (section .ksyms sits after
# .rodata, so no text address moves) and the build checks that claim.

KERNEL_ELF := $(BUILD)/kernel.elf
GCC_INCLUDE := $(shell $(KCC) -print-file-name=include)

KCFLAGS := -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-pic -fno-pie \
           -mcmodel=kernel -mno-red-zone -mgeneral-regs-only \
           -fno-stack-protector -fno-omit-frame-pointer \
           -fno-asynchronous-unwind-tables -fno-tree-loop-distribute-patterns \
           -fno-strict-aliasing -nostdinc -isystem $(GCC_INCLUDE) \
           -Ilib/freestanding -I. -I$(BUILD)/gen
KASFLAGS := -D__ASSEMBLER__ -I. -g
KLDFLAGS := -nostdlib -z max-page-size=0x1000 -z noexecstack \
            --no-warn-rwx-segments -T kernel/arch/x86_64/linker.ld

KERNEL_C := $(shell find kernel -name '*.c' | sort)
KERNEL_S := $(shell find kernel -name '*.S' | sort)
KLIB_C   := $(LIB_SRCS) lib/freestanding/string.c
KERNEL_OBJS := $(patsubst %.c,$(BUILD)/kobj/%.o,$(KERNEL_C) $(KLIB_C)) \
               $(patsubst %.S,$(BUILD)/kobj/%.o,$(KERNEL_S))
KERNEL_GEN_DEPS ?=

# Objects depend on this file: a change of flags rebuilds the kernel.
$(BUILD)/kobj/%.o: %.c mk/kernel.mk | $(KERNEL_GEN_DEPS)
	$(call say,KCC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(KCC) $(KCFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/kobj/%.o: %.S mk/kernel.mk
	$(call say,KAS,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(KCC) $(KASFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/kernel/ksyms-empty.S: tools/mksyms
	$(Q)mkdir -p $(@D)
	$(Q)$(PYTHON) tools/mksyms /dev/null > $@

$(BUILD)/kernel/%.o: $(BUILD)/kernel/%.S
	$(Q)$(KCC) $(KASFLAGS) -c $< -o $@

$(BUILD)/kernel/pass1.elf: $(KERNEL_OBJS) $(BUILD)/kernel/ksyms-empty.o kernel/arch/x86_64/linker.ld
	$(call say,LD,$@)
	$(Q)$(KLD) $(KLDFLAGS) -o $@ $(KERNEL_OBJS) $(BUILD)/kernel/ksyms-empty.o

$(BUILD)/kernel/ksyms.S: $(BUILD)/kernel/pass1.elf tools/mksyms
	$(Q)nm -n --defined-only $< | $(PYTHON) tools/mksyms - > $@

$(KERNEL_ELF): $(BUILD)/kernel/pass1.elf $(BUILD)/kernel/ksyms.o
	$(call say,LD,$@)
	$(Q)$(KLD) $(KLDFLAGS) -o $@ $(KERNEL_OBJS) $(BUILD)/kernel/ksyms.o
	$(Q)$(PYTHON) tools/mksyms --check $(BUILD)/kernel/pass1.elf $@
	$(Q)nm -S $@ | $(PYTHON) -c 'import sys; [print(f"warning: ring_enter is {int(f[1], 16)} bytes, over a page (see kernel/ipc/ring.c)") for f in (l.split() for l in sys.stdin) if f[-1:] == ["ring_enter"] and int(f[1], 16) > 4096]' 

kernel: $(KERNEL_ELF)

-include $(KERNEL_OBJS:.o=.d)

.PHONY: kernel
