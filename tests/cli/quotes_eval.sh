#!/bin/sh
# w5 eval quotes on a self-written PolNeAR-layout fixture (one article,
# four attributions: two reported clauses, one direct quote, one
# impression with no source). Skipped (77) when the models are missing.
W5=${W5:-build/w5}
[ -f models/segment.w5m ] || { echo "models/segment.w5m missing"; exit 77; }
fix=tests/fixtures/quotes/brat
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$W5" eval quotes --gold "$fix" > "$tmp/out" || { echo "eval failed"; exit 1; }
expect() {
    grep -q "$1" "$tmp/out" || { echo "missing: $1"; cat "$tmp/out"; exit 1; }
}
expect '^documents: 1$'
expect '^direct quotes: 1 gold, 1 predicted$'
expect '^all relations: 4 gold, [0-9]* predicted$'
# the direct quote is found whole, with its speaker
sed -n '/^direct/,/^all/p' "$tmp/out" > "$tmp/direct"
grep -q '^  content exact     P 1.0000  R 1.0000  F1 1.0000$' "$tmp/direct" ||
    { echo "direct content"; cat "$tmp/out"; exit 1; }
grep -q '^  speaker (phrase)  1.0000  (1/1)$' "$tmp/direct" ||
    { echo "direct speaker"; cat "$tmp/out"; exit 1; }
# every relation overlaps a prediction (recall 1), every line is printed
sed -n '/^all/,$p' "$tmp/out" > "$tmp/all"
grep -q '^  content overlap   P [01]\.[0-9]*  R 1.0000  F1 ' "$tmp/all" ||
    { echo "all-relations recall"; cat "$tmp/out"; exit 1; }
for l in 'content exact' 'content tokens' 'cue  ' 'speaker (mention)'; do
    grep -q "^  $l" "$tmp/all" || { echo "no line: $l"; exit 1; }
done
# --show lists gold and predicted relations of the article
"$W5" eval quotes --gold "$fix" --show > "$tmp/show" || exit 1
grep -q '^== harbor_a1.ann$' "$tmp/show" || { echo "show header"; exit 1; }
grep -q '^gold D content=\["We are running out of space on the docks,"\] cue=\[said\] source=\[director Mara Voss\]$' \
    "$tmp/show" || { echo "show gold"; cat "$tmp/show"; exit 1; }
grep -q '^pred GD DIRECT content=\[We are running out of space on the docks\] cue=\[said\] speaker=\[director Mara Voss\]' \
    "$tmp/show" || { echo "show pred"; cat "$tmp/show"; exit 1; }
grep -q '^pred GI INDIRECT content=\[that a new crane would arrive in June\] cue=\[added\] speaker=\[Voss\]' \
    "$tmp/show" || { echo "show indirect"; cat "$tmp/show"; exit 1; }
# usage errors are exit 2, an unreadable split exit 1
"$W5" eval quotes 2>/dev/null; [ $? -eq 2 ] || { echo "no --gold"; exit 1; }
"$W5" eval quotes --gold "$tmp/none" 2>/dev/null; [ $? -eq 1 ] || { echo "bad dir"; exit 1; }
exit 0
