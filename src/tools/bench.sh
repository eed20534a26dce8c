#!/usr/bin/env bash
# bench.sh - times funnel's import, grade, monthly report, forecast and the
# meeting reports (followup, changes, daily) on generated exports, against
# `sqlite3 .import` of the same files and against its peers DuckDB and pandas
# computing the same funnel, and checks the performance targets and goals.
# Run by `make bench` from the top of the source tree, after ./funnel and
# build/gensamples are built.
#
#   BENCH_RUNS=N   runs of each step (default 3); the table gives the median
#                  wall time and the peak memory (max RSS) over the runs
#   BENCH_BIG=1    also 4M-row files, and the 4M-versus-1M memory target
#   BENCH_ONLY=forecast   only the forecast on the 1M visits file: its
#                  import (the baseline), grade, and the forecast
#   BENCH_ONLY=group   only the dealer group's case and the 1M visits import
#                  it is compared with (results in build/bench/results_group.json)
#   BENCH_ONLY=peers   only the peers on the 1M files: the imports, sqlite3
#                  .import, end to end (results in build/bench/results_peers.json)
#   FUNNEL, GENSAMPLES, BENCH_DIR   the binaries and the work folder
#                  (default ./funnel, build/gensamples, build/bench)
#   BENCH_PYTHON   the python with Debian's pandas (default /usr/bin/python3)
#   BENCH_DUCKDB_NODE_API   the @duckdb/node-api version npm installs
#
# Writes BENCH_DIR/visits_N.csv and BENCH_DIR/calls_N.csv (kept and reused while
# they hold the right number of rows), BENCH_DIR/results.json, and prints the
# table and one PASS/FAIL line per target. The group case: 20 stores' visit logs
# of 50k rows each (BENCH_DIR/group/, seeds 1-20), each imported with --store
# into one database, then graded, then the group's monthly pack.
#
# The peers (the scripts in bench/, which say how they read the files): DuckDB
# through @duckdb/node-api, installed with npm into BENCH_DIR/node when npm is
# there (as root, Debian's nodejs and npm are installed when missing); pandas
# from Debian's python3-pandas (installed as root when missing). A peer that
# cannot be installed is skipped with a line saying why. End to end is the
# 1M visits and 1M calls files loaded and the October funnel per owner
# computed: for funnel, `import` of each file and `report monthly` (the pack
# grades what it needs: no `funnel grade` before it); for a peer, its script.
# Before timing a peer, the bench runs it once, untimed, on the small files of
# bench/tiny (their funnel counted by hand in bench/tiny/expected.txt, which
# funnel is checked against too), then on the 1M files, and compares its
# funnel per owner with funnel's `report funnel --format json`; a peer that
# answers differently is a FAIL of the peer's script and is not timed.
#
# It is a benchmark, not a test: it exits 0 when targets fail, and non-zero
# only when it could not measure (a missing tool, a funnel run that failed).
#
# Units: seconds are wall-clock; MB is 2^20 bytes, both for file throughput
# (MB/s of CSV read) and for peak memory (max RSS from /usr/bin/time -v, the
# largest of the process and the children it waited for, e.g. gnuplot).
set -eu
set -o pipefail

cd "$(dirname "$0")/../.."

FUNNEL=${FUNNEL:-./funnel}
# the import's summary line is read below in its English form
if [ -n "${LC_ALL:-}" ]; then export LANG="$LC_ALL"; unset LC_ALL; fi
export LC_MESSAGES=C
unset LANGUAGE
GENSAMPLES=${GENSAMPLES:-build/gensamples}
BENCH_DIR=${BENCH_DIR:-build/bench}
PEERS_DIR=bench # the peer scripts, tracked
PYTHON=${BENCH_PYTHON:-/usr/bin/python3}
DUCKDB_NODE_API=${BENCH_DUCKDB_NODE_API:-1.5.6-r.1}
RUNS=${BENCH_RUNS:-3}
BIG=${BENCH_BIG:-0}
ONLY=${BENCH_ONLY:-}
MONTH=2026-10
DAY=2026-10-31       # the generated files' last day
PLAN_WEEK=2026-W45   # the week after it
RESULTS_JSON="$BENCH_DIR/results.json"
GROUP_STORES=20
GROUP_ROWS=50000

# ---- helpers ----

die() {
    echo "bench: $*" >&2
    exit 1
}

# Arithmetic on decimals, in the C locale: calc 'a / b' a=1 b=3
calc() {
    local expr=$1
    shift
    local args=()
    local kv
    for kv in "$@"; do args+=(-v "$kv"); done
    LC_ALL=C awk "${args[@]}" "BEGIN { print $expr }"
}

# Formats a number with printf FORMAT, or prints "-" when it is empty.
fmt() {
    # shellcheck disable=SC2059
    if [ -z "$2" ]; then echo "-"; else LC_ALL=C printf "$1" "$2"; fi
}

