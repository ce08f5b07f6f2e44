#!/bin/sh
# The graph parser from the command line: w5 train parser --graph on the
# test fixture, the model read by w5 eval syntax --parser, and bad
# option values refused before training (exit 2, the option named).
W5=${W5:-build/w5}
fix=tests/fixtures/syntax/small.conllu
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
for bad in "--hidden nan" "--hidden 1.5" "--hidden 0" "--hidden 2000" "--layers 5" \
    "--threads 3" "--batch 8x" "--lr nan" "--lr 0" "--lr 2" "--dropout 0.1,0.2" \
    "--dropout 0.1,0.2,0.3xyz" "--dropout nan,0,0" "--dropout 0,0,1"; do
    # shellcheck disable=SC2086
    "$W5" train parser --graph --train "$fix" $bad --out "$tmp/bad.w5m" 2> "$tmp/err.txt"
    rc=$?
    opt=${bad%% *}
    [ $rc -eq 2 ] && grep -q -- "$opt" "$tmp/err.txt" && [ ! -e "$tmp/bad.w5m" ] \
        || { echo "'$bad' not refused up front (exit $rc)"; cat "$tmp/err.txt"; exit 1; }
done
"$W5" train parser --hidden 16 --train "$fix" --out "$tmp/bad.w5m" 2>/dev/null
[ $? -eq 2 ] || { echo "--hidden without --graph accepted"; exit 1; }
"$W5" train parser --graph --r2l --train "$fix" --out "$tmp/bad.w5m" 2>/dev/null
[ $? -eq 2 ] || { echo "--r2l with --graph accepted"; exit 1; }
"$W5" train parser --graph --hidden=32 --layers=2 --batch 40 --lr 0.004 --dropout 0,0,0.1 \
    --threads 2 --epochs 20 --train "$fix" --dev "$fix" --out "$tmp/g.w5m" 2> "$tmp/log.txt" \
    || { echo "graph training failed"; cat "$tmp/log.txt"; exit 1; }
"$W5" eval syntax --gold "$fix" --parser "$tmp/g.w5m" --gold-only --segment none \
    --morph none > "$tmp/eval.txt" || { echo "eval with the graph parser failed"; exit 1; }
uas=$(awk '$1 == "UAS" { print int($2) }' "$tmp/eval.txt")
[ "${uas:-0}" -ge 60 ] || { echo "graph parser UAS on its training data: $uas"; cat "$tmp/eval.txt"; exit 1; }
exit 0
