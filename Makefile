# etlctl and etl-app. `make` builds both; `make test` builds the sanitized test binaries and runs every
# test; `make deps` installs what a fresh Debian 12 machine lacks; `make demo` runs the pipeline locally.
#
# Layout of the build (all under build/, never committed):
#   build/rel/   optimized objects and binaries (etlctl, etl-app)
#   build/asan/  the same with ASan + UBSan, plus tests/unit/*.c as test binaries
# Sources are found by directory, so a new file needs no edit here:
#   src/base/*.c         what every part uses: buffers, RFC 3339 time (libetlbase.a)
#   src/aws/*.c          the AWS client library (libetlaws.a), linked by both programs
#   app/*.c              the stream processor (libetlapp.a), app/main.c is etl-app's main
#   src/**/*.c           the tool (libetlctl.a), src/main.c is etlctl's main

VERSION    := 0.1.0
PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR     := $(PREFIX)/bin
SHAREDIR   := $(PREFIX)/share/etlctl

CC         ?= cc
PKGS       := yaml-0.1 json-c libcurl openssl libarchive expat libzstd zlib libmicrohttpd
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lsnappy -lm -lpthread

WARN       := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
DEFS       := -D_GNU_SOURCE -DETLCTL_VERSION='"$(VERSION)"' -DETLCTL_SHAREDIR='"$(SHAREDIR)"'
CSTD       := -std=c11
INCS       := -Isrc -Iapp
REL_FLAGS  := -O2 -g
ASAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined

