# w5 - build, test, install. See README.md.
#
#   make run       install missing Debian packages, build, analyse the bundled
#                  examples and print a readable summary
#   make check     install missing packages, build, run every test
#   make asan      the test suite under AddressSanitizer + UBSan
#   make fuzz      build the libFuzzer targets and run each FUZZ_SECONDS
#   make bench     build and run the benchmarks (needs ../shared/data)
#   make install PREFIX=/usr/local
#
# Sources are found by wildcard: a stage is a folder under src/, a test is
# tests/test_*.c, a fuzz target fuzz/fuzz_*.c, a benchmark bench/*.c.

CC ?= cc
PREFIX ?= /usr/local
BUILD ?= build
OPT ?= -O2 -g
SAN ?=
FUZZ_SECONDS ?= 60
SHARED ?= ../shared

# the ABI version (soname): 1 since w5_token gained feats and w5_options
# parser_ensemble (structs the caller allocates grew)
SONAME_MAJOR = 1
VERSION = 0.2.0

PKG_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
CPPFLAGS_W5 = -Iinclude -Isrc -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
              -DW5_MODEL_DIR='"$(abspath models)"' \
              -DW5_INSTALL_MODEL_DIR='"$(PREFIX)/share/w5/models"' $(PKG_CFLAGS)
CFLAGS_W5 = -std=c11 -Wall -Wextra -Werror -fPIC $(OPT) $(SAN)
LIBS = -lutf8proc -ljansson -lsqlite3 -lxml2 -lz -lzstd -lpthread -lm

LIB_SRC := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
BENCH_SRC := $(sort $(wildcard bench/*.c))

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=build-fuzz/%)

STATIC_LIB = $(BUILD)/libw5.a
SHARED_LIB = $(BUILD)/libw5.so.$(VERSION)
W5 = $(BUILD)/w5

.PHONY: all deps run check test asan fuzz bench install clean models
.DEFAULT_GOAL := all

all: $(STATIC_LIB) $(SHARED_LIB) $(W5)

deps:
	@sh scripts/install-deps.sh

# -MMD: each object depends on exactly the headers it includes.
$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_W5) $(CFLAGS_W5) $(CFLAGS) -MMD -MP -c $< -o $@

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

# The library looks for models in $(PREFIX)/share/w5/models first: rebuild
# the pipeline when PREFIX changes (`make install PREFIX=...`).
$(BUILD)/prefix.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' > $@
$(BUILD)/src/pipeline/pipeline.o: $(BUILD)/prefix.stamp
.PHONY: FORCE

$(STATIC_LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(SHARED_LIB): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libw5.so.$(SONAME_MAJOR) $(SAN) -o $@ $^ $(LIBS)
	ln -sf libw5.so.$(VERSION) $(BUILD)/libw5.so.$(SONAME_MAJOR)
	ln -sf libw5.so.$(SONAME_MAJOR) $(BUILD)/libw5.so

$(W5): $(CLI_OBJ) $(STATIC_LIB)
	$(CC) $(SAN) -o $@ $(CLI_OBJ) $(STATIC_LIB) $(LIBS)

$(BUILD)/tests/%: tests/%.c tests/check.h tests/doc_queries.h $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_W5) $(CFLAGS_W5) $(CFLAGS) -Itests -o $@ $< $(STATIC_LIB) $(LIBS)

$(BUILD)/bench/%: bench/%.c $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_W5) $(CFLAGS_W5) $(CFLAGS) -o $@ $< $(STATIC_LIB) $(LIBS)

run: deps all
	@sh scripts/run-demo.sh $(W5)

test: all $(TEST_BIN)
	@W5=$(W5) BUILD=$(BUILD) sh tests/run.sh $(TEST_BIN)

check: deps
	@$(MAKE) --no-print-directory test

asan:
	@$(MAKE) --no-print-directory test BUILD=build-asan OPT="-O1 -g" \
	    SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"

# libFuzzer needs clang; the fuzz build has its own objects, compiled once
# with coverage instrumentation and linked into every target.
FUZZ_FLAGS = -std=c11 -g -O1 -fsanitize=fuzzer-no-link,address,undefined
FUZZ_OBJ := $(LIB_SRC:%.c=build-fuzz/%.o)
build-fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS_W5) $(FUZZ_FLAGS) -MMD -MP -c $< -o $@
-include $(FUZZ_OBJ:.o=.d)
build-fuzz/libw5.a: $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^
build-fuzz/fuzz_%: fuzz/fuzz_%.c build-fuzz/libw5.a
	clang $(CPPFLAGS_W5) -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
	    -o $@ $< build-fuzz/libw5.a $(LIBS)

fuzz: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do \
	    name=$$(basename $$f); mkdir -p build-fuzz/corpus-$$name; \
	    echo "fuzz: $$name for $(FUZZ_SECONDS)s"; \
	    $$f -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -max_len=65536 \
	        build-fuzz/corpus-$$name fuzz/seeds 2>build-fuzz/$$name.log \
	        || { tail -50 build-fuzz/$$name.log; exit 1; }; \
	    grep -E '^(Done|#[0-9]+ *DONE)' build-fuzz/$$name.log | tail -1; \
	done

bench: all $(BENCH_BIN)
	@for b in $(BENCH_BIN); do echo "== $$b"; $$b $(SHARED)/data || exit 1; done

models: all
	@sh scripts/train-models.sh $(W5) $(SHARED)/data

install: all
	install -d $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
	    $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	    $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/w5/models
	install -m 644 $(STATIC_LIB) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(SHARED_LIB) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libw5.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libw5.so.$(SONAME_MAJOR)
	ln -sf libw5.so.$(SONAME_MAJOR) $(DESTDIR)$(PREFIX)/lib/libw5.so
	install -m 644 include/w5.h $(DESTDIR)$(PREFIX)/include/
	install -m 755 $(W5) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 docs/w5.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	for m in models/*.w5m; do [ -f "$$m" ] && install -m 644 "$$m" $(DESTDIR)$(PREFIX)/share/w5/models/ || true; done
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' w5.pc.in \
	    > $(DESTDIR)$(PREFIX)/lib/pkgconfig/w5.pc

clean:
	rm -rf build build-asan build-fuzz
