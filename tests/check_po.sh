#!/bin/sh
# check_po.sh - the message catalogs are current and complete: po/funnel.pot
# holds exactly the messages marked with _() and N_() in src/ (a pot made
# afresh by make pot), and each po/LANG.po translates every one of them,
# none fuzzy, in a form msgfmt -c accepts (printf conversions kept).
# Usage: tests/check_po.sh (run from the repository's root)
# Exit: 0 passed, 1 failed (with a message: make update-po, then translate).

set -u
dir=$(mktemp -d "${TMPDIR:-/tmp}/check_po.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT INT TERM
fail() {
    echo "check_po: $*" >&2
    exit 1
}

command -v xgettext >/dev/null 2>&1 || fail "xgettext is missing (Debian gettext: src/tools/deps.sh)"
fresh=$dir/funnel.pot
make --no-print-directory -s pot POT="$fresh" >/dev/null || fail "make pot failed"

# the same messages both ways: none new in src/, none left over in the pot
msgcmp --use-untranslated po/funnel.pot "$fresh" >"$dir/out" 2>&1 ||
    fail "po/funnel.pot lacks messages of src/ (make update-po): $(cat "$dir/out")"
msgcmp --use-untranslated "$fresh" po/funnel.pot >"$dir/out" 2>&1 ||
    fail "po/funnel.pot has messages src/ no longer has (make update-po): $(cat "$dir/out")"

for po in po/*.po; do
    msgcmp "$po" "$fresh" >"$dir/out" 2>&1 ||
        fail "$po does not translate every message (make update-po, then translate): $(cat "$dir/out")"
    stats=$(msgfmt -c --statistics -o /dev/null "$po" 2>&1) || fail "$po: msgfmt -c: $stats"
    case $stats in
    *fuzzy* | *untranslated*) fail "$po: $stats" ;;
    esac
done
echo "check_po: ok"
