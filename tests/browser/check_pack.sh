#!/bin/sh
# check_pack.sh - opens an HTML meeting pack in headless Chromium: takes an
# A4-sized screenshot (must be a non-empty PNG) and dumps the DOM, which must
# hold at least one data-table, and in which every data-chart figure must hold
# an <svg> (or say "no data", for a chart drawn from zero rows). Then prints
# it to PDF on A4 and reads the PDF back (pdfinfo, pdftotext): at most
# MAX_PAGES pages; every page but the first carries the running header; no
# page without a section heading or a table's header (a chart never stands
# alone on a page); the title of every drawn chart printed; no outcome or
# reason code (DEFEAT, LOST, price, ... and the reasons of NAME.json beside
# the page) in the text; no date or number broken across lines; chart text
# drawn at 12 px (9 pt on paper) or more.
# Usage: tests/browser/check_pack.sh [--max-pages N] HTML_FILE
# Exit: 0 passed, 1 failed (with a message), 77 Chromium or poppler-utils is
# not installed.
# CHROMIUM=/path/to/chromium overrides the browser.

set -u

max_pages=0
if [ $# -ge 2 ] && [ "$1" = "--max-pages" ]; then
    max_pages=$2
    shift 2
fi
if [ $# -ne 1 ]; then
    echo "usage: $0 [--max-pages N] HTML_FILE" >&2
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
if ! command -v pdfinfo >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
    echo "check_pack: pdfinfo/pdftotext are not installed (apt-get install poppler-utils): skipped" >&2
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

# (c) printed on A4: pages, and the text read back
pdf="$work/pack.pdf"
run_browser --no-pdf-header-footer --print-to-pdf="$pdf" "$url" >"$work/pdf.log" 2>&1
if [ ! -s "$pdf" ]; then
    sed -n '1,20p' "$work/pdf.log" >&2
    fail "chromium printed no PDF"
fi
pdfinfo "$pdf" >"$work/pdf.info" 2>&1 || fail "pdfinfo cannot read the printed PDF"
pages=$(sed -n 's/^Pages: *//p' "$work/pdf.info")
[ -n "$pages" ] || fail "pdfinfo cannot read the printed PDF"
grep -q '^Page size: *59[45].* x 84[12]' "$work/pdf.info" || fail "not printed on A4: $(grep '^Page size' "$work/pdf.info")"
if [ "$max_pages" -gt 0 ] && [ "$pages" -gt "$max_pages" ]; then
    fail "prints on $pages A4 pages, more than $max_pages"
fi
text="$work/pack.txt"
pdftotext -enc UTF-8 "$pdf" "$text" || fail "pdftotext cannot read the printed PDF"

# the codes people must not read: outcomes, and the reasons the JSON names
json="${html%.html}.json"
codes="FOLLOW ORDER DELIVERED DEFEAT LOST unreachable competitor price budget stock confidence needs service postponed other"
if [ -s "$json" ]; then
    codes="$codes $(grep -o '"reason": *"[^"]*"' "$json" | sed 's/.*"\([^"]*\)"$/\1/' | sort -u | tr '\n' ' ')"
fi
for code in $codes; do
    if grep -qw -- "$code" "$text"; then
        fail "the printed text shows the code '$code': $(grep -w -m1 -- "$code" "$text")"
    fi
done

# a date or number broken across lines leaves a line ending in a digit and a hyphen
broken=$(grep -E '[0-9]-$' "$text" | head -3 | tr '\n' '|')
[ -z "$broken" ] || fail "a date or number is broken across lines: $broken"

# every drawn chart's title is printed (the chart draws it; the caption is
# hidden in print)
titles="$work/titles.txt"
awk 'BEGIN { RS = "</figure>" } /data-chart="/ && /<svg[ >]/ {
        if (match($0, /<figcaption>[^<]*<\/figcaption>/))
            print substr($0, RSTART + 12, RLENGTH - 25)
    }' "$dom" | sed -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' -e "s/&#39;/'/g" \
    -e 's/&amp;/\&/g' >"$titles"
flat="$work/flat.txt"
tr -s ' \n\f' ' ' <"$text" >"$flat"
while IFS= read -r title; do
    grep -qF -- "$title" "$flat" || fail "the chart \"$title\" is not in the printed text"
done <"$titles"

# chart text at 12 px or more: charts are shown at their drawn size, where
# 12 px prints as 9 pt
small=$(grep -o 'font-size="[0-9.]*"' "$dom" | sed 's/[^0-9.]//g' |
    awk '$1 < 12 { print; exit }')
[ -z "$small" ] || fail "chart text drawn at $small px, less than 9 pt on paper"
small=$(grep -o 'font:[^;"]*' "$dom" | grep -o '[0-9.]*px' | sed 's/px//' |
    awk '$1 < 12 { print; exit }')
[ -z "$small" ] || fail "chart text drawn at $small px, less than 9 pt on paper"

# every page: the running header (after the first), and a section heading
# ("3. ...") or a table's header row (a table continued from the page before)
heads="$work/heads.txt"
grep -o '<thead><tr><th[^>]*>[^<]*' "$dom" | sed -e 's/.*>//' -e 's/ .*//' | sort -u >"$heads"
title=$(sed -n 's:.*<title>\(.*\)</title>.*:\1:p' "$dom" | head -1 |
    sed -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' -e "s/&#39;/'/g" -e 's/&amp;/\&/g')
page=1
while [ "$page" -le "$pages" ]; do
    pdftotext -enc UTF-8 -f "$page" -l "$page" "$pdf" "$work/page.txt"
    if [ "$page" -gt 1 ] && ! grep -qF -- "$title" "$work/page.txt"; then
        fail "page $page has no running header \"$title\""
    fi
    if ! grep -qE '^[0-9]+\. ' "$work/page.txt" && ! grep -qFf "$heads" "$work/page.txt"; then
        fail "page $page holds neither a section heading nor a table (a chart alone?)"
    fi
    page=$((page + 1))
done

echo "check_pack: $html: ok ($tables tables, $charts charts, $empty without data," \
    "$pages A4 pages, screenshot $(wc -c <"$shot") bytes)"
exit 0
