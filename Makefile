# GNU make: present on every build machine, and the freestanding purgatory will need its own
# flag set, which is one more pattern rule here rather than a second build system.

CC ?= cc
NM ?= nm
READELF ?= readelf
BUILD ?= build
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

WARNINGS := -Wall -Wextra -Werror=implicit-fallthrough -Wshadow -Wstrict-prototypes \
	-Wformat=2 -Wno-format-nonliteral -Wmissing-prototypes -Wno-missing-field-initializers
CFLAGS ?= -O2 -g
# Include folders, top-down: the CLI and vmcore-dmesg, the arch interface, then formats and shared
# code. No arch folder is on the path: an architecture's headers are included by its own files
# (same folder) and by tests as "x86/...", never by generic code. tests/fuzz/build.sh,
# tests/analyze.sh and bench/run ask for this list with `make -s print-includes`.
INCLUDES := -Isrc/kexec -Isrc/vmcore-dmesg -Isrc/bootentry -Isrc/arch -Isrc/kdump -Isrc/image \
	-Isrc/shared -Isrc/purgatory
CPPFLAGS += $(EXTRA_CPPFLAGS) -D_GNU_SOURCE -DKEXEC_VERSION='"$(VERSION)"' $(INCLUDES)

# The architecture kexec is built for: the compiler's target (a cross compiler gets its own),
# in the kernel's spelling (src/arch/<name>/). Only its purgatory is built and embedded, and
# only its table is linked into kexec.
KEXEC_ARCH := $(shell $(CC) -dumpmachine | sed -e 's/-.*//' -e 's/^x86_64$$/x86/' \
	-e 's/^aarch64$$/arm64/')
ALL_CFLAGS := -std=gnu11 $(WARNINGS) $(CFLAGS) -MMD -MP
# kexec is statically linked: it goes into initramfs images and runs while the system shuts down.
LDFLAGS_STATIC ?= -static