# The median of the numbers given as arguments.
median() {
    printf '%s\n' "$@" | LC_ALL=C sort -g |
        LC_ALL=C awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# Human name of a row count: 100000 -> 100k, 1000000 -> 1m.
size_name() {
    if [ $(($1 % 1000000)) = 0 ]; then echo "$(($1 / 1000000))m"; else echo "$(($1 / 1000))k"; fi
}

# Data rows of a CSV file (lines minus the header; the generator writes no
# line breaks inside fields).
csv_rows() {
    echo $(($(wc -l <"$1") - 1))
}

file_bytes() {
    wc -c <"$1" | tr -d ' '
}

# Makes sure a command exists, installing its Debian package with apt-get when
# running as root.
need_command() {
    local cmd=$1 pkg=$2 test_args=${3:-}
    # shellcheck disable=SC2086
    if command -v "$cmd" >/dev/null 2>&1 && { [ -z "$test_args" ] || "$cmd" $test_args >/dev/null 2>&1; }; then
        return 0
    fi
    if [ "$(id -u)" != 0 ]; then
        die "$cmd is missing (or is not GNU $pkg): install the Debian package '$pkg' (apt-get install $pkg) or run make bench as root"
    fi
    apt_install "$pkg" || die "could not install the Debian package '$pkg'"
    command -v "$cmd" >/dev/null 2>&1 || die "$cmd is still missing after installing $pkg"
}

# apt_install PKG...: installs Debian packages with apt-get (as root only);
# returns non-zero when it could not, with apt-get's messages on stderr.
apt_install() {
    [ "$(id -u)" = 0 ] || return 1
    echo "bench: installing the Debian package(s) $*" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

# ---- databases ----

remove_db() {
    rm -f "$1" "$1-wal" "$1-shm" "$1-journal" "$1.wal" # .wal: DuckDB's
}

# copy_db SRC DST: a fresh copy of a database (and its WAL, if one was left).
copy_db() {
    local ext
    remove_db "$2"
    for ext in "" -wal -shm; do
        if [ -e "$1$ext" ]; then cp "$1$ext" "$2$ext"; fi
    done
}

# ---- sample files ----

# ensure_sample KIND ROWS FILE [SEED]: writes FILE with the generator unless
# it already holds ROWS rows.
ensure_sample() {
    local kind=$1 rows=$2 file=$3 seed=${4:-1}
    if [ -f "$file" ] && [ "$(csv_rows "$file")" = "$rows" ]; then
        echo "reusing $file"
        return 0
    fi
    echo "writing $file ($rows $kind rows, seed $seed)"
    "$GENSAMPLES" --rows "$rows" --kind "$kind" --seed "$seed" --out "$TMP/gen.csv"
    mv "$TMP/gen.csv" "$file"
}

# The group case's store K (1-20): its name and its visit log, written with
# seed K. Phones derive from a customer's number with a prefix drawn from the
# seed, so about one customer in eleven is a customer of another store too.
group_store() {
    printf '门店%02d' "$1"
}

group_file() {
    printf '%s/group/visits_%s_seed%d.csv' "$BENCH_DIR" "$(size_name "$GROUP_ROWS")" "$1"
}

# ensure_group: the stores' files, and $TMP/import_group.sh DB, which imports
# each file under its store's name into DB, one funnel run per store as a
# group's stores send their exports (exit 0 and 2 are both imports).
ensure_group() {
    local k
    mkdir -p "$BENCH_DIR/group"
    for ((k = 1; k <= GROUP_STORES; k++)); do
        ensure_sample visits "$GROUP_ROWS" "$(group_file "$k")" "$k"
    done
    # shellcheck disable=SC2016 # the script's own variables, expanded when it runs
    {
        echo 'db=$1'
        for ((k = 1; k <= GROUP_STORES; k++)); do
            printf '%q --db "$db" import --store %q %q\n' "$FUNNEL" "$(group_store "$k")" "$(group_file "$k")"
            echo 'rc=$?; [ $rc = 0 ] || [ $rc = 2 ] || exit $rc'
        done
    } >"$TMP/import_group.sh"
}

# ensure_overlap FILE: the second half of the 1M visits file's rows followed by
# the first 500k rows of a file generated with another seed, one header.
ensure_overlap() {
    local file=$1 base="$BENCH_DIR/visits_1m.csv"
    if [ -f "$file" ] && [ "$(csv_rows "$file")" = 1000000 ]; then
        echo "reusing $file"
        return 0
    fi
    echo "writing $file (rows 500001-1000000 of $base, then 500000 rows of seed 2)"
    "$GENSAMPLES" --rows 500000 --kind visits --seed 2 --out "$TMP/seed2.csv"
    [ "$(head -n 1 "$TMP/seed2.csv")" = "$(head -n 1 "$base")" ] || die "the seed-2 file has another header than $base"
    {
        head -n 1 "$base"
        tail -n +500002 "$base"
        tail -n +2 "$TMP/seed2.csv" | head -n 500000
    } >"$TMP/overlap.csv"
    rm -f "$TMP/seed2.csv"
    mv "$TMP/overlap.csv" "$file"
}

# ---- measuring ----

# run_timed OK_CODES LOG CMD...: runs CMD under /usr/bin/time -v with its
# output in LOG; sets RUN_SECS (wall) and RUN_KB (max RSS). Dies when CMD exits
# with a status not in OK_CODES.
run_timed() {
    local ok=$1 log=$2 t0 t1 rc=0
    shift 2
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$TMP/time.txt" "$@" >"$log" 2>&1 || rc=$?
    t1=$(date +%s%N)
    case " $ok " in
    *" $rc "*) ;;
    *)
        echo "bench: '$*' exited with status $rc; its last lines:" >&2
        tail -n 15 "$log" >&2
        exit 1
        ;;
    esac
    RUN_SECS=$(calc '(t1 - t0) / 1e9' "t1=$t1" "t0=$t0")
    RUN_KB=$(LC_ALL=C awk -F': *' '/Maximum resident set size/ { print $2 }' "$TMP/time.txt")
    [ -n "$RUN_KB" ] || die "no 'Maximum resident set size' in the output of /usr/bin/time -v"
}

# Results, by step id.
declare -A R_STEP R_ROWS R_BYTES R_SECS R_KB R_BASE
ORDER=()
NOTES=()
WORK_DB= # the database the step runs on, set up by measure before each run
OUT_DIR= # the folder reports write, removed by measure before each run

# measure ID STEP ROWS BYTES BASE_ID OK_CODES FROM CMD...: runs CMD BENCH_RUNS
# times, each on a fresh $WORK_DB (a copy of the database FROM, or none when
# FROM is empty) and with no $OUT_DIR; records the median wall time and the
# peak memory. BYTES is the CSV size read (empty when none); BASE_ID the
# baseline step to compare with (empty when none).
measure() {
    local id=$1 step=$2 rows=$3 bytes=$4 base=$5 ok=$6 from=$7 i peak=0
    local secs=()
    shift 7
    printf '%-42s' "$step"
    for ((i = 1; i <= RUNS; i++)); do
        remove_db "$WORK_DB"
        if [ -n "$from" ]; then copy_db "$from" "$WORK_DB"; fi
        rm -rf "$OUT_DIR"
        run_timed "$ok" "$TMP/run.log" "$@"
        secs+=("$RUN_SECS")
        if [ "$RUN_KB" -gt "$peak" ]; then peak=$RUN_KB; fi
        LC_ALL=C printf ' %.2fs' "$RUN_SECS"
    done
    echo
    record "$id" "$step" "$rows" "$bytes" "$base" "$peak" "${secs[@]}"
}

# record ID STEP ROWS BYTES BASE_ID PEAK_KB SECS...: a step's results, its
# time the median of SECS.
record() {
    local id=$1
    R_STEP[$id]=$2 R_ROWS[$id]=$3 R_BYTES[$id]=$4 R_BASE[$id]=$5 R_KB[$id]=$6
    shift 6
    R_SECS[$id]=$(median "$@")
    ORDER+=("$id")
}

# measure_pair ID_A STEP_A ID_B STEP_B ROWS BYTES: as measure, with exit
# status 0 and no database to start from, for the commands in the arrays
# PAIR_A and PAIR_B run in turn, A then B, BENCH_RUNS times each: the
# machine is shared and its speed drifts over minutes, which then slows or
# speeds both alike, where measuring one after the other would count the
# drift in their ratio.
measure_pair() {
    local ids=("$1" "$3") steps=("$2" "$4") rows=$5 bytes=$6 i k
    local secs_a=() secs_b=() peaks=(0 0)
    for ((i = 1; i <= RUNS; i++)); do
        for k in 0 1; do
            remove_db "$WORK_DB"
            rm -rf "$OUT_DIR"
            if [ "$k" = 0 ]; then
                run_timed 0 "$TMP/run.log" "${PAIR_A[@]}"
                secs_a+=("$RUN_SECS")
            else
                run_timed 0 "$TMP/run.log" "${PAIR_B[@]}"
                secs_b+=("$RUN_SECS")
            fi
            if [ "$RUN_KB" -gt "${peaks[$k]}" ]; then peaks[k]=$RUN_KB; fi
        done
    done
    printf '%-42s' "${steps[0]}"
    LC_ALL=C printf ' %.2fs' "${secs_a[@]}"
    printf '\n%-42s' "${steps[1]}"
    LC_ALL=C printf ' %.2fs' "${secs_b[@]}"
    echo " (in turn with the line above)"
    record "${ids[0]}" "${steps[0]}" "$rows" "$bytes" "" "${peaks[0]}" "${secs_a[@]}"
    record "${ids[1]}" "${steps[1]}" "$rows" "$bytes" "" "${peaks[1]}" "${secs_b[@]}"
}

# expect_import LOG IMPORTED DUPLICATES: notes it when the last run's summary
# does not give these counts (the step would not measure what it claims).
expect_import() {
    local got
    got=$(sed -n 's/.*: read [0-9]*, imported \([0-9]*\), duplicates \([0-9]*\),.*/\1 \2/p' "$1" | head -n 1)
    if [ "$got" != "$2 $3" ]; then
        NOTES+=("$4: expected imported $2, duplicates $3; the summary says '$(grep -m1 ': read ' "$1" || true)'")
    fi
}

