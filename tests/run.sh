#!/bin/sh
# Runs every test binary given as arguments, then every command-line test
# script tests/cli/*.sh, and prints the total as "N passed, N failed".
# Each binary prints its own "N passed, N failed" line; each script is one
# test (exit 0 = pass, 77 = skipped). Environment: W5 = the w5 binary.
passed=0; failed=0; skipped=0
W5=${W5:-build/w5}; export W5
for t in "$@"; do
    out=$("$t" 2>&1); rc=$?
    line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -1)
    p=$(printf '%s' "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
    f=$(printf '%s' "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
    [ -n "$p" ] || p=0
    [ -n "$f" ] || f=0
    if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    passed=$((passed + p)); failed=$((failed + f))
    if [ $rc -ne 0 ]; then
        printf '%s\n' "$out" | tail -40
        echo "FAILED: $t (exit $rc)"
    else
        echo "ok: $t ($p tests)"
    fi
done
for s in tests/cli/*.sh; do
    [ -f "$s" ] || continue
    out=$(sh "$s" 2>&1); rc=$?
    if [ $rc -eq 0 ]; then
        passed=$((passed + 1)); echo "ok: $s"
    elif [ $rc -eq 77 ]; then
        skipped=$((skipped + 1)); echo "skipped: $s: $(printf '%s' "$out" | tail -1)"
    else
        failed=$((failed + 1)); printf '%s\n' "$out" | tail -40; echo "FAILED: $s (exit $rc)"
    fi
done
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
