#!/bin/sh
# check_pack.sh - opens an HTML meeting pack in headless Chromium: takes an
# A4-sized screenshot (must be a non-empty PNG) and dumps the DOM, which must
# hold at least one data-table, and in which every data-chart figure must hold
# an <svg> (or say "no data", for a chart drawn from zero rows).
# Usage: tests/browser/check_pack.sh HTML_FILE
# Exit: 0 passed, 1 failed (with a message), 77 Chromium is not installed.
# CHROMIUM=/path/to/chromium overrides the browser.

set -u

if [ $# -ne 1 ]; then
    echo "usage: $0 HTML_FILE" >&2
    exit 1
fi
html=$1
if [ ! -s "$html" ]; then
    echo "check_pack: $html is missing or empty" >&2
    exit 1
fi

browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
    for candidate in chromium chromium-browser; do
        if command -v "$candidate" >/dev/null 2>&1; then
            browser=$candidate
            break
        fi
    done
fi
if [ -z "$browser" ] || ! command -v "$browser" >/dev/null 2>&1; then
    echo "check_pack: chromium is not installed (apt-get install chromium): skipped" >&2
    exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/check_pack.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

case $html in
/*) url="file://$html" ;;
*) url="file://$(cd "$(dirname "$html")" && pwd)/$(basename "$html")" ;;
esac

# Runs the browser headless with a fresh profile; extra arguments follow.
run_browser() {
    profile=$(mktemp -d "$work/profile.XXXXXX")
    limit=""
    command -v timeout >/dev/null 2>&1 && limit="timeout 120"
    $limit "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" "$@"
}

fail() {
    echo "check_pack: $html: $*" >&2
    exit 1
}

# (a) a screenshot at A4 proportions (210 x 297 mm at 150 dpi)
shot="$work/page.png"
run_browser --screenshot="$shot" --window-size=1240,1754 "$url" >"$work/shot.log" 2>&1
if [ ! -s "$shot" ]; then
    sed -n '1,20p' "$work/shot.log" >&2
    fail "chromium wrote no screenshot"
fi
signature=$(od -An -tx1 -N8 "$shot" | tr -d ' \n')
[ "$signature" = "89504e470d0a1a0a" ] || fail "the screenshot is not a PNG"

# (b) the DOM after loading
dom="$work/dom.html"
run_browser --dump-dom "$url" >"$dom" 2>"$work/dom.log"
if [ ! -s "$dom" ]; then
    sed -n '1,20p' "$work/dom.log" >&2
    fail "chromium dumped no DOM"
fi

tables=$(grep -o 'data-table="[^"]*"' "$dom" | wc -l)
[ "$tables" -ge 1 ] || fail "no data-table in the page"

# Split the DOM at each </figure>; in each piece the text after the last
# <figure is one figure. Report figures that have neither <svg nor no-data.
report=$(awk 'BEGIN { RS = "</figure>"; charts = 0; empty = 0; bad = "" }
    {
        start = 0
        rest = $0
        while ((i = index(rest, "<figure")) > 0) { start += i; rest = substr(rest, i + 1) }
        if (start == 0) next
        figure = substr($0, start)
        if (figure !~ /data-chart="/) next
        charts++
        name = figure
        sub(/.*data-chart="/, "", name)
        sub(/".*/, "", name)
        if (figure ~ /<svg[ >]/) next
        if (figure ~ /class="no-data"/) { empty++; next }
        bad = bad " " name
    }
    END { printf "%d %d%s\n", charts, empty, bad }' "$dom")
set -- $report
charts=$1
empty=$2
shift 2
[ $# -eq 0 ] || fail "data-chart figure(s) without an <svg>: $*"

echo "check_pack: $html: ok ($tables tables, $charts charts, $empty without data," \
    "screenshot $(wc -c <"$shot") bytes)"
exit 0