# expect_group_import LOG IMPORTED DUPLICATES STEP: as expect_import, over the
# summaries of all the stores' imports.
expect_group_import() {
    local got
    got=$(sed -n 's/.*: read [0-9]*, imported \([0-9]*\), duplicates \([0-9]*\),.*/\1 \2/p' "$1" |
        LC_ALL=C awk '{ i += $1; d += $2; n++ } END { print i + 0, d + 0, n + 0 }')
    if [ "$got" != "$2 $3 $GROUP_STORES" ]; then
        NOTES+=("$4: expected imported $2, duplicates $3 over $GROUP_STORES files; the summaries add up to '$got' (imported, duplicates, files)")
    fi
}

# ---- the steps ----

# bench_imports N: funnel's import of the N-row visits and calls files, each
# into a fresh database, and sqlite3 .import of the same files (the baseline);
# leaves the database the visits import made in $TMP/visits_N.db (N the size
# name).
bench_imports() {
    local n=$1 s visits calls vb cb
    s=$(size_name "$n")
    visits="$BENCH_DIR/visits_$s.csv"
    calls="$BENCH_DIR/calls_$s.csv"
    vb=$(file_bytes "$visits")
    cb=$(file_bytes "$calls")
    measure "import_visits_$s" "import visits $s" "$n" "$vb" "sqlite_visits_$s" "0 2" \
        "" "$FUNNEL" --db "$WORK_DB" import "$visits"
    expect_import "$TMP/run.log" "$n" 0 "import visits $s"
    copy_db "$WORK_DB" "$TMP/visits_$s.db" # the database the import made
    measure "import_calls_$s" "import calls $s" "$n" "$cb" "sqlite_calls_$s" "0 2" \
        "" "$FUNNEL" --db "$WORK_DB" import "$calls"
    expect_import "$TMP/run.log" "$n" 0 "import calls $s"
    measure "sqlite_visits_$s" "sqlite3 .import visits $s" "$n" "$vb" "" "0" \
        "" sqlite3 "$WORK_DB" ".import --csv \"$visits\" t"
    measure "sqlite_calls_$s" "sqlite3 .import calls $s" "$n" "$cb" "" "0" \
        "" sqlite3 "$WORK_DB" ".import --csv \"$calls\" t"
}

# bench_size N: import, baseline, grade and report on the N-row files.
bench_size() {
    local n=$1 s calls
    s=$(size_name "$n")
    calls="$BENCH_DIR/calls_$s.csv"
    echo "== $s rows"
    bench_imports "$n"

    # grade and report on a database holding both files
    measure_base_grade
    copy_db "$TMP/visits_$s.db" "$TMP/both.db"
    "$FUNNEL" --db "$TMP/both.db" import "$calls" >"$TMP/prep.log" 2>&1 || [ $? = 2 ] ||
        { tail -n 15 "$TMP/prep.log" >&2; die "could not import $calls for the grade step"; }
    measure "grade_both_$s" "grade visits+calls $s" $((2 * n)) "" "" "0" \
        "$TMP/both.db" "$FUNNEL" --db "$WORK_DB" grade
    copy_db "$WORK_DB" "$TMP/both.db" # now graded
    measure "report_both_$s" "report monthly visits+calls $s" $((2 * n)) "" "" "0" \
        "$TMP/both.db" \
        "$FUNNEL" --db "$WORK_DB" report monthly --month "$MONTH" --out "$OUT_DIR"
    remove_db "$TMP/both.db"
    remove_db "$WORK_DB"
    rm -rf "$OUT_DIR"
    if [ "$s" != 1m ]; then remove_db "$TMP/visits_$s.db"; fi
}

# measure_base_grade: sets BASE_GRADE_KB, the peak memory of `funnel grade`
# on the 16 contacts of bench/tiny (the program and SQLite with next to no
# contacts: grade refuses an empty database), once.
BASE_GRADE_KB=
measure_base_grade() {
    [ -z "$BASE_GRADE_KB" ] || return 0
    remove_db "$TMP/base.db"
    "$FUNNEL" --db "$TMP/base.db" import "$PEERS_DIR/tiny/visits.csv" "$PEERS_DIR/tiny/calls.csv" \
        >"$TMP/base.log" 2>&1 || [ $? = 2 ] || { tail -n 15 "$TMP/base.log" >&2; die "could not import $PEERS_DIR/tiny"; }
    run_timed 0 "$TMP/base.log" "$FUNNEL" --db "$TMP/base.db" grade
    BASE_GRADE_KB=$RUN_KB
    remove_db "$TMP/base.db"
}

# bench_targets: the steps the targets need beyond the table, on the 1M visits
# file and the database its import made.
bench_targets() {
    local visits="$BENCH_DIR/visits_1m.csv" overlap="$BENCH_DIR/visits_1m_overlap.csv"
    local vdb="$TMP/visits_1m.db" vb ob
    vb=$(file_bytes "$visits")
    ob=$(file_bytes "$overlap")
    echo "== targets on 1m visits"

    measure grade_visits_1m "grade visits 1m" 1000000 "" "" "0" \
        "$vdb" "$FUNNEL" --db "$WORK_DB" grade
    copy_db "$WORK_DB" "$TMP/graded.db"
    measure report_visits_1m "report monthly visits 1m" 1000000 "" "" "0" \
        "$TMP/graded.db" \
        "$FUNNEL" --db "$WORK_DB" report monthly --month "$MONTH" --out "$OUT_DIR"
    # the meeting rhythm on the same graded database: next week's plan (as
    # of the Sunday after the latest contact), the month's grade changes and
    # the latest day's report
    measure followup_visits_1m "report followup visits 1m" 1000000 "" "" "0" \
        "$TMP/graded.db" "$FUNNEL" --db "$WORK_DB" report followup --week "$PLAN_WEEK" --format json
    measure changes_visits_1m "report changes visits 1m" 1000000 "" "" "0" \
        "$TMP/graded.db" "$FUNNEL" --db "$WORK_DB" report changes --month "$MONTH" --format json
    measure daily_visits_1m "report daily visits 1m" 1000000 "" "" "0" \
        "$TMP/graded.db" "$FUNNEL" --db "$WORK_DB" report daily --date "$DAY" --format json
    measure_forecast
    remove_db "$TMP/graded.db"
    measure reimport_visits_1m "import visits 1m again" 1000000 "$vb" sqlite_visits_1m "0 2" \
        "$vdb" "$FUNNEL" --db "$WORK_DB" import "$visits"
    expect_import "$TMP/run.log" 0 1000000 "import visits 1m again"
    measure overlap_onto_1m "import overlap onto 1m db" 1000000 "$ob" "" "0 2" \
        "$vdb" "$FUNNEL" --db "$WORK_DB" import "$overlap"
    expect_import "$TMP/run.log" 500000 500000 "import overlap onto 1m db"
    measure overlap_fresh "import overlap fresh db" 1000000 "$ob" "" "0 2" \
        "" "$FUNNEL" --db "$WORK_DB" import "$overlap"
    expect_import "$TMP/run.log" 1000000 0 "import overlap fresh db"
    remove_db "$WORK_DB"
    rm -rf "$OUT_DIR"
}

# measure_forecast: the forecast as of the latest day on the graded 1M
# visits database ($TMP/graded.db): the Mondays it reads are graded in its
# own pass, as after an import and `funnel grade`.
measure_forecast() {
    measure forecast_visits_1m "report forecast visits 1m" 1000000 "" "" "0" \
        "$TMP/graded.db" "$FUNNEL" --db "$WORK_DB" report forecast --format json
}

