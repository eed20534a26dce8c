# funnel - build, test, demo, benchmark. `make help` lists the targets.

CC       ?= cc
PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build
PKGS     := sqlite3
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Wno-format-truncation -Isrc -I$(BUILD)
LDLIBS   += -lcsv -lsqlite3 -lm

SOURCES  := $(filter-out src/main.c,$(wildcard src/*.c))
OBJECTS  := $(SOURCES:src/%.c=$(BUILD)/%.o) $(BUILD)/queries.o
TESTS    := $(patsubst tests/%.c,$(BUILD)/%,$(wildcard tests/test_*.c))
QUERIES  := $(sort $(wildcard queries/*.sql) $(wildcard reports/*.gp) $(wildcard reports/*.rules) $(wildcard reports/*.css))
SAMPLES  := $(sort $(wildcard samples/*.csv))

.PHONY: all deps test check demo samples bench install uninstall clean fmt lint help

all: funnel

help:
	@echo "make          build ./funnel"
	@echo "make demo     install missing packages, build, import samples/ and write the meeting packs"
	@echo "make test     install missing packages, build, run every test"
	@echo "make bench    time import, grade and report against sqlite3 .import"
	@echo "make samples  regenerate samples/ (fixed seed)"
	@echo "make install  PREFIX=$(PREFIX) DESTDIR="
	@echo "make fmt      clang-format the sources;  make lint  cppcheck and clang-tidy"

deps:
	@sh tools/deps.sh

$(BUILD):
	@mkdir -p $(BUILD)

$(BUILD)/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)
	$(CC) $(CFLAGS) -c $< -o $@

# queries/*.sql and reports/*.gp are embedded so an installed funnel needs no source tree.
$(BUILD)/embed: tools/embed.c | $(BUILD)
	$(CC) $(CFLAGS) $< -o $@

$(BUILD)/queries.c: $(BUILD)/embed $(QUERIES)
	$(BUILD)/embed $(QUERIES) > $@

$(BUILD)/queries.o: $(BUILD)/queries.c
	$(CC) $(CFLAGS) -c $< -o $@

funnel: $(BUILD)/main.o $(OBJECTS)
	$(CC) $(CFLAGS) $^ -o $@ $(LDFLAGS) $(LDLIBS)

$(BUILD)/gensamples: tools/gensamples.c | $(BUILD)
	$(CC) $(CFLAGS) $< -o $@

$(BUILD)/test_%: tests/test_%.c tests/testutil.h $(OBJECTS) | $(BUILD)
	$(CC) $(CFLAGS) -Itests $< $(OBJECTS) -o $@ $(LDFLAGS) $(LDLIBS) -lcmocka

test: deps
	@$(MAKE) --no-print-directory check

check: funnel $(TESTS)
	@status=0; for t in $(TESTS); do \
	    echo "== $$t"; (cd tests && ../$$t) || status=1; \
	done; \
	if [ $$status = 0 ]; then echo "all test programs passed"; else echo "some tests FAILED"; fi; \
	exit $$status

samples: $(BUILD)/gensamples
	$(BUILD)/gensamples --out samples

demo: deps
	@$(MAKE) --no-print-directory funnel
	rm -f demo.db demo.db-wal demo.db-shm
	./funnel --db demo.db import $(SAMPLES); test $$? -le 2

install: funnel
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 funnel $(DESTDIR)$(PREFIX)/bin/funnel

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/funnel

clean:
	rm -rf $(BUILD) funnel demo.db demo.db-wal demo.db-shm out

fmt:
	clang-format -i src/*.c src/*.h tests/*.c tests/*.h tools/*.c

lint: $(BUILD)/queries.c
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	    --inline-suppr --suppress=missingIncludeSystem -Isrc src tools
	clang-tidy --quiet src/*.c -- -std=c11 -D_DEFAULT_SOURCE -Isrc -I$(BUILD)
