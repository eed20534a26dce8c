#!/bin/sh
# check_manpage.sh - `make install` installs funnel and its manual page
# funnel.1, which groff reads without a warning, names the version that
# `funnel --version` prints and every command and report of `funnel --help`;
# and the message catalogs beside them, where the installed funnel reads them.
# Usage: tests/check_manpage.sh FUNNEL_BINARY (run from the repository's root)
# Exit: 0 passed, 1 failed (with a message).

set -u
bin=${1:-./funnel}
page=docs/funnel.1
dest=$(mktemp -d "${TMPDIR:-/tmp}/check_manpage.XXXXXX") || exit 1
trap 'rm -rf "$dest"' EXIT INT TERM
fail() {
    echo "check_manpage: $*" >&2
    exit 1
}

make --no-print-directory -s install DESTDIR="$dest" PREFIX=/usr >/dev/null || fail "make install failed"
[ -x "$dest/usr/bin/funnel" ] || fail "make install did not install bin/funnel"
[ -s "$dest/usr/share/man/man1/funnel.1" ] || fail "make install did not install man1/funnel.1"
for po in po/*.po; do
    mo=share/locale/$(basename "$po" .po)/LC_MESSAGES/funnel.mo
    [ -s "$dest/usr/$mo" ] || fail "make install did not install $mo"
done
grep -q -a /usr/share/locale "$dest/usr/bin/funnel" ||
    fail "the installed funnel does not read its catalogs from /usr/share/locale"
if grep -q -a "$(pwd)/build/locale" "$dest/usr/bin/funnel"; then
    fail "the installed funnel reads its catalogs from the build tree"
fi

version=$("$bin" --version | sed 's/^funnel //')
grep -q "^\.TH FUNNEL 1 .*\"funnel $version\"" "$page" || fail "$page does not name funnel $version"

if command -v groff >/dev/null 2>&1; then
    warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
    [ -z "$warnings" ] || fail "groff warns about $page: $warnings"
fi

# every command and report that --help names
for word in import inspect rejects grade report plan rules \
    funnel salespeople defeats audit stores forecast followup changes daily \
    sources handover care monthly weekly; do
    "$bin" --help | grep -q -- "$word" || continue
    grep -q -- "$word" "$page" || fail "$page does not mention $word"
done
echo "check_manpage: ok"