# bench_forecast_only: BENCH_ONLY=forecast, the steps the forecast target
# needs and nothing else.
bench_forecast_only() {
    local visits="$BENCH_DIR/visits_1m.csv" vb
    vb=$(file_bytes "$visits")
    echo "== forecast on 1m visits"
    measure import_visits_1m "import visits 1m" 1000000 "$vb" "" "0 2" \
        "" "$FUNNEL" --db "$WORK_DB" import "$visits"
    copy_db "$WORK_DB" "$TMP/visits_1m.db"
    measure grade_visits_1m "grade visits 1m" 1000000 "" "" "0" \
        "$TMP/visits_1m.db" "$FUNNEL" --db "$WORK_DB" grade
    copy_db "$WORK_DB" "$TMP/graded.db"
    measure_forecast
    remove_db "$TMP/graded.db"
    remove_db "$WORK_DB"
}

# The forecast's target: less time than the import of the same data.
print_forecast_target() {
    local imp=${R_SECS[import_visits_1m]}
    target "forecast on 1m visits < import of the file: $(fmt %.2f "${R_SECS[forecast_visits_1m]}") s vs $(fmt %.2f "$imp") s" \
        "${R_SECS[forecast_visits_1m]}" "<" "$imp"
}

# bench_import_1m: the 1M visits import alone, which the group case's import
# is compared with (bench_size measures it on a full run).
bench_import_1m() {
    local visits="$BENCH_DIR/visits_1m.csv"
    echo "== 1m rows (the single store the group is compared with)"
    measure import_visits_1m "import visits 1m" 1000000 "$(file_bytes "$visits")" sqlite_visits_1m \
        "0 2" "" "$FUNNEL" --db "$WORK_DB" import "$visits"
    expect_import "$TMP/run.log" 1000000 0 "import visits 1m"
    remove_db "$WORK_DB"
}

# bench_group: a dealer group in one database: the import of every store's
# file, the grading of all, the group's monthly pack (its stores table must
# list every store).
bench_group() {
    local n=$((GROUP_STORES * GROUP_ROWS)) name bytes=0 k stores
    name="${GROUP_STORES}x$(size_name "$GROUP_ROWS")"
    for ((k = 1; k <= GROUP_STORES; k++)); do
        bytes=$((bytes + $(file_bytes "$(group_file "$k")")))
    done
    echo "== group: $GROUP_STORES stores x $GROUP_ROWS rows in one database"

    # the store's cost to the import: the 1M visits file under a store's name
    local visits="$BENCH_DIR/visits_1m.csv"
    measure import_visits_1m_store "import visits 1m --store" 1000000 "$(file_bytes "$visits")" \
        sqlite_visits_1m "0 2" "" "$FUNNEL" --db "$WORK_DB" import --store "$(group_store 1)" "$visits"
    expect_import "$TMP/run.log" 1000000 0 "import visits 1m --store"
    measure import_group "import group $name" "$n" "$bytes" "" "0" \
        "" bash "$TMP/import_group.sh" "$WORK_DB"
    expect_group_import "$TMP/run.log" "$n" 0 "import group $name"
    copy_db "$WORK_DB" "$TMP/group.db"
    measure grade_group "grade group $name" "$n" "" "" "0" \
        "$TMP/group.db" "$FUNNEL" --db "$WORK_DB" grade
    copy_db "$WORK_DB" "$TMP/group.db" # now graded
    measure report_group "report monthly group $name" "$n" "" "" "0" \
        "$TMP/group.db" \
        "$FUNNEL" --db "$WORK_DB" report monthly --month "$MONTH" --out "$OUT_DIR"
    stores=$(sqlite3 :memory: "SELECT json_array_length(CAST(readfile('$OUT_DIR/monthly.json') AS TEXT), '\$.stores')")
    if [ "$stores" != "$GROUP_STORES" ]; then
        NOTES+=("report monthly group $name: the pack's stores table has '$stores' stores, not $GROUP_STORES")
    fi
    remove_db "$TMP/group.db"
    remove_db "$WORK_DB"
    rm -rf "$OUT_DIR"
}

# ---- the peers: DuckDB and pandas ----

# By peer (duckdb, pandas): its name in the output, what it is (versions),
# why it is not measured (not installed: skipped), why it is not timed (its
# answer differs from funnel's, or its script failed: a FAIL).
declare -A PEER_NAME=([duckdb]=DuckDB [pandas]=pandas) PEER_VERSION PEER_SKIP PEER_FAIL
PEERS=(duckdb pandas)
NODE_DIR= # where npm installs @duckdb/node-api, set by main

# setup_duckdb: @duckdb/node-api $DUCKDB_NODE_API in $NODE_DIR, installed with
# npm (and, as root, Debian's nodejs and npm) when missing; else PEER_SKIP.
setup_duckdb() {
    local installed
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        if ! apt_install nodejs npm; then
            PEER_SKIP[duckdb]="node or npm is missing and could not be installed: install Debian's nodejs and npm, or run make bench as root"
            return 0
        fi
    fi
    installed=$(node -p 'require(process.argv[1]).version' "$NODE_DIR/node_modules/@duckdb/node-api/package.json" 2>/dev/null || true)
    if [ "$installed" != "$DUCKDB_NODE_API" ]; then
        echo "bench: npm install @duckdb/node-api@$DUCKDB_NODE_API into $NODE_DIR" >&2
        mkdir -p "$NODE_DIR"
        if ! npm install --prefix "$NODE_DIR" --no-audit --no-fund --loglevel=error \
            "@duckdb/node-api@$DUCKDB_NODE_API" >"$NODE_DIR/npm.log" 2>&1; then
            PEER_SKIP[duckdb]="npm install @duckdb/node-api@$DUCKDB_NODE_API failed (offline?): see $NODE_DIR/npm.log"
            return 0
        fi
    fi
    PEER_VERSION[duckdb]="@duckdb/node-api $DUCKDB_NODE_API on node $(node --version)"
}

# setup_pandas: Debian's python3-pandas for $PYTHON, installed as root when
# missing; else PEER_SKIP.
setup_pandas() {
    if ! "$PYTHON" -c 'import pandas' >/dev/null 2>&1; then
        if [ "$PYTHON" != /usr/bin/python3 ] || ! apt_install python3-pandas ||
            ! "$PYTHON" -c 'import pandas' >/dev/null 2>&1; then
            PEER_SKIP[pandas]="pandas is missing for $PYTHON and could not be installed: install Debian's python3-pandas (for /usr/bin/python3), or run make bench as root"
            return 0
        fi
    fi
    PEER_VERSION[pandas]="pandas $("$PYTHON" -c 'import pandas; print(pandas.__version__)') on $("$PYTHON" --version 2>&1)"
}

setup_peers() {
    NODE_DIR=$(realpath -m "$BENCH_DIR/node")
    setup_duckdb
    setup_pandas
}

print_peers_setup() {
    local peer
    for peer in "${PEERS[@]}"; do
        if [ -n "${PEER_SKIP[$peer]:-}" ]; then
            echo "${PEER_NAME[$peer]}: skipped: ${PEER_SKIP[$peer]}"
        else
            echo "${PEER_NAME[$peer]}: ${PEER_VERSION[$peer]}"
        fi
    done
}

