#!/bin/sh
# w5 train lexicon: compiles the tiny fixture data folder, reloads it, and
# fails cleanly on a missing folder (exit 1) or a bad option (exit 2).
W5=${W5:-build/w5}
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

out=$("$W5" train lexicon --data tests/fixtures/lexicon --out "$tmp/lexicon.w5m") ||
    fail "train lexicon exit $?"
echo "$out" | grep -Eq '^lexicon: [0-9]+ phrases' || fail "no summary: $out"
[ -s "$tmp/lexicon.w5m" ] || fail "no lexicon written"

"$W5" train lexicon --data "$tmp/none" --out "$tmp/x.w5m" 2> "$tmp/err"
[ $? -eq 1 ] || fail "missing data folder: want exit 1"
grep -q "$tmp/none" "$tmp/err" || fail "message does not name the folder"
[ -e "$tmp/x.w5m" ] && fail "a lexicon was written from nothing"

"$W5" train lexicon --bogus 2> /dev/null
[ $? -eq 2 ] || fail "bad option: want exit 2"
exit 0
