#!/bin/sh
# JSONL input: a malformed line is reported as FILE:LINE and skipped, the
# other lines are processed, and the exit status is 1.
W5=${W5:-build/w5}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

{
    printf '{"id":"one","text":"First doc"}\n'
    printf '{"id":"two","text":"broken\n'
    printf '\n'
    printf '{"title":"no text here"}\n'
    printf '{"text":"Fifth line","date":"2013-04-24"}\n'
} > "$tmp/in.jsonl"

"$W5" tokenize "$tmp/in.jsonl" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc -eq 1 ] || fail "exit $rc, want 1"
grep -q "in.jsonl:2: " "$tmp/err" || fail "line 2 not reported: $(cat "$tmp/err")"
grep -q "in.jsonl:4: .*text" "$tmp/err" || fail "line 4 not reported: $(cat "$tmp/err")"
[ "$(wc -l < "$tmp/err")" -eq 2 ] || fail "blank line reported: $(cat "$tmp/err")"
printf 'First doc\n\nFifth line\n' | cmp -s - "$tmp/out" || fail "output: $(cat "$tmp/out")"

# --jsonl reads stdin (or any file) as JSON Lines; ids default to SOURCE:LINE
"$W5" tokenize --jsonl --format json < "$tmp/in.jsonl" > "$tmp/json" 2>/dev/null
grep -q '"id":"stdin:5"' "$tmp/json" || fail "default id: $(cat "$tmp/json")"
grep -q '"date":"2013-04-24"' "$tmp/json" || fail "date metadata"
grep -q '"id":"one"' "$tmp/json" || fail "id metadata"
exit 0