# peer_command PEER DB ARGS...: sets PEER_CMD to the peer's script with ARGS
# (see the script's first lines), on the database DB when it keeps one.
peer_command() {
    local peer=$1 db=$2
    shift 2
    case $peer in
    duckdb) PEER_CMD=(node "$PEERS_DIR/duckdb_funnel.mjs" --modules "$NODE_DIR" --db "$db" "$@") ;;
    pandas) PEER_CMD=("$PYTHON" "$PEERS_DIR/pandas_funnel.py" "$@") ;;
    *) die "no peer '$peer'" ;;
    esac
}

# funnel_by_owner JSON OUT: the funnel per owner and its total from funnel's
# `report funnel --format json`, as the peers print them: lines
# "salesperson<TAB>prospects<TAB>visitors<TAB>buyers", "(total)" for the
# total, sorted.
funnel_by_owner() {
    sqlite3 -separator $'\t' :memory: "
        WITH report(j) AS (SELECT CAST(readfile('$1') AS TEXT))
        SELECT json_extract(value, '\$.salesperson'), json_extract(value, '\$.prospects'),
               json_extract(value, '\$.visitors'), json_extract(value, '\$.buyers')
        FROM report, json_each(j, '\$.by_owner')
        UNION ALL
        SELECT '(total)', json_extract(j, '\$.prospects'), json_extract(j, '\$.visitors'),
               json_extract(j, '\$.buyers')
        FROM report" | LC_ALL=C sort >"$2"
    [ -s "$2" ] || die "no funnel per owner in $1"
}

# peer_differences EXPECTED_NAME GOT_NAME EXPECTED GOT: one line per number
# in which the funnel in file GOT differs from the one in file EXPECTED (both
# as funnel_by_owner writes them), nothing when they agree.
peer_differences() {
    LC_ALL=C awk -F'\t' -v want="$1" -v got_name="$2" '
        NR == FNR { expected[$1] = $0; next }
        { got[$1] = $0 }
        END {
            split("prospects visitors buyers", names, " ")
            for (k in expected) {
                if (!(k in got)) { print k ": in the answer of " want ", not of " got_name; continue }
                split(expected[k], e, "\t")
                split(got[k], g, "\t")
                for (i = 2; i <= 4; i++)
                    if (e[i] != g[i]) print k " " names[i - 1] ": " want " " e[i] ", " got_name " " g[i]
            }
            for (k in got) if (!(k in expected)) print k ": in the answer of " got_name ", not of " want
        }' "$3" "$4" | LC_ALL=C sort
}

# differences_text EXPECTED_NAME GOT_NAME EXPECTED GOT: the differences in
# one line (the first five), empty when there are none.
differences_text() {
    local diffs
    diffs=$(peer_differences "$@")
    if [ -n "$diffs" ]; then
        echo "its funnel differs from the answer of $1 in $(printf '%s\n' "$diffs" | wc -l) place(s): $(printf '%s\n' "$diffs" | head -n 5 | paste -sd ';' - | sed 's/;/; /g')"
    fi
}

# check_peer PEER EXPECTED_NAME EXPECTED FILES VISITS CALLS: runs the peer
# once, untimed, on VISITS and CALLS (called FILES in what it prints) and
# compares its funnel with the one in file EXPECTED (EXPECTED_NAME's); sets
# PEER_FAIL when it differs or the script fails, and says which.
check_peer() {
    local peer=$1 name=${PEER_NAME[$1]} files=$4 rc=0
    peer_command "$peer" "$WORK_DB" --month "$MONTH" "$5" "$6"
    remove_db "$WORK_DB"
    "${PEER_CMD[@]}" >"$TMP/peer.txt" 2>"$TMP/peer.log" || rc=$?
    remove_db "$WORK_DB"
    if [ "$rc" != 0 ]; then
        PEER_FAIL[$peer]="its script exited with status $rc on $files: $(tail -n 3 "$TMP/peer.log" | tr '\n' ' ')"
    else
        LC_ALL=C sort "$TMP/peer.txt" >"$TMP/peer_sorted.txt"
        PEER_FAIL[$peer]=$(differences_text "$2" "$name" "$3" "$TMP/peer_sorted.txt")
    fi
    if [ -n "${PEER_FAIL[$peer]}" ]; then
        echo "check $name on $files: not timed: ${PEER_FAIL[$peer]}"
    else
        echo "check $name on $files: the same funnel as $2 ($(($(wc -l <"$3") - 1)) owners and the total)"
    fi
}

# check_tiny: funnel's funnel on the small files in bench/tiny against the
# counts worked out by hand there (bench/tiny/expected.txt); a difference is
# a note (funnel and DOMAIN.md 7.1 disagree, or the hand count is wrong).
check_tiny() {
    local diffs
    remove_db "$TMP/tiny.db"
    "$FUNNEL" --db "$TMP/tiny.db" import "$PEERS_DIR/tiny/visits.csv" "$PEERS_DIR/tiny/calls.csv" \
        >"$TMP/tiny.log" 2>&1 || [ $? = 2 ] || { tail -n 15 "$TMP/tiny.log" >&2; die "could not import $PEERS_DIR/tiny"; }
    "$FUNNEL" --db "$TMP/tiny.db" report funnel --month "$MONTH" --format json >"$TMP/tiny.json" ||
        die "funnel report funnel failed on $PEERS_DIR/tiny"
    remove_db "$TMP/tiny.db"
    funnel_by_owner "$TMP/tiny.json" "$TMP/tiny.txt"
    diffs=$(differences_text "the hand count" funnel "$PEERS_DIR/tiny/expected.txt" "$TMP/tiny.txt")
    if [ -n "$diffs" ]; then
        echo "check funnel on $PEERS_DIR/tiny: $diffs"
        NOTES+=("funnel on $PEERS_DIR/tiny: $diffs")
    else
        echo "check funnel on $PEERS_DIR/tiny: the same funnel as the hand count"
    fi
}

# write_e2e_script: $TMP/e2e.sh DB OUT REPORT, funnel end to end on the 1M
# files as a user runs it: `import` of each file into DB, then REPORT:
# `monthly` (the pack into OUT) or `funnel` (its JSON in OUT/funnel.json).
write_e2e_script() {
    local file
    # shellcheck disable=SC2016 # the script's own variables, expanded when it runs
    {
        echo 'db=$1 out=$2 report=$3'
        for file in "$BENCH_DIR/visits_1m.csv" "$BENCH_DIR/calls_1m.csv"; do
            printf '%q --db "$db" import %q\n' "$FUNNEL" "$file"
            echo 'rc=$?; [ $rc = 0 ] || [ $rc = 2 ] || exit $rc'
        done
        printf 'if [ "$report" = monthly ]; then exec %q --db "$db" report monthly --month %q --out "$out"; fi\n' \
            "$FUNNEL" "$MONTH"
        printf 'mkdir -p "$out" && exec %q --db "$db" report funnel --month %q --format json >"$out/funnel.json"\n' \
            "$FUNNEL" "$MONTH"
    } >"$TMP/e2e.sh"
}

