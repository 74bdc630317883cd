# Thin wrapper around Meson for the two commands of the README:
#   make run    — set up, build and analyze this machine's own kernel logs
#   make check  — set up and run the whole test suite (plain and ASan+UBSan builds)
BUILD      ?= build
ASAN_BUILD ?= build-asan

.PHONY: all deps run check bench fuzz clean

all: $(BUILD)/build.ninja
	meson compile -C $(BUILD)

deps:
	@tools/install-deps.sh

$(BUILD)/build.ninja:
	@tools/install-deps.sh
	meson setup $(BUILD) --buildtype=debugoptimized >/dev/null

$(ASAN_BUILD)/build.ninja:
	@tools/install-deps.sh
	meson setup $(ASAN_BUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false >/dev/null

# Exit 1 (no OOM kill found) and 3 (a log was unreadable) are answers, not failures.
run: all
	@$(BUILD)/oomlens; s=$$?; [ $$s -le 1 ] || [ $$s -eq 3 ]

check: all $(ASAN_BUILD)/build.ninja
	meson compile -C $(ASAN_BUILD)
	@tests/run-suite.sh $(BUILD) $(ASAN_BUILD)

bench: all
	bench/run.sh $(BUILD)/oomlens
	bench/top.sh $(BUILD)/oomlens

fuzz:
	tests/fuzz/run.sh build-fuzz 300

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