BASE_SRC   := $(sort $(wildcard src/base/*.c))
AWS_SRC    := $(sort $(wildcard src/aws/*.c))
TOOL_SRC   := $(sort $(filter-out src/base/% src/aws/% src/main.c,$(shell find src -name '*.c' 2>/dev/null)))
APP_SRC    := $(sort $(filter-out app/main.c,$(wildcard app/*.c)))
UNIT_SRC   := $(sort $(wildcard tests/unit/*.c))
FUZZ_SRC   := $(sort $(wildcard tests/fuzz/*.c))

# $(call objs,VARIANT,SOURCES)
objs = $(patsubst %.c,build/$(1)/%.o,$(2))

ifneq ($(wildcard app/main.c),)
PROGRAMS   := etlctl etl-app
else
PROGRAMS   := etlctl
endif

.PHONY: all test check deps demo install install-local-peers uninstall clean bench fuzz format check-deps
.DEFAULT_GOAL := all
.SECONDARY:   # keep object files make considers intermediate (unit tests), so nothing rebuilds twice

all: $(addprefix build/rel/,$(PROGRAMS))
	@ln -sf build/rel/etlctl etlctl
	@if [ -f build/rel/etl-app ]; then ln -sf build/rel/etl-app etl-app; fi

# ---- compile rules, one per variant -------------------------------------------------------------
build/rel/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(DEFS) $(INCS) $(PKG_CFLAGS) $(REL_FLAGS) -MMD -MP -c $< -o $@

build/asan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(DEFS) $(INCS) -Itests/unit $(PKG_CFLAGS) $(ASAN_FLAGS) -MMD -MP -c $< -o $@

# ---- libraries and programs, per variant --------------------------------------------------------
define variant
build/$(1)/libetlbase.a: $(call objs,$(1),$(BASE_SRC))
	@rm -f $$@
	ar rcs $$@ $$^
build/$(1)/libetlaws.a: $(call objs,$(1),$(AWS_SRC))
	@rm -f $$@
	ar rcs $$@ $$^
build/$(1)/libetlapp.a: $(call objs,$(1),$(APP_SRC))
	@rm -f $$@
	ar rcs $$@ $$^
build/$(1)/libetlctl.a: $(call objs,$(1),$(TOOL_SRC))
	@rm -f $$@
	ar rcs $$@ $$^
# etlctl links the app library too: `etlctl results` reads the app's Parquet files with its reader.
build/$(1)/etlctl: build/$(1)/src/main.o build/$(1)/libetlctl.a build/$(1)/libetlapp.a build/$(1)/libetlaws.a build/$(1)/libetlbase.a
	$$(CC) $(2) -o $$@ $$^ $(PKG_LIBS)
build/$(1)/etl-app: build/$(1)/app/main.o build/$(1)/libetlapp.a build/$(1)/libetlaws.a build/$(1)/libetlbase.a
	$$(CC) $(2) -o $$@ $$^ $(PKG_LIBS)
endef
$(eval $(call variant,rel,$(REL_FLAGS)))
$(eval $(call variant,asan,$(ASAN_FLAGS)))

# etl-app for Amazon Linux 2023 (glibc 2.34): every library linked statically but glibc.
# libcurl: Debian 12's libcurl.a has GSSAPI, LDAP and RTMP compiled in, which pull libraries Debian has
# no static archive of (libgssapi_krb5, libsasl2, libp11-kit), so this binary links a minimal libcurl
# (HTTP/HTTPS, OpenSSL, zlib) that app/static/build-curl.sh builds once, into build/static-curl/, from
# Debian's source package of the installed version (same public headers as the objects compiled here).
# `rm -rf build/static-curl` rebuilds it. etlctl and etl-app keep Debian's shared libcurl.
# app/static/*.c define the two glibc 2.35+ symbols that Debian's archives call (arc4random*,
# _dl_find_object).
CURL_STATIC := build/static-curl
STATIC_LIBS := -ljson-c -lssl -lcrypto -lzstd -lexpat -lz -lsnappy -lstdc++
$(CURL_STATIC)/lib/libcurl.a:
	+app/static/build-curl.sh $(CURL_STATIC)
build/rel/etl-app-static: build/rel/app/main.o $(call objs,rel,$(wildcard app/static/*.c)) \
		build/rel/libetlapp.a build/rel/libetlaws.a build/rel/libetlbase.a $(CURL_STATIC)/lib/libcurl.a
	$(CC) $(REL_FLAGS) -static-libgcc -o $@ $^ -Wl,-Bstatic -Wl,--start-group $(STATIC_LIBS) -Wl,--end-group \
		-Wl,-Bdynamic -lm -lpthread -ldl

# Unit tests: each tests/unit/test_*.c is one program linked against all three libraries.
build/asan/tests/unit/%: build/asan/tests/unit/%.o build/asan/tests/unit/harness.o \
		build/asan/libetlctl.a build/asan/libetlapp.a build/asan/libetlaws.a build/asan/libetlbase.a
	$(CC) $(ASAN_FLAGS) -o $@ $^ $(PKG_LIBS)

UNIT_BINS := $(patsubst tests/unit/%.c,build/asan/tests/unit/%,$(filter tests/unit/test_%.c,$(UNIT_SRC)))

# ---- fuzz targets (clang + libFuzzer); `make test` replays their corpora ------------------------
FUZZ_BINS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
FUZZ_FLAGS := -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_LIB_SRC := $(BASE_SRC) $(AWS_SRC) $(APP_SRC) $(TOOL_SRC)
build/fuzz/%: tests/fuzz/%.c $(FUZZ_LIB_SRC)
	@mkdir -p $(@D)
	clang $(CSTD) $(DEFS) $(INCS) $(PKG_CFLAGS) $(FUZZ_FLAGS) -o $@ $< $(FUZZ_LIB_SRC) $(PKG_LIBS)
fuzz: $(FUZZ_BINS)

# ---- the commands of the README -----------------------------------------------------------------
# deps first, then a second make: pkg-config can only answer once the -dev packages are there.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
test: deps
	@$(MAKE) --no-print-directory -j$(JOBS) check

check: $(addprefix build/asan/,$(PROGRAMS)) $(UNIT_BINS) $(FUZZ_BINS) all build/rel/etl-app-static
	@ETLCTL=$(CURDIR)/build/asan/etlctl ETL_APP=$(CURDIR)/build/asan/etl-app \
	 ETLCTL_REL=$(CURDIR)/build/rel/etlctl ETL_APP_REL=$(CURDIR)/build/rel/etl-app \
	 UNIT_DIR=$(CURDIR)/build/asan/tests/unit FUZZ_DIR=$(CURDIR)/build/fuzz \
	 tests/run $(TESTS)

demo: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@tests/demo

bench: deps
	@tests/deps bench
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@tests/bench/run $(BENCH)

deps:
	@tests/deps

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR)/templates
	install -m 0755 build/rel/etlctl $(DESTDIR)$(BINDIR)/etlctl
	install -m 0644 templates/*.yaml $(DESTDIR)$(SHAREDIR)/templates/
	if [ -f build/rel/etl-app ]; then install -m 0755 build/rel/etl-app $(DESTDIR)$(SHAREDIR)/etl-app; fi
	install -m 0644 app/systemd/etl-app.service $(DESTDIR)$(SHAREDIR)/etl-app.service
	@$(MAKE) --no-print-directory install-local-peers

# The local cloud's peers for an installed etlctl (`etlctl local up` looks in $(SHAREDIR)/local): the
# two start scripts and exactly the Node packages they load (a nested package comes with its parent).
install-local-peers:
	@[ -d tests/node_modules/kinesalite ] || tests/deps
	install -d $(DESTDIR)$(SHAREDIR)/local/node_modules
	install -m 0644 tests/lib/kinesalite.js tests/lib/s3rver.js $(DESTDIR)$(SHAREDIR)/local/
	node tests/lib/peer-closure.js tests/node_modules kinesalite s3rver | grep -v '/node_modules/' | while read -r d; do \
		mkdir -p "$(DESTDIR)$(SHAREDIR)/local/node_modules/$$(dirname "$$d")" && \
		rm -rf "$(DESTDIR)$(SHAREDIR)/local/node_modules/$$d" && \
		cp -a "tests/node_modules/$$d" "$(DESTDIR)$(SHAREDIR)/local/node_modules/$$d" || exit 1; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/etlctl
	rm -rf $(DESTDIR)$(SHAREDIR)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build etlctl etl-app

-include $(shell find build -name '*.d' 2>/dev/null)