# bench_peers: end to end on the 1M visits and calls files for funnel (with
# the monthly pack, and with the funnel report alone) and each peer, and each
# peer's load of each file alone; funnel's end to end with the pack in turn
# with DuckDB's (the goal's ratio), when DuckDB is there and counts alike.
# Funnel's and sqlite3's imports of the files are measured by bench_imports.
bench_peers() {
    local visits="$BENCH_DIR/visits_1m.csv" calls="$BENCH_DIR/calls_1m.csv" vb cb peer name
    vb=$(file_bytes "$visits")
    cb=$(file_bytes "$calls")
    echo "== peers on 1m visits + 1m calls"
    write_e2e_script
    measure e2e_funnel_report_1m "end to end 1m+1m funnel report" 2000000 $((vb + cb)) "" "0" \
        "" bash "$TMP/e2e.sh" "$WORK_DB" "$OUT_DIR" funnel
    funnel_by_owner "$OUT_DIR/funnel.json" "$TMP/funnel_expected.txt"
    remove_db "$WORK_DB"
    rm -rf "$OUT_DIR"
    check_tiny
    for peer in "${PEERS[@]}"; do
        name=${PEER_NAME[$peer]}
        if [ -n "${PEER_SKIP[$peer]:-}" ]; then
            echo "$name: skipped: ${PEER_SKIP[$peer]}"
            continue
        fi
        check_peer "$peer" "the hand count" "$PEERS_DIR/tiny/expected.txt" "$PEERS_DIR/tiny" \
            "$PEERS_DIR/tiny/visits.csv" "$PEERS_DIR/tiny/calls.csv"
        if [ -n "${PEER_FAIL[$peer]}" ]; then continue; fi
        check_peer "$peer" funnel "$TMP/funnel_expected.txt" "the 1m files" "$visits" "$calls"
        if [ -n "${PEER_FAIL[$peer]}" ]; then continue; fi
        peer_command "$peer" "$WORK_DB" --load visits "$visits"
        measure "${peer}_visits_1m" "$name load visits 1m" 1000000 "$vb" sqlite_visits_1m "0" "" "${PEER_CMD[@]}"
        peer_command "$peer" "$WORK_DB" --load calls "$calls"
        measure "${peer}_calls_1m" "$name load calls 1m" 1000000 "$cb" sqlite_calls_1m "0" "" "${PEER_CMD[@]}"
        peer_command "$peer" "$WORK_DB" --month "$MONTH" "$visits" "$calls"
        if [ "$peer" = duckdb ]; then
            PAIR_A=(bash "$TMP/e2e.sh" "$WORK_DB" "$OUT_DIR" monthly)
            PAIR_B=("${PEER_CMD[@]}")
            measure_pair e2e_funnel_1m "end to end 1m+1m monthly pack" "${peer}_e2e_1m" \
                "$name end to end 1m+1m" 2000000 $((vb + cb))
        else
            measure "${peer}_e2e_1m" "$name end to end 1m+1m" 2000000 $((vb + cb)) "" "0" "" \
                "${PEER_CMD[@]}"
        fi
        remove_db "$WORK_DB"
    done
    if [ -z "${R_SECS[e2e_funnel_1m]:-}" ]; then # DuckDB skipped or failed its checks
        measure e2e_funnel_1m "end to end 1m+1m monthly pack" 2000000 $((vb + cb)) "" "0" \
            "" bash "$TMP/e2e.sh" "$WORK_DB" "$OUT_DIR" monthly
        remove_db "$WORK_DB"
        rm -rf "$OUT_DIR"
    fi
}

# ---- output ----

# Derived figures of a step: rows/s, MB/s, ratio to the baseline, peak MB.
derive() {
    local id=$1 base=${R_BASE[$1]}
    D_RPS=$(calc 'r / s' "r=${R_ROWS[$id]}" "s=${R_SECS[$id]}")
    D_MBS=
    if [ -n "${R_BYTES[$id]}" ]; then
        D_MBS=$(calc 'b / 1048576 / s' "b=${R_BYTES[$id]}" "s=${R_SECS[$id]}")
    fi
    D_RATIO=
    if [ -n "$base" ] && [ -n "${R_SECS[$base]:-}" ]; then
        D_RATIO=$(calc 's / b' "s=${R_SECS[$id]}" "b=${R_SECS[$base]}")
    fi
    D_MB=$(calc 'k / 1024' "k=${R_KB[$id]}")
}

print_table() {
    local id
    echo
    printf '%-32s %9s %9s %11s %8s %8s %9s\n' step rows "median s" "rows/s" "MB/s" "x base" "peak MB"
    for id in "${ORDER[@]}"; do
        derive "$id"
        printf '%-32s %9s %9s %11s %8s %8s %9s\n' "${R_STEP[$id]}" "${R_ROWS[$id]}" \
            "$(fmt %.3f "${R_SECS[$id]}")" "$(fmt %.0f "$D_RPS")" "$(fmt %.1f "$D_MBS")" \
            "$(fmt %.2f "$D_RATIO")" "$(fmt %.1f "$D_MB")"
    done
    echo "($RUNS runs each; median wall time, peak max RSS; x base = time / sqlite3 .import of the same file)"
}

json_string() {
    local s=${1//\\/\\\\}
    printf '"%s"' "${s//\"/\\\"}"
}

json_number() {
    # shellcheck disable=SC2059
    if [ -z "$2" ]; then echo null; else LC_ALL=C printf "$1" "$2"; fi
}

write_json() {
    local id sep="" cpu mem_mb date nproc
    nproc=$(nproc)
    cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
    mem_mb=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 }' /proc/meminfo 2>/dev/null || true)
    date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    {
        echo "["
        for id in "${ORDER[@]}"; do
            derive "$id"
            printf '%s  {"step": %s, "rows": %s, "runs": %s, "median_s": %s, "rows_per_s": %s, "mb_per_s": %s, "ratio_to_baseline": %s, "peak_mb": %s,\n' \
                "$sep" "$(json_string "${R_STEP[$id]}")" "${R_ROWS[$id]}" "$RUNS" "$(json_number %.4f "${R_SECS[$id]}")" \
                "$(json_number %.0f "$D_RPS")" "$(json_number %.2f "$D_MBS")" "$(json_number %.3f "$D_RATIO")" \
                "$(json_number %.1f "$D_MB")"
            printf '   "nproc": %s, "cpu_model": %s, "memory_mb": %s, "date": %s}' \
                "$nproc" "$(json_string "${cpu:-unknown}")" "${mem_mb:-null}" "$(json_string "$date")"
            sep=$',\n'
        done
        printf '\n]\n'
    } >"$RESULTS_JSON"
    echo "wrote $RESULTS_JSON"
}

# peer_cell ID: a step's median seconds and peak MB, "-" when not measured.
peer_cell() {
    if [ -z "$1" ] || [ -z "${R_SECS[$1]:-}" ]; then
        echo "-"
    else
        LC_ALL=C printf '%.2f s %6.0f MB' "${R_SECS[$1]}" "$(calc 'k / 1024' "k=${R_KB[$1]}")"
    fi
}

# The jobs of the peers table: its label, then the step of funnel, DuckDB,
# pandas and sqlite3 (empty: not a job that one does).
PEER_JOBS=("import visits 1m|import_visits_1m|duckdb_visits_1m|pandas_visits_1m|sqlite_visits_1m"
    "import calls 1m|import_calls_1m|duckdb_calls_1m|pandas_calls_1m|sqlite_calls_1m"
    "end to end 1m+1m|e2e_funnel_1m|duckdb_e2e_1m|pandas_e2e_1m|")
PEER_COLUMNS=(funnel DuckDB pandas sqlite3)

