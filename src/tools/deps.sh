#!/bin/sh
# deps.sh - installs the Debian packages funnel needs to build, test and draw
# charts, when any is missing. Usage: src/tools/deps.sh [--browser] [extra-package...]
# --browser adds what the browser test needs: Chromium to open and print the
# packs, poppler-utils (pdfinfo, pdftotext) to read the printed PDF back.
set -e
browser=""
if [ "${1:-}" = "--browser" ]; then
    browser="chromium poppler-utils"
    shift
fi
need="build-essential pkg-config libcsv-dev libsqlite3-dev libxlsxwriter-dev libcmocka-dev unzip sqlite3 gnuplot-nox fonts-wqy-zenhei fontconfig valgrind $browser $*"
missing=""
for p in $need; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing" >&2
if [ "$(id -u)" != 0 ]; then
    echo "deps.sh: missing packages:$missing (run as root, or install them)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends $missing >&2
