# funnel - build, test, demo, benchmark. `make help` lists the targets.

CC       ?= cc
PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build
PKGS     := sqlite3
OPTFLAGS ?= -O2 -g
CFLAGS   += $(OPTFLAGS) -pthread -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Wno-format-truncation -Isrc -I$(BUILD)
LDLIBS   += -lcsv -lsqlite3 -lxlsxwriter -lm -pthread

SOURCES  := $(filter-out src/main.c,$(wildcard src/*.c))
OBJECTS  := $(SOURCES:src/%.c=$(BUILD)/%.o) $(BUILD)/queries.o
TESTS    := $(patsubst tests/%.c,$(BUILD)/%,$(wildcard tests/test_*.c))
QUERIES  := $(sort $(wildcard queries/*.sql) $(wildcard reports/*.gp) $(wildcard reports/*.rules) $(wildcard reports/*.css))
SAMPLES  := $(sort $(wildcard samples/*.csv samples/*.txt))
BIN      ?= funnel
# the message catalogs (po/LANG.po), compiled into BUILD/locale, where the
# in-tree ./funnel reads them; make install puts them under PREFIX/share/locale
# and links an installed funnel that reads them there ($FUNNEL_LOCALEDIR
# overrides either)
LINGUAS  := $(basename $(notdir $(wildcard po/*.po)))
MO_FILES := $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/funnel.mo)
LOCALEDIR ?= $(PREFIX)/share/locale
XGETTEXT_FLAGS := --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ \
    --add-comments=TRANSLATORS: --add-location=file --package-name=funnel \
    --package-version=$(shell sed -n 's/^\#define FUNNEL_VERSION "\(.*\)"/\1/p' src/version.h)
# the fuzz targets (tests/fuzz/fuzz_NAME.c), whose entry points make check
# also runs on each kept regression (files directly in tests/fuzz/regressions/)
FUZZ_TARGETS := import rules report
FUZZ_REGRESSIONS := $(sort $(shell find tests/fuzz/regressions -maxdepth 1 -type f ! -name '.*'))
REPLAYS  := $(FUZZ_TARGETS:%=$(BUILD)/replay_%)
# the samples' last month, week and day, for the demo's meeting packs and daily report
DEMO_MONTH ?= 2026-10
DEMO_WEEK  ?= 2026-W44
DEMO_AS_OF ?= 2026-10-31
# the store of the sample exports that have no store column
DEMO_STORE ?= 星辰汽车4S店
# a salesperson who leaves, for the demo's hand-over sheet, and the month planned
DEMO_LEAVER ?= 杨帆
DEMO_PLAN_MONTH ?= 2026-11

.PHONY: all pot update-po deps deps-browser test check check-sanitize check-valgrind test-browser demo demo-packs fuzz samples bench install uninstall clean fmt lint help

all: funnel

help:
	@echo "make          build ./funnel"
	@echo "make demo     install missing packages, build, import samples/ and write the meeting packs"
	@echo "make test     install missing packages, build, run every test"
	@echo "make bench    time import, grade and report against sqlite3 .import, DuckDB, pandas"
	@echo "make samples  regenerate samples/ (fixed seed)"
	@echo "make install  PREFIX=$(PREFIX) DESTDIR="
	@echo "make pot      extract the messages into po/funnel.pot;  make update-po  merge it into po/*.po"
	@echo "make fmt      clang-format the sources;  make lint  cppcheck and clang-tidy"

deps:
	@sh src/tools/deps.sh

deps-browser:
	@sh src/tools/deps.sh --browser

$(BUILD):
	@mkdir -p $(BUILD)

$(BUILD)/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)
	$(CC) $(CFLAGS) -c $< -o $@

# queries/*.sql and reports/*.gp are embedded so an installed funnel needs no source tree.
$(BUILD)/embed: src/tools/embed.c | $(BUILD)
	$(CC) $(CFLAGS) $< -o $@

$(BUILD)/queries.c: $(BUILD)/embed $(QUERIES)
	$(BUILD)/embed $(QUERIES) > $@

$(BUILD)/queries.o: $(BUILD)/queries.c
	$(CC) $(CFLAGS) -c $< -o $@

ifneq ($(BIN),funnel)
funnel: $(BIN)
endif

# ./funnel reads its message catalogs from the build tree
$(BUILD)/main.o: CFLAGS += -DFUNNEL_LOCALEDIR='"$(abspath $(BUILD))/locale"'

$(BIN): $(BUILD)/main.o $(OBJECTS) | $(MO_FILES)
	$(CC) $(CFLAGS) $(BUILD)/main.o $(OBJECTS) -o $@ $(LDFLAGS) $(LDLIBS)

# msgfmt -c checks that each translation keeps its printf conversions
$(BUILD)/locale/%/LC_MESSAGES/funnel.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt -c -o $@ $<

# po/funnel.pot: every message marked with _() or N_() in src/ (POT=FILE
# writes it elsewhere: tests/check_po.sh compares a fresh one)
POT ?= po/funnel.pot
pot:
	xgettext $(XGETTEXT_FLAGS) -o $(POT) $(sort $(wildcard src/*.c))

update-po: pot
	for po in po/*.po; do msgmerge --quiet --update --backup=none $$po $(POT); done

$(BUILD)/gensamples: src/tools/gensamples.c | $(BUILD)
	$(CC) $(CFLAGS) $< -o $@

$(BUILD)/test_%: tests/test_%.c tests/testutil.h $(OBJECTS) | $(BUILD)
	$(CC) $(CFLAGS) -Itests $< $(OBJECTS) -o $@ $(LDFLAGS) $(LDLIBS) -lcmocka

# Runs every check, even after one fails, and ends with the sum of their
# "N passed, N failed" lines; a check that failed without one counts once.
test: deps-browser
	@log=$$(mktemp); for c in check check-sanitize check-valgrind test-browser; do \
	    { $(MAKE) --no-print-directory $$c || echo "make $$c FAILED"; } 2>&1 | tee -a $$log; \
	done; \
	awk '/^[0-9]+ passed, [0-9]+ failed$$/ { p += $$1; f += $$3; next } \
	     /^make [a-z-]+ FAILED$$/ { broken++ } \
	     END { if (broken > f) f = broken; printf "%d passed, %d failed\n", p, f; exit f > 0 }' $$log; \
	status=$$?; rm -f $$log; exit $$status

# The tests read funnel's English messages: whatever the shell's locale,
# they run with the messages in C and the rest of it as it was (test_i18n
# sets its own).
MESSAGES_IN_C := if [ -n "$${LC_ALL:-}" ]; then export LANG="$$LC_ALL"; unset LC_ALL; fi; \
    export LC_MESSAGES=C; unset LANGUAGE;

# Each check ends with "N passed, N failed": its test programs (and, for
# make check, the fuzz replays, the catalogs' and the manual page's checks).
check: funnel $(TESTS) $(BUILD)/gensamples $(REPLAYS)
	@$(MESSAGES_IN_C) passed=0; failed=0; for t in $(TESTS); do \
	    echo "== $$t"; if (cd tests && FUNNEL_BIN=$(abspath $(BIN)) ../$$t); \
	    then passed=$$((passed + 1)); else failed=$$((failed + 1)); fi; \
	done; \
	for r in $(REPLAYS); do echo "== $$r"; \
	    if $$r $(FUZZ_REGRESSIONS); then passed=$$((passed + 1)); else failed=$$((failed + 1)); fi; \
	done; \
	echo "== tests/check_po.sh"; \
	if sh tests/check_po.sh; then passed=$$((passed + 1)); else failed=$$((failed + 1)); fi; \
	echo "== tests/check_manpage.sh"; \
	if sh tests/check_manpage.sh $(abspath $(BIN)); then passed=$$((passed + 1)); else failed=$$((failed + 1)); fi; \
	echo "$$passed passed, $$failed failed"; \
	[ $$failed = 0 ]

# The same tests, built with AddressSanitizer and UndefinedBehaviorSanitizer.
check-sanitize:
	@$(MAKE) --no-print-directory BUILD=build-asan BIN=build-asan/funnel \
	    OPTFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" check

# The end-to-end tests with every funnel run under valgrind: any memory
# error or definite leak fails the run that has it.
VALGRIND_TESTS := import exports stores targets assignments samples grade report forecast rules i18n
check-valgrind: funnel $(BUILD)/gensamples $(VALGRIND_TESTS:%=$(BUILD)/test_%)
	@$(MESSAGES_IN_C) passed=0; failed=0; for t in $(VALGRIND_TESTS); do echo "== test_$$t under valgrind"; \
	    if (cd tests && FUNNEL_BIN="valgrind -q --error-exitcode=99 --leak-check=full \
	        --errors-for-leak-kinds=definite $(abspath $(BIN))" ../$(BUILD)/test_$$t); \
	    then passed=$$((passed + 1)); else failed=$$((failed + 1)); fi; \
	done; echo "$$passed passed, $$failed failed"; [ $$failed = 0 ]

# Opens the demo's packs in headless Chromium and prints them on A4: the
# weekly on at most 3 pages, the monthly on at most 6 (skipped when Chromium
# or poppler-utils is not installed: make deps-browser).
# A4 pages at most: the weekly meeting's pages are 3, plus next week's plan
# one salesperson to a page (PLAN, read from its JSON); the monthly review
# of a group (stores, pace, conversion, grades, lost sales, changes, sources,
# the forecast, care) 10; the daily report 1
BROWSER_PACKS := weekly:PLAN monthly:10 audit:6 daily:1
test-browser: funnel
	@$(MAKE) --no-print-directory demo-packs >/dev/null
	@plan=$$(sqlite3 :memory: "SELECT 3 + json_array_length(readfile('out/weekly.json'), '$$.followup_by_owner')"); \
	status=0; passed=0; failed=0; for p in $(BROWSER_PACKS); do max=$${p#*:}; [ "$$max" = PLAN ] && max=$$plan; \
	    sh tests/browser/check_pack.sh --max-pages $$max out/$${p%%:*}.html; rc=$$?; \
	    if [ $$rc = 77 ]; then echo "browser test skipped: chromium or poppler-utils is not installed"; exit 0; fi; \
	    if [ $$rc = 0 ]; then passed=$$((passed + 1)); else failed=$$((failed + 1)); status=1; fi; \
	done; echo "$$passed passed, $$failed failed"; exit $$status

samples: $(BUILD)/gensamples
	$(BUILD)/gensamples --out samples

demo: deps
	@$(MAKE) --no-print-directory demo-packs

demo-packs: funnel
	@rm -f demo.db demo.db-wal demo.db-shm
	@./funnel --db demo.db import --store $(DEMO_STORE) $(SAMPLES); test $$? -le 2
	@./funnel --db demo.db report weekly --week $(DEMO_WEEK) --out out >/dev/null
	@./funnel --db demo.db report audit --as-of $(DEMO_AS_OF) --out out >/dev/null
	@./funnel --db demo.db report daily --date $(DEMO_AS_OF) --out out >/dev/null
	@./funnel --db demo.db report handover --salesperson $(DEMO_LEAVER) --store $(DEMO_STORE) \
	    --as-of $(DEMO_AS_OF) --show-phones --out out/handover >/dev/null
	@./funnel --db demo.db plan --buyers 20 --month $(DEMO_PLAN_MONTH) --store $(DEMO_STORE)
	@echo "meeting packs in out/: monthly.html, weekly.html, audit.html, daily.html;"
	@echo "the hand-over sheet of $(DEMO_LEAVER) in out/handover/handover_customers.csv"
	@./funnel --db demo.db report monthly --month $(DEMO_MONTH) --out out

# Times import, grade and the monthly pack against sqlite3 .import, and end to
# end against DuckDB and pandas (the scripts in bench/; installed by the bench
# itself when missing, else skipped); prints a table and PASS/FAIL against the
# targets and goals, writes build/bench/results.json. BENCH_RUNS=N (default
# 3), BENCH_BIG=1 adds 4M-row files, BENCH_ONLY=group runs only the dealer
# group's case (20 stores x 50k rows in one database), BENCH_ONLY=peers only
# the comparison with the peers on the 1M files.
bench: deps funnel $(BUILD)/gensamples
	FUNNEL=$(abspath $(BIN)) GENSAMPLES=$(BUILD)/gensamples bash src/tools/bench.sh

# libFuzzer targets (clang), each tests/fuzz/fuzz_NAME.c: import (the CSV
# reader, the normalizers and an import into an in-memory database), rules
# (the rules-file parser) and report (every report built and rendered over
# an imported fuzzed file). make fuzz [FUZZ_SECONDS=60] runs each for
# FUZZ_SECONDS from its seed corpus (tests/fuzz/corpus*, plus large inputs
# written by tests/fuzz/make_large_seeds.sh). Crashes are saved in
# tests/fuzz/crashes/; keep each as a regression in tests/fuzz/regressions/,
# which make check replays through every target.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_BUILD   ?= build-fuzz
FUZZ_MAX_LEN ?= 1200000

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(SOURCES) $(wildcard src/*.h) $(BUILD)/queries.c
	@sh src/tools/deps.sh clang libclang-rt-14-dev
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) -O1 -g -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra \
	    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	    -Isrc -I$(BUILD) $< $(SOURCES) $(BUILD)/queries.c \
	    -o $@ -lcsv -lsqlite3 -lxlsxwriter -lm -pthread

$(FUZZ_BUILD)/seeds/.made: tests/fuzz/make_large_seeds.sh
	sh tests/fuzz/make_large_seeds.sh $(FUZZ_BUILD)/seeds
	@touch $@

fuzz: $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%) $(FUZZ_BUILD)/seeds/.made
	@mkdir -p tests/fuzz/crashes
	@status=0; for t in $(FUZZ_TARGETS); do \
	    case $$t in import) seeds="tests/fuzz/corpus $(FUZZ_BUILD)/seeds";; \
	        report) seeds="tests/fuzz/corpus_report $(FUZZ_BUILD)/seeds";; \
	        *) seeds=tests/fuzz/corpus_$$t;; esac; \
	    mkdir -p $(FUZZ_BUILD)/corpus_$$t; echo "== fuzz_$$t"; \
	    $(FUZZ_BUILD)/fuzz_$$t -max_len=$(FUZZ_MAX_LEN) -max_total_time=$(FUZZ_SECONDS) -timeout=25 \
	        -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix=tests/fuzz/crashes/$$t- \
	        $(FUZZ_BUILD)/corpus_$$t $$seeds || status=1; \
	done; exit $$status

# The fuzz entry points built with the ordinary compiler and a small main,
# so make check replays tests/fuzz/regressions/ through every target.
$(BUILD)/replay_%: tests/fuzz/replay.c tests/fuzz/fuzz_%.c $(OBJECTS) | $(BUILD)
	$(CC) $(CFLAGS) tests/fuzz/replay.c tests/fuzz/fuzz_$*.c $(OBJECTS) -o $@ $(LDFLAGS) $(LDLIBS)

MANDIR ?= $(PREFIX)/share/man

# The installed funnel is ./funnel linked again with a main.o that reads the
# catalogs from LOCALEDIR (default PREFIX/share/locale), built on each install
# so a new PREFIX is never missed.
install: funnel
	$(CC) $(CFLAGS) -DFUNNEL_LOCALEDIR='"$(LOCALEDIR)"' -c src/main.c -o $(BUILD)/main-install.o
	$(CC) $(CFLAGS) $(BUILD)/main-install.o $(OBJECTS) -o $(BUILD)/funnel-install $(LDFLAGS) $(LDLIBS)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(BUILD)/funnel-install $(DESTDIR)$(PREFIX)/bin/funnel
	install -m 0644 docs/funnel.1 $(DESTDIR)$(MANDIR)/man1/funnel.1
	for l in $(LINGUAS); do \
	    install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	    install -m 0644 $(BUILD)/locale/$$l/LC_MESSAGES/funnel.mo \
	        $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/funnel.mo || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/funnel $(DESTDIR)$(MANDIR)/man1/funnel.1
	for l in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/funnel.mo; done

clean:
	rm -rf $(BUILD) build-asan build-fuzz funnel demo.db demo.db-wal demo.db-shm out

fmt:
	clang-format -i src/*.c src/*.h tests/*.c tests/*.h src/tools/*.c

lint: $(BUILD)/queries.c
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	    --inline-suppr --suppress=missingIncludeSystem -Isrc src
	clang-tidy --quiet src/*.c src/tools/*.c -- -std=c11 -D_DEFAULT_SOURCE -Isrc -I$(BUILD)