# print_peers_table: funnel and its peers side by side, then the ratios.
print_peers_table() {
    local job ids id i ratios sep
    echo
    echo "peers on 1m visits + 1m calls (median wall time, peak max RSS; $RUNS run(s) each):"
    printf '%-20s' job
    printf ' %17s' "${PEER_COLUMNS[@]}"
    echo
    for job in "${PEER_JOBS[@]}"; do
        IFS='|' read -r -a ids <<<"${job#*|}"
        printf '%-20s' "${job%%|*}"
        for ((i = 0; i < 4; i++)); do printf ' %17s' "$(peer_cell "${ids[$i]:-}")"; done
        echo
    done
    echo "import: funnel import FILE into a fresh database; DuckDB CREATE TABLE AS read_csv (all_varchar) into a"
    echo "  fresh database file; pandas read_csv (dtype=str) into memory; sqlite3 .import --csv into a fresh database."
    echo "end to end: funnel import visits, import calls, report monthly --month $MONTH (the pack grades what it"
    echo "  needs; no funnel grade), three runs of ./funnel in one script; DuckDB and pandas: their script in bench/"
    echo "  loading both files as above and computing the funnel per owner; sqlite3 computes no funnel."
    echo "  funnel's and DuckDB's end to end runs take turns (funnel, DuckDB, funnel, ...)."
    if [ -n "${R_SECS[e2e_funnel_report_1m]:-}" ]; then
        echo "  funnel with report funnel --format json instead of the pack: $(peer_cell e2e_funnel_report_1m)"
    fi
    echo "ratios, funnel / peer (time, peak memory):"
    for job in "${PEER_JOBS[@]}"; do
        IFS='|' read -r -a ids <<<"${job#*|}"
        ratios='' sep=''
        for ((i = 1; i < 4; i++)); do
            id=${ids[$i]:-}
            if [ -n "$id" ] && [ -n "${R_SECS[$id]:-}" ] && [ -n "${R_SECS[${ids[0]}]:-}" ]; then
                ratios+="$sep${PEER_COLUMNS[$i]} $(fmt %.2f "$(calc 'a / b' "a=${R_SECS[${ids[0]}]}" "b=${R_SECS[$id]}")") x,"
                ratios+=" $(fmt %.2f "$(calc 'a / b' "a=${R_KB[${ids[0]}]}" "b=${R_KB[$id]}")") x"
                sep="; "
            fi
        done
        echo "  ${job%%|*}: ${ratios:-no peer measured}"
    done
}

FAILS=0

# target TEXT VALUE LIMIT: PASS when VALUE <= LIMIT (strictly below with "<").
target() {
    local text=$1 value=$2 op=$3 limit=$4 ok
    ok=$(calc "v $op l ? 1 : 0" "v=$value" "l=$limit")
    if [ "$ok" = 1 ]; then echo "PASS  $text"; else
        echo "FAIL  $text"
        FAILS=$((FAILS + 1))
    fi
}

# target_group: the store dimension keeps the import's pace: the 1M visits
# file imported under a store's name within 10% of its rows/s without one.
# The group's 20 imports into one database, each its own funnel run,
# transaction and checkpoint, are a figure beside it.
target_group() {
    local group_rps one_rps store_rps
    group_rps=$(calc 'r / s' "r=${R_ROWS[import_group]}" "s=${R_SECS[import_group]}")
    one_rps=$(calc 'r / s' "r=${R_ROWS[import_visits_1m]}" "s=${R_SECS[import_visits_1m]}")
    store_rps=$(calc 'r / s' "r=${R_ROWS[import_visits_1m_store]}" "s=${R_SECS[import_visits_1m_store]}")
    target "import visits 1m under --store within 10% of the rows/s without: $(fmt %.0f "$store_rps") vs $(fmt %.0f "$one_rps") rows/s ($(fmt %.3f "$(calc 's / o' "s=$store_rps" "o=$one_rps")") x)" \
        "$(calc '0.9 * o' "o=$one_rps")" "<=" "$store_rps"
    echo "----  group import, $GROUP_STORES funnel runs into one database: $(fmt %.0f "$group_rps") rows/s, $(fmt %.3f "$(calc 'g / o' "g=$group_rps" "o=$one_rps")") x the 1m file's"
}

# target_imports LIMIT: the 1M imports against sqlite3 .import of the same
# file: at most LIMIT times its time.
target_imports() {
    local kind r
    for kind in visits calls; do
        r=$(calc 'a / b' "a=${R_SECS[import_${kind}_1m]}" "b=${R_SECS[sqlite_${kind}_1m]}")
        target "import $kind 1m <= $1 x sqlite3 .import: $(fmt %.2f "$r") x" "$r" "<=" "$1"
    done
}

# print_goals: the goals against the peers, and with BENCH_BIG=1 those of
# scaling; a peer whose script answered differently from funnel is a FAIL.
print_goals() {
    local r peer f d step label size contacts bytes
    echo
    echo "goals:"
    if [ -n "${R_SECS[duckdb_e2e_1m]:-}" ]; then
        f=${R_SECS[e2e_funnel_1m]} d=${R_SECS[duckdb_e2e_1m]}
        r=$(calc 'f / d' "f=$f" "d=$d")
        target "end to end 1m+1m <= 1.0 x DuckDB: $(fmt %.2f "$f") s vs $(fmt %.2f "$d") s ($(fmt %.2f "$r") x)" "$r" "<=" 1.0
        f=${R_KB[e2e_funnel_1m]} d=${R_KB[duckdb_e2e_1m]}
        target "end to end 1m+1m peak memory <= 1/4 of DuckDB's: $(fmt %.1f "$(calc 'k / 1024' "k=$f")") MB vs $(fmt %.1f "$(calc 'k / 1024' "k=$d")") MB / 4 ($(fmt %.2f "$(calc 'f / d' "f=$f" "d=$d")") x)" \
            "$f" "<=" "$(calc 'd / 4' "d=$d")"
    else
        echo "----  end to end 1m+1m <= 1.0 x DuckDB at <= 1/4 of its peak memory: not measured: DuckDB: ${PEER_SKIP[duckdb]:-${PEER_FAIL[duckdb]:-}}"
    fi
    target_imports 1.0
    if [ -n "${R_SECS[grade_both_4m]:-}" ]; then
        for step in grade report; do
            label=grade
            if [ "$step" = report ]; then label="monthly pack"; fi
            r=$(calc 'a / b' "a=${R_SECS[${step}_both_4m]}" "b=${R_SECS[${step}_both_1m]}")
            target "$label visits+calls 4m within 4.4 x 1m: $(fmt %.2f "${R_SECS[${step}_both_4m]}") s vs $(fmt %.2f "${R_SECS[${step}_both_1m]}") s ($(fmt %.2f "$r") x)" \
                "$r" "<=" 4.4
        done
        echo "      import peak memory flat from 1m to 4m: the 4m-versus-1m import targets above"
    else
        echo "----  grade and monthly pack 4m+4m within 4.4 x 1m+1m, import memory flat to 4m: not measured: set BENCH_BIG=1 (without BENCH_ONLY)"
    fi
    for size in 4m 1m; do
        if [ -n "${R_KB[grade_both_$size]:-}" ]; then break; fi
    done
    if [ -n "${R_KB[grade_both_$size]:-}" ]; then
        contacts=${R_ROWS[grade_both_$size]}
        bytes=$(calc '(k - b) * 1024 / c' "k=${R_KB[grade_both_$size]}" "b=$BASE_GRADE_KB" "c=$contacts")
        label="grading memory <= 50 bytes per contact at $size+$size: (peak RSS of funnel grade $(fmt %.1f "$(calc 'k / 1024' "k=${R_KB[grade_both_$size]}")") MB - peak RSS of funnel grade on the 16 contacts of bench/tiny $(fmt %.1f "$(calc 'k / 1024' "k=$BASE_GRADE_KB")") MB) / $contacts contacts = $(fmt %.0f "$bytes") bytes"
        if [ "$size" = 4m ]; then
            target "$label" "$bytes" "<=" 50
        else
            echo "----  $label (the goal is at 4m: set BENCH_BIG=1)"
        fi
    else
        echo "----  grading memory <= 50 bytes per contact: not measured: set BENCH_BIG=1 (without BENCH_ONLY)"
    fi
    for peer in "${PEERS[@]}"; do
        if [ -n "${PEER_FAIL[$peer]:-}" ]; then
            echo "FAIL  the ${PEER_NAME[$peer]} script computes the same funnel as funnel (not timed): ${PEER_FAIL[$peer]}"
            FAILS=$((FAILS + 1))
        elif [ -n "${PEER_SKIP[$peer]:-}" ]; then
            echo "----  ${PEER_NAME[$peer]}: skipped: ${PEER_SKIP[$peer]}"
        fi
    done
}

