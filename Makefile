# GNU make: present on every build machine, and the freestanding purgatory will need its own
# flag set, which is one more pattern rule here rather than a second build system.

CC ?= cc
BUILD ?= build
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

WARNINGS := -Wall -Wextra -Werror=implicit-fallthrough -Wshadow -Wstrict-prototypes \
	-Wformat=2 -Wno-format-nonliteral -Wmissing-prototypes -Wno-missing-field-initializers
CFLAGS ?= -O2 -g
CPPFLAGS += -D_GNU_SOURCE -DKEXEC_VERSION='"$(VERSION)"' -Isrc/shared -Isrc/image -Isrc/kexec
ALL_CFLAGS := -std=gnu11 $(WARNINGS) $(CFLAGS) -MMD -MP
# kexec is statically linked: it goes into initramfs images and runs while the system shuts down.
LDFLAGS_STATIC ?= -static

SHARED_SRC := $(wildcard src/shared/*.c)
IMAGE_SRC := $(wildcard src/image/*.c)
KEXEC_SRC := $(wildcard src/kexec/*.c)
LIB_SRC := $(SHARED_SRC) $(IMAGE_SRC) $(filter-out src/kexec/main.c,$(KEXEC_SRC))

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
KEXEC_OBJ := $(LIB_OBJ) $(BUILD)/src/kexec/main.o

UNIT_SRC := $(wildcard tests/unit/test-*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all clean check-unit
all: $(BUILD)/kexec

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libkexec.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(BUILD)/kexec: $(BUILD)/src/kexec/main.o $(BUILD)/libkexec.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS_STATIC) $(LDFLAGS) -o $@ $^

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(BUILD)/libkexec.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libkexec.a

check-unit: $(UNIT_BIN)
	@pass=0; fail=0; \
	for t in $(UNIT_BIN); do \
		if (cd tests/unit && ../../$$t); then pass=$$((pass+1)); else fail=$$((fail+1)); echo "FAIL $$t"; fi; \
	done; \
	echo "unit: $$pass passed, $$fail failed"; [ $$fail -eq 0 ]

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
