#!/bin/sh
# Exit codes: 0 success, 1 input failure (file named on stderr; other
# inputs still processed), 2 wrong usage.
W5=${W5:-build/w5}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
expect() { # expect CODE CMD...
    want=$1; shift
    "$@" > "$tmp/out" 2> "$tmp/err"
    got=$?
    [ "$got" -eq "$want" ] || fail "$* exited $got, want $want; stderr: $(cat "$tmp/err")"
}

expect 2 "$W5"
grep -q '^usage: w5' "$tmp/err" || fail "no usage on stderr"
expect 2 "$W5" no-such-command
grep -q "unknown command 'no-such-command'" "$tmp/err" || fail "unknown command message"
expect 2 "$W5" tokenize --no-such-option
expect 2 "$W5" tokenize --format
expect 2 "$W5" tokenize --format xml
expect 2 "$W5" analyze --date yesterday
expect 2 "$W5" analyze --format
expect 2 "$W5" help no-such-command
expect 2 "$W5" eval
expect 2 "$W5" eval no-such-thing
expect 2 "$W5" train no-such-thing

printf 'ok\n' > "$tmp/ok.txt"
expect 1 "$W5" tokenize "$tmp/missing.txt" "$tmp/ok.txt"
grep -q "missing.txt" "$tmp/err" || fail "missing file not named: $(cat "$tmp/err")"
grep -q '^ok$' "$tmp/out" || fail "other input not processed"
expect 1 "$W5" tokenize "$tmp"
grep -q "$tmp" "$tmp/err" || fail "directory not named"
expect 1 "$W5" analyze --format json "$tmp/missing.txt"
expect 0 "$W5" tokenize "$tmp/ok.txt"
expect 0 "$W5" analyze --format json --date 2013-04-24 "$tmp/ok.txt"
grep -q '"date":"2013-04-24"' "$tmp/out" || fail "--date not in output"
grep -q '"text":"ok\\n"' "$tmp/out" || fail "no text in output"
expect 0 "$W5" analyze --format json --no-text "$tmp/ok.txt"
grep -q '"url":null,"stages":' "$tmp/out" || fail "--no-text kept the text"
grep -q '"tokens":\[{"i":0,"start":0,"end":2,"text":"ok"' "$tmp/out" || fail "--no-text tokens"
# output that cannot be written is an I/O failure, reported once
if [ -w /dev/full ]; then
    "$W5" tokenize "$tmp/ok.txt" "$tmp/ok.txt" > /dev/full 2> "$tmp/err"
    [ $? -eq 1 ] || fail "write to /dev/full: exit not 1"
    grep -q "cannot write" "$tmp/err" || fail "write error not reported: $(cat "$tmp/err")"
    [ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "write error reported more than once"
    "$W5" analyze --format json examples/brussels.txt examples/brussels.txt \
        > /dev/full 2> "$tmp/err"
    [ $? -eq 1 ] || fail "analyze to /dev/full: exit not 1"
    [ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "analyze write error: $(cat "$tmp/err")"
fi

# model folder: --model-dir, then $W5_MODEL_DIR, then next to the binary
expect 1 "$W5" analyze --format json --model-dir "$tmp/no-models" "$tmp/ok.txt"
grep -q "no-models" "$tmp/err" || fail "missing model folder not named: $(cat "$tmp/err")"
W5_MODEL_DIR="$tmp/no-models" expect 1 "$W5" analyze --format json "$tmp/ok.txt"
grep -q "no-models" "$tmp/err" || fail "W5_MODEL_DIR not used: $(cat "$tmp/err")"
W5_MODEL_DIR="$tmp/no-models" expect 0 "$W5" analyze --format json --model-dir models "$tmp/ok.txt"
exit 0
