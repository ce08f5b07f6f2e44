#!/bin/sh
# w5 parse and w5 eval syntax with the shipped models (skipped without them).
W5=${W5:-build/w5}
[ -f models/tagger.w5m ] && [ -f models/parser.w5m ] || { echo "no shipped tagger/parser models"; exit 77; }
fix=tests/fixtures/syntax/small.conllu
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# gold tokenization: every sentence, word and comment comes back, columns filled in
"$W5" parse --input conllu --model-dir models "$fix" > "$tmp/out.conllu" || exit 1
[ "$(grep -c '^# text' "$tmp/out.conllu")" = "$(grep -c '^# text' "$fix")" ] || { echo "sentences lost"; exit 1; }
[ "$(grep -c '^[0-9]' "$tmp/out.conllu")" = "$(grep -c '^[0-9]' "$fix")" ] || { echo "rows lost"; exit 1; }
awk -F'\t' '/^[0-9]+\t/ && ($4 == "_" || $5 == "_" || $8 == "_" || $7 == "_") { bad = 1 } END { exit bad }' "$tmp/out.conllu" \
    || { echo "empty predicted column"; exit 1; }
# raw text through the whole chain, both formats
printf '"We made progress," Kerry told reporters.\n' > "$tmp/in.txt"
"$W5" parse --model-dir models "$tmp/in.txt" > "$tmp/raw.conllu" || exit 1
grep -q "	Kerry	" "$tmp/raw.conllu" || { echo "no Kerry row"; cat "$tmp/raw.conllu"; exit 1; }
"$W5" parse --format json --model-dir models "$tmp/in.txt" > "$tmp/raw.json" || exit 1
grep -q '"deprel"' "$tmp/raw.json" || { echo "no deprel in JSON"; exit 1; }
# the scorer
"$W5" eval syntax --gold "$fix" --model-dir models > "$tmp/eval.txt" || exit 1
grep -q '^LAS ' "$tmp/eval.txt" || { echo "no LAS line"; cat "$tmp/eval.txt"; exit 1; }
# a beam (parser-beam.w5m) on both inputs, and the scorer with it
if [ -f models/parser-beam.w5m ]; then
    "$W5" parse --beam 8 --input conllu --model-dir models "$fix" > "$tmp/beam.conllu" || exit 1
    [ "$(grep -c '^[0-9]' "$tmp/beam.conllu")" = "$(grep -c '^[0-9]' "$fix")" ] || { echo "beam: rows lost"; exit 1; }
    [ "$(awk -F'\t' '/^[0-9]+\t/ && $7 == "0"' "$tmp/beam.conllu" | wc -l)" = "$(grep -c '^# text' "$fix")" ] \
        || { echo "beam: not one root a sentence"; exit 1; }
    "$W5" parse --beam 4 --model-dir models "$tmp/in.txt" | grep -q "	Kerry	.*	nsubj	" \
        || { echo "beam: no Kerry nsubj"; exit 1; }
    "$W5" eval syntax --beam 8 --gold "$fix" --model-dir models --gold-only | grep -q '^LAS ' \
        || { echo "beam: no LAS line"; exit 1; }
fi
# the reparsing ensemble (--ensemble) on both inputs, the scorer and analyze
ens=1
for m in parser-beam parser-beam16 parser-r2l parser-greedy-l2r parser-greedy-r2l parser-graph parser-graph2; do [ -f models/$m.w5m ] || ens=0; done
if [ $ens = 1 ]; then
    "$W5" parse --ensemble --input conllu --model-dir models "$fix" > "$tmp/ens.conllu" || exit 1
    [ "$(awk -F'\t' '/^[0-9]+\t/ && $7 == "0"' "$tmp/ens.conllu" | wc -l)" = "$(grep -c '^# text' "$fix")" ] \
        || { echo "ensemble: not one root a sentence"; exit 1; }
    "$W5" parse --ensemble --model-dir models "$tmp/in.txt" | grep -q "	Kerry	.*	nsubj	" \
        || { echo "ensemble: no Kerry nsubj"; exit 1; }
    "$W5" eval syntax --ensemble --gold "$fix" --model-dir models --gold-only | grep -q '^LAS ' \
        || { echo "ensemble: no LAS line"; exit 1; }
    "$W5" analyze --ensemble --format conllu --model-dir models "$tmp/in.txt" | grep -q "	Kerry	.*	nsubj	" \
        || { echo "analyze --ensemble: no Kerry nsubj"; exit 1; }
    "$W5" eval syntax --ensemble --parser models/parser.w5m --gold "$fix" 2>/dev/null; [ $? -eq 2 ] \
        || { echo "--ensemble with --parser accepted"; exit 1; }
fi
"$W5" parse --beam 0 --model-dir models "$tmp/in.txt" 2>/dev/null; [ $? -eq 2 ] || { echo "--beam 0 accepted"; exit 1; }
# usage errors
"$W5" parse --input nonsense 2>/dev/null; [ $? -eq 2 ] || { echo "bad --input accepted"; exit 1; }
"$W5" eval syntax 2>/dev/null; [ $? -eq 2 ] || { echo "missing --gold accepted"; exit 1; }
exit 0
