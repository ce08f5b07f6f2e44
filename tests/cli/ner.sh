#!/bin/sh
# w5 ner / w5 eval ner on the self-written fixture: CoNLL in, every line
# back with a tag column; the scorer reads IOB1 gold against IOB2 output.
# Skipped (77) when the shipped model is missing.
W5=${W5:-build/w5}
[ -f models/ner.w5m ] || { echo "models/ner.w5m missing"; exit 77; }
fix=tests/fixtures/ner/dev.conll
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$W5" ner --input conll --model models/ner.w5m "$fix" > "$tmp/pred" || exit 1
# same number of lines, first columns unchanged, one more column on token lines
[ "$(wc -l < "$tmp/pred")" -eq "$(wc -l < "$fix")" ] || { echo "line count differs"; exit 1; }
awk 'NF && NF != 5 { bad = 1 } END { exit bad }' "$tmp/pred" || { echo "not 5 columns"; exit 1; }
awk 'NF { t = $NF; if (t != "O" && t !~ /^[BI]-(PER|ORG|LOC|MISC)$/) bad = 1 } END { exit bad }' \
    "$tmp/pred" || { echo "bad tag"; exit 1; }
"$W5" eval ner --gold "$fix" --pred "$tmp/pred" > "$tmp/score" || exit 1
grep -q '^processed [0-9]* tokens with [0-9]* phrases' "$tmp/score" || { cat "$tmp/score"; exit 1; }
"$W5" eval ner --gold "$fix" --model models/ner.w5m > "$tmp/score2" || exit 1
cmp -s "$tmp/score" "$tmp/score2" || { echo "eval --model differs from --pred"; exit 1; }
# plain text, every format
printf 'Afghan President Hamid Karzai met NATO officials in Brussels.\n' > "$tmp/a.txt"
"$W5" ner "$tmp/a.txt" | grep -q "PERSON	.*Hamid Karzai" || { echo "text format"; exit 1; }
"$W5" ner --format json "$tmp/a.txt" | grep -q '"type":"PERSON"' || { echo "json format"; exit 1; }
"$W5" ner --format conll "$tmp/a.txt" | grep -q "Karzai	I-PERSON" || { echo "conll format"; exit 1; }
# wrong usage is exit 2, a missing model exit 1
"$W5" ner --format nope "$tmp/a.txt" 2>/dev/null; [ $? -eq 2 ] || exit 1
"$W5" ner --model "$tmp/none.w5m" "$tmp/a.txt" 2>/dev/null; [ $? -eq 1 ] || exit 1
exit 0