SHARED_SRC := $(wildcard src/shared/*.c)
IMAGE_SRC := $(wildcard src/image/*.c)
KEXEC_SRC := $(wildcard src/kexec/*.c)
# On x86_64, the development host, every architecture's folder is compiled into libkexec.a: its
# parsers are unit-tested and fuzzed there. A build for another target compiles its own folder
# and the others' dump layouts only (vmcore-dmesg reads every architecture's dumps): x86's boot
# data needs <asm/bootparam.h>, which only x86 targets have.
ifeq ($(KEXEC_ARCH),x86)
ARCH_SRC := $(wildcard src/arch/*.c src/arch/*/*.c)
else
ARCH_SRC := $(wildcard src/arch/*.c src/arch/$(KEXEC_ARCH)/*.c src/arch/*/dump.c)
endif
LIB_SRC := $(SHARED_SRC) $(IMAGE_SRC) $(ARCH_SRC) $(wildcard src/kdump/*.c src/bootentry/*.c) $(filter-out src/kexec/main.c,$(KEXEC_SRC))

# vmcore-dmesg's parsers (not its main.c) are pure library code: in libkexec.a, so that unit
# tests link them like everything else.
LIB_SRC += $(filter-out src/vmcore-dmesg/main.c,$(wildcard src/vmcore-dmesg/*.c))

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
# The embedded purgatory is linked by name, not from the archive: arch tables refer to it
# weakly (an arch whose purgatory this build did not make gets NULL), and a weak reference
# does not pull an archive member in.
EMBED_OBJ := $(BUILD)/purgatory/embed.o

UNIT_SRC := $(wildcard tests/unit/test-*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all clean check-unit print-includes print-purgatory-symbol print-purgatory-cflags \
	print-arch
all: $(BUILD)/kexec

print-includes:
	@echo $(INCLUDES)
print-purgatory-symbol:
	@echo $(PURG_EMBED_SYMBOL)
print-purgatory-cflags:
	@echo $(PURG_ARCH_CFLAGS)
print-arch:
	@echo $(KEXEC_ARCH)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# The purgatory: freestanding, position-independent, with its own complete flag set (distro
# defaults such as -fstack-protector-strong would make it read a TLS canary that does not
# exist between two kernels). src/purgatory/ is the arch-neutral part (the check, SHA-256 the
# same source file as userspace's); src/arch/$(KEXEC_ARCH)/purgatory/ the entry, the console,
# the linker script, and arch.mk: PURG_ARCH_CFLAGS, PURG_ARCH_OBJ, PURG_BAD_RELOCS,
# PURG_EMBED_SYMBOL.
PURG_DIR := src/arch/$(KEXEC_ARCH)/purgatory
include $(PURG_DIR)/arch.mk
PURG_CFLAGS := -std=gnu11 -O2 -g0 -ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) -fpie -fvisibility=hidden \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-jump-tables \
	$(PURG_ARCH_CFLAGS) -Wall -Wextra -Isrc/purgatory -Isrc/shared
PURG_OBJ := $(addprefix $(BUILD)/purgatory/,verify.o string.o sha256.o $(PURG_ARCH_OBJ))

$(BUILD)/purgatory/%.o: src/purgatory/%.c
	@mkdir -p $(dir $@)
	$(CC) $(PURG_CFLAGS) -MMD -MP -c -o $@ $<
$(BUILD)/purgatory/%.o: $(PURG_DIR)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(PURG_CFLAGS) -MMD -MP -c -o $@ $<
$(BUILD)/purgatory/sha256.o: src/shared/sha256.c
	@mkdir -p $(dir $@)
	$(CC) $(PURG_CFLAGS) -MMD -MP -c -o $@ $<
$(BUILD)/purgatory/%.o: $(PURG_DIR)/%.S
	@mkdir -p $(dir $@)
	$(CC) $(PURG_CFLAGS) -D__ASSEMBLER__ -c -o $@ $<

# Linked flat at 0; check.sh refuses undefined symbols and absolute relocations, either of
# which would break the blob wherever it is placed.
$(BUILD)/purgatory/purgatory.elf: $(PURG_OBJ) $(PURG_DIR)/purgatory.lds src/purgatory/check.sh
	$(LD) -nostdlib -static --no-dynamic-linker -z noexecstack --no-warn-rwx-segments -T $(PURG_DIR)/purgatory.lds \
		-o $@ $(PURG_OBJ)
	NM=$(NM) READELF=$(READELF) src/purgatory/check.sh '$(PURG_BAD_RELOCS)' $@ $(PURG_OBJ)

$(BUILD)/purgatory/embed.o: src/purgatory/embed.S $(BUILD)/purgatory/purgatory.elf
	$(CC) -c -DPURGATORY_ELF='"$(BUILD)/purgatory/purgatory.elf"' \
		-DPURGATORY_SYMBOL=$(PURG_EMBED_SYMBOL) -o $@ $<

$(BUILD)/libkexec.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

# Compressed kernels are read with the field's libraries, device trees edited with libfdt; all
# linked statically into kexec (a library the target's code does not use is not pulled in).
LDLIBS += -lfdt -lzstd -llzma -lz

# vmcore-dmesg runs in the capture kernel's initramfs: static, like kexec.
all: $(BUILD)/vmcore-dmesg

# The programs users install are linked statically against musl when musl-gcc is there: the same
# code is 0.51 MB stripped against musl and 1.26 MB against glibc. $(BUILD) itself (unit tests,
# sanitizers, fuzzing) always uses the host compiler; the musl objects live in $(BUILD)/musl,
# built by a second make with a header directory that exposes only the kernel's uapi headers
# and the compression libraries' to musl-gcc.
LIBC ?= $(if $(shell command -v musl-gcc 2>/dev/null),musl,glibc)

ifeq ($(LIBC),musl)
MUSL_HEADERS := linux asm-generic video zlib.h zconf.h lzma.h lzma zstd.h zstd_errors.h \
	libfdt.h libfdt_env.h fdt.h
STATIC_LIBS := $(foreach l,fdt zstd lzma z,$(shell $(CC) -print-file-name=lib$(l).a))

$(BUILD)/musl-include/.stamp:
	@mkdir -p $(dir $@)
	for h in $(MUSL_HEADERS); do ln -sfn /usr/include/$$h $(dir $@)$$h; done
	ln -sfn /usr/include/$(shell $(CC) -print-multiarch)/asm $(dir $@)asm
	@touch $@

# One inner make for both programs: two running at once under -j would race on $(BUILD)/musl.
$(BUILD)/musl/.built: $(BUILD)/musl-include/.stamp FORCE
	@$(MAKE) --no-print-directory LIBC=glibc CC=musl-gcc BUILD=$(BUILD)/musl \
		EXTRA_CPPFLAGS="-isystem $(BUILD)/musl-include" LDLIBS="$(STATIC_LIBS)" \
		$(BUILD)/musl/kexec $(BUILD)/musl/vmcore-dmesg $(BUILD)/musl/kexec-fault
	@touch $@

$(BUILD)/kexec $(BUILD)/vmcore-dmesg $(BUILD)/kexec-fault: $(BUILD)/musl/.built
	@cmp -s $(BUILD)/musl/$(notdir $@) $@ || cp $(BUILD)/musl/$(notdir $@) $@
else
$(BUILD)/kexec: $(BUILD)/src/kexec/main.o $(EMBED_OBJ) $(BUILD)/libkexec.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS_STATIC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/vmcore-dmesg: $(BUILD)/src/vmcore-dmesg/main.o $(BUILD)/libkexec.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS_STATIC) $(LDFLAGS) -o $@ $^

$(BUILD)/kexec-fault: $(BUILD)/src/kexec/main.o $(BUILD)/fault/corrupt-segment.o $(EMBED_OBJ) \
		$(BUILD)/libkexec.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS_STATIC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
endif

# The test build: kexec plus the fault injection of tests/fault/, for VM scenarios that prove
# the purgatory halts on a changed segment. Never installed (dist/install.sh names its files).
all: $(BUILD)/kexec-fault
$(BUILD)/fault/%.o: tests/fault/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

.PHONY: FORCE
FORCE:

# arm64, cross-built by the normal build when gcc-aarch64-linux-gnu is installed (tools/deps.sh's
# deps_build installs it): static against glibc, the libraries from dpkg multiarch (:arm64),
# libfdt.a from $(KEXEC_CROSS_LIBS)/aarch64 (libfdt-dev is not multiarch; tools/deps.sh).
# KEXEC_CROSS_ARM64=no skips it (debian/rules: a package holds one architecture's programs).
AARCH64 := aarch64-linux-gnu
KEXEC_CROSS_LIBS ?= /var/cache/kexec-build
KEXEC_CROSS_ARM64 ?= $(if $(shell command -v $(AARCH64)-gcc 2>/dev/null),yes,no)
ifeq ($(KEXEC_ARCH),x86)
ifeq ($(KEXEC_CROSS_ARM64),yes)
ifneq ($(wildcard src/arch/arm64/arch.c),)
all: $(BUILD)/aarch64/.built
$(BUILD)/aarch64/.built: FORCE
	@$(MAKE) --no-print-directory LIBC=glibc CC=$(AARCH64)-gcc LD=$(AARCH64)-ld AR=$(AARCH64)-ar \
		NM=$(AARCH64)-nm READELF=$(AARCH64)-readelf BUILD=$(BUILD)/aarch64 \
		LDFLAGS="-L$(KEXEC_CROSS_LIBS)/aarch64" $(BUILD)/aarch64/kexec $(BUILD)/aarch64/vmcore-dmesg \
		$(BUILD)/aarch64/kexec-fault
	@touch $@
endif
endif
endif

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(EMBED_OBJ) $(BUILD)/libkexec.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(EMBED_OBJ) $(BUILD)/libkexec.a $(LDLIBS)

check-unit: $(UNIT_BIN)
	@pass=0; fail=0; \
	for t in $(UNIT_BIN); do \
		if (cd tests/unit && ../../$$t); then pass=$$((pass+1)); else fail=$$((fail+1)); echo "FAIL $$t"; fi; \
	done; \
	echo "unit: $$pass passed, $$fail failed"; [ $$fail -eq 0 ]

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# make install [DESTDIR=...] [PREFIX=/usr]: kexec, coldreboot, vmcore-dmesg if built, the reboot
# integration (systemd units and shutdown hook, sysvinit scripts, kernel hooks,
# /etc/default/kexec), manual pages and bash completion.  dist/install.sh has the list.
.PHONY: install
install: all
	DESTDIR="$(DESTDIR)" PREFIX="$(or $(PREFIX),/usr)" BUILD="$(BUILD)" \
		$(if $(UNITDIR),UNITDIR="$(UNITDIR)") $(if $(SHUTDOWNDIR),SHUTDOWNDIR="$(SHUTDOWNDIR)") \
		sh dist/install.sh
