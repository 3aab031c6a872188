# Shared tool and flag definitions.

HOST_CC     ?= gcc
FUZZ_CC     ?= clang-14
KCC         ?= gcc
KLD         ?= ld
PYTHON      ?= python3

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wno-unused-parameter -Wswitch-enum -Wvla

# Host code (tools, unit tests): hosted C with sanitizers.
HOST_CFLAGS := -std=gnu11 -g -O1 $(WARN) -I. -I$(BUILD)/gen \
               -fsanitize=address,undefined -fno-sanitize-recover=all \
               -fno-omit-frame-pointer
HOST_LDFLAGS := -fsanitize=address,undefined

# Code in lib/ is shared by kernel, userspace and host: pure and freestanding.
LIB_SRCS := $(shell find lib -name '*.c' -not -path 'lib/freestanding/*' 2>/dev/null | sort)

# Print a short line per step unless Q is empty.
define say
	@printf '  %-8s %s\n' "$(1)" "$(2)"
endef
