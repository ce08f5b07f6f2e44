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

# analyze warns about a date that cannot anchor relative dates, and goes on
printf '{"text":"Kerry met Karzai on Monday.","date":"April 2013"}\n' > "$tmp/date.jsonl"
"$W5" analyze --format json "$tmp/date.jsonl" > "$tmp/date.json" 2> "$tmp/date.err" \
    || fail "bad date: exit $?"
grep -q "date.jsonl:1: .*April 2013" "$tmp/date.err" || fail "bad date not reported: $(cat "$tmp/date.err")"
grep -q '"date":"April 2013"' "$tmp/date.json" || fail "bad date not kept"

# compressed input: .jsonl.gz is JSONL, line numbers as in the plain file
if command -v gzip > /dev/null; then
    gzip -c "$tmp/in.jsonl" > "$tmp/in.jsonl.gz"
    "$W5" tokenize "$tmp/in.jsonl.gz" > "$tmp/outgz" 2> "$tmp/errgz"
    [ $? -eq 1 ] || fail "gz exit"
    cmp -s "$tmp/out" "$tmp/outgz" || fail "gz output: $(cat "$tmp/outgz")"
    grep -q "in.jsonl.gz:4: " "$tmp/errgz" || fail "gz line 4 not reported"
    printf 'Plain text, compressed.\n' | gzip -c > "$tmp/t.txt.gz"
    "$W5" tokenize --format json "$tmp/t.txt.gz" | grep -q '"text":"Plain text, compressed.\\n"' \
        || fail "gzip text document"
    head -c 20 "$tmp/in.jsonl.gz" > "$tmp/cut.jsonl.gz"
    "$W5" tokenize "$tmp/cut.jsonl.gz" > /dev/null 2> "$tmp/errcut"
    [ $? -eq 1 ] || fail "truncated gzip not an error"
    grep -q "cut.jsonl.gz" "$tmp/errcut" || fail "truncated gzip not named"
fi
exit 0
