#!/bin/sh
# deps.sh - installs the Debian packages funnel needs to build, test and draw
# charts, when any is missing. Usage: src/tools/deps.sh [--browser] [extra-package...]
# --browser adds what the browser test needs: Chromium to open and print the
# packs, poppler-utils (pdfinfo, pdftotext) to read the printed PDF back.
# It also makes the zh_CN.UTF-8 locale, in which the tests read the Chinese
# messages (gettext's msgfmt and xgettext build and check them).
set -e
browser=""
if [ "${1:-}" = "--browser" ]; then
    browser="chromium poppler-utils"
    shift
fi
need="build-essential pkg-config libcsv-dev libsqlite3-dev libxlsxwriter-dev libcmocka-dev unzip sqlite3 gnuplot-nox fonts-wqy-zenhei fontconfig valgrind gettext locales $browser $*"
missing=""
for p in $need; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "installing:$missing" >&2
    if [ "$(id -u)" != 0 ]; then
        echo "deps.sh: missing packages:$missing (run as root, or install them)" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends $missing >&2
fi
# locale -a names it zh_CN.utf8
locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8' && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "deps.sh: the zh_CN.UTF-8 locale is missing (run as root, or: localedef -i zh_CN -f UTF-8 zh_CN.UTF-8)" >&2
    exit 1
fi
echo "making the zh_CN.UTF-8 locale" >&2
localedef -i zh_CN -f UTF-8 zh_CN.UTF-8
