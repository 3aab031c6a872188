# System services that are musl programs linked with libsodium (issue 12:
# user/credstore). Every user/<prog>/ folder holding a file named MUSL is
# one: all of its .c files are compiled like mk/libc.mk's programs (musl
# headers, LIBC_CFLAGS) with libsodium's headers, and linked as
#   crt/start + the folder's objects + libsodium.a + libcapos.a + libc.a
# into build/user/<prog>.elf. mk/user.mk skips these folders (its native
# rule would claim any folder with a main.c).

SVC_DIRS  := $(sort $(notdir $(patsubst %/MUSL,%,$(wildcard user/*/MUSL))))
SVC_PROGS := $(patsubst %,$(BUILD)/user/%.elf,$(SVC_DIRS))
SVC_OBJS  := $(patsubst %.c,$(LIBC_OBJ)/%.c.o,$(sort $(foreach d,$(SVC_DIRS),$(wildcard user/$(d)/*.c))))

$(SVC_OBJS): LIBC_CFLAGS += $(SODIUM_INC)
$(SVC_OBJS): | $(SODIUM_VERSION_H)

# The group: musl calls __capos_syscall, which calls musl's memcpy.
define svc_prog_rule
$(BUILD)/user/$(1).elf: $(patsubst %.c,$(LIBC_OBJ)/%.c.o,$(sort $(wildcard user/$(1)/*.c))) \
		$(LIBC_CRT) $(SODIUM_ULIB) $(LIBC_CAPOS) $(MUSL_LIBC)
	$$(call say,LIBCLD,$$@)
	$$(Q)mkdir -p $$(@D)
	$$(Q)$$(LIBC_CC) $$(LIBC_LDFLAGS) -o $$@ $$(LIBC_CRT) \
	    $(patsubst %.c,$(LIBC_OBJ)/%.c.o,$(sort $(wildcard user/$(1)/*.c))) \
	    -Wl,--start-group $$(SODIUM_ULIB) $$(LIBC_CAPOS) $$(MUSL_LIBC) \
	    -lgcc -Wl,--end-group
endef
$(foreach d,$(SVC_DIRS),$(eval $(call svc_prog_rule,$(d))))

USER_PROGS := $(sort $(USER_PROGS) $(SVC_PROGS))
user: $(SVC_PROGS)
svc: $(SVC_PROGS)

-include $(SVC_OBJS:.o=.d)

.PHONY: svc