# print_notes: the notes of steps that did not measure what they claim, and
# the verdict.
print_notes() {
    local note
    for note in ${NOTES[@]+"${NOTES[@]}"}; do echo "note: $note"; done
    if [ "$FAILS" -gt 0 ]; then
        echo "bench: $FAILS target(s) FAILED (a benchmark: exit status 0 all the same)"
    else
        echo "bench: all targets met"
    fi
}

print_targets() {
    local kind id max_kb=0 max_id="" big_kb one_kb
    echo
    echo "targets:"
    target_imports 1.5
    for id in "${ORDER[@]}"; do
        case $id in import_* | reimport_* | overlap_*)
            if [ "${R_KB[$id]}" -gt "$max_kb" ]; then
                max_kb=${R_KB[$id]}
                max_id=$id
            fi
            ;;
        esac
    done
    target "import peak memory < 64 MB: $(fmt %.1f "$(calc 'k / 1024' "k=$max_kb")") MB (${R_STEP[$max_id]})" "$max_kb" "<" $((64 * 1024))
    if [ "$BIG" = 1 ]; then
        for kind in visits calls; do
            big_kb=${R_KB[import_${kind}_4m]}
            one_kb=${R_KB[import_${kind}_1m]}
            target "import $kind 4m peak memory <= 1.1 x 1m: $(fmt %.1f "$(calc 'k / 1024' "k=$big_kb")") MB vs $(fmt %.1f "$(calc 'k / 1024' "k=$one_kb")") MB" \
                "$big_kb" "<=" "$(calc '1.1 * k' "k=$one_kb")"
        done
    else
        echo "----  import 4m peak memory <= 1.1 x 1m: not measured: set BENCH_BIG=1"
    fi
    local imp=${R_SECS[import_visits_1m]}
    target "grade 1m visits < import of the file: $(fmt %.2f "${R_SECS[grade_visits_1m]}") s vs $(fmt %.2f "$imp") s" \
        "${R_SECS[grade_visits_1m]}" "<" "$imp"
    target "monthly report on 1m visits < half the import: $(fmt %.2f "${R_SECS[report_visits_1m]}") s vs $(fmt %.2f "$imp") s / 2" \
        "${R_SECS[report_visits_1m]}" "<" "$(calc 'i / 2' "i=$imp")"
    local step
    for step in followup changes daily; do
        target "$step report on 1m visits < half the import: $(fmt %.2f "${R_SECS[${step}_visits_1m]}") s vs $(fmt %.2f "$imp") s / 2" \
            "${R_SECS[${step}_visits_1m]}" "<" "$(calc 'i / 2' "i=$imp")"
    done
    target "import of a file already imported <= 1/10 of the first: $(fmt %.2f "${R_SECS[reimport_visits_1m]}") s vs $(fmt %.2f "$imp") s / 10" \
        "${R_SECS[reimport_visits_1m]}" "<=" "$(calc 'i / 10' "i=$imp")"
    target "half-overlapping file onto the 1m db <= fresh import: $(fmt %.2f "${R_SECS[overlap_onto_1m]}") s vs $(fmt %.2f "${R_SECS[overlap_fresh]}") s" \
        "${R_SECS[overlap_onto_1m]}" "<=" "${R_SECS[overlap_fresh]}"
    print_forecast_target
    target_group
    print_goals
    print_notes
}

# ---- main ----

main() {
    case $RUNS in '' | *[!0-9]* | 0) die "BENCH_RUNS must be a positive number, not '$RUNS'" ;; esac
    case $ONLY in '' | group | forecast | peers) ;; *) die "BENCH_ONLY must be empty, 'group', 'forecast' or 'peers', not '$ONLY'" ;; esac
    [ -x "$FUNNEL" ] || die "$FUNNEL is not built (make funnel)"
    [ -x "$GENSAMPLES" ] || die "$GENSAMPLES is not built (make build/gensamples)"
    need_command /usr/bin/time time "-v true"
    need_command sqlite3 sqlite3

    mkdir -p "$BENCH_DIR"
    TMP=$(mktemp -d "$BENCH_DIR/tmp.XXXXXX")
    trap 'rm -rf "$TMP"' EXIT
    trap 'exit 130' INT TERM
    WORK_DB="$TMP/work.db"
    OUT_DIR="$TMP/out"

    if [ "$ONLY" = forecast ]; then
        ensure_sample visits 1000000 "$BENCH_DIR/visits_1m.csv"
        echo "funnel: $("$FUNNEL" --version); $(nproc) CPUs; $RUNS run(s) per step"
        bench_forecast_only
        print_table
        echo
        echo "targets:"
        print_forecast_target
        return 0
    fi
    if [ "$ONLY" = peers ]; then
        RESULTS_JSON="$BENCH_DIR/results_peers.json"
        ensure_sample visits 1000000 "$BENCH_DIR/visits_1m.csv"
        ensure_sample calls 1000000 "$BENCH_DIR/calls_1m.csv"
        setup_peers
        echo "funnel: $("$FUNNEL" --version); $(nproc) CPUs; $RUNS run(s) per step; the peers only"
        print_peers_setup
        echo "== 1m rows"
        bench_imports 1000000
        remove_db "$TMP/visits_1m.db"
        bench_peers
        print_table
        print_peers_table
        write_json
        print_goals
        print_notes
        return 0
    fi
    if [ "$ONLY" = group ]; then
        RESULTS_JSON="$BENCH_DIR/results_group.json"
        ensure_sample visits 1000000 "$BENCH_DIR/visits_1m.csv"
        ensure_group
        echo "funnel: $("$FUNNEL" --version); $(nproc) CPUs; $RUNS run(s) per step; the group case only"
        bench_import_1m
        bench_group
        print_table
        write_json
        echo
        echo "targets:"
        target_group
        print_notes
        return 0
    fi

    local sizes=(100000 1000000) n s
    if [ "$BIG" = 1 ]; then sizes+=(4000000); fi
    for n in "${sizes[@]}"; do
        s=$(size_name "$n")
        ensure_sample visits "$n" "$BENCH_DIR/visits_$s.csv"
        ensure_sample calls "$n" "$BENCH_DIR/calls_$s.csv"
    done
    ensure_overlap "$BENCH_DIR/visits_1m_overlap.csv"
    ensure_group
    setup_peers

    echo "funnel: $("$FUNNEL" --version); $(nproc) CPUs; $RUNS run(s) per step"
    print_peers_setup
    for n in "${sizes[@]}"; do
        bench_size "$n"
        if [ "$n" = 1000000 ]; then
            bench_targets
            bench_peers
            # next to the 1M import it is compared with: after the 4M steps,
            # the system still writing their gigabytes out slows an import
            bench_group
        fi
    done
    remove_db "$TMP/visits_1m.db"

    print_table
    print_peers_table
    write_json
    print_targets
}

main "$@"
