#!/bin/sh
# The opt-in neural tagger (--tagger-nn, models/tagger-nn.w5m) through
# w5 parse, w5 analyze and w5 eval syntax (skipped without the models).
W5=${W5:-build/w5}
fix=tests/fixtures/syntax/small.conllu
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# training from the command line (no data kit needed: the fixture)
"$W5" train tagger --neural --train "$fix" --out "$tmp/n.w5m" 2>/dev/null
[ $? -eq 2 ] || { echo "--neural without --tagger accepted"; exit 1; }
"$W5" train tagger --neural --tagger x --dev "$fix" --train "$fix" --out "$tmp/n.w5m" --dropout 0.5 2>/dev/null
[ $? -eq 2 ] || { echo "bad --dropout accepted"; exit 1; }
"$W5" train tagger --train "$fix" --dev "$fix" --epochs 2 --min-updates 1 --min-weight 0.01 \
    --out "$tmp/t.w5m" 2>/dev/null || { echo "tagger training failed"; exit 1; }
# options the network's loader would refuse: refused before training,
# with a message naming the option (exit 2)
for bad in "--hidden 12" "--hidden 0" "--hidden 8x" "--hidden 4104" "--epochs 0" \
    "--epochs 100000" "--epochs 3x" "--dropout 1,0" "--dropout 0.2,1" "--dropout -0.1,0.5" \
    "--dropout 0.2,nan" "--dropout 0.2" "--lr nan" "--lr -1" "--lr 0" "--lr 2" \
    "--lstm 0" "--lstm 1025" "--lstm 8x" "--layers 0" "--layers 5"; do
    # shellcheck disable=SC2086
    "$W5" train tagger --neural --tagger "$tmp/t.w5m" --train "$fix" --dev "$fix" \
        $bad --out "$tmp/bad.w5m" 2> "$tmp/err.txt"
    rc=$?
    opt=${bad%% *}
    [ $rc -eq 2 ] && grep -q -- "$opt" "$tmp/err.txt" && [ ! -e "$tmp/bad.w5m" ] \
        || { echo "'$bad' not refused up front (exit $rc)"; cat "$tmp/err.txt"; exit 1; }
done
# the BiLSTM kind (--lstm): a file of its own sections
"$W5" train tagger --neural --tagger "$tmp/t.w5m" --train "$fix" --dev "$fix" --lstm 8 \
    --layers 1 --hidden 8 --epochs 1 --out "$tmp/l.w5m" 2>/dev/null \
    || { echo "--lstm training failed"; exit 1; }
grep -q "tl.meta" "$tmp/l.w5m" || { echo "no BiLSTM in the --lstm file"; exit 1; }
# --dropout 0,0 is no dropout (it was the default 0.25,0.5): not the
# same network as with the default, same seed
"$W5" train tagger --neural --tagger "$tmp/t.w5m" --train "$fix" --dev "$fix" --hidden 8 \
    --epochs 1 --dropout 0,0 --out "$tmp/n0.w5m" 2>/dev/null || { echo "--dropout 0,0 refused"; exit 1; }
"$W5" train tagger --neural --tagger "$tmp/t.w5m" --train "$fix" --dev "$fix" --hidden 8 \
    --epochs 1 --out "$tmp/nd.w5m" 2>/dev/null || { echo "default dropout failed"; exit 1; }
"$W5" train tagger --neural --tagger "$tmp/t.w5m" --train "$fix" --dev "$fix" --hidden 8 \
    --epochs 1 --dropout 0.25,0.5 --out "$tmp/n25.w5m" 2>/dev/null || { echo "--dropout 0.25,0.5 failed"; exit 1; }
cmp -s "$tmp/n0.w5m" "$tmp/nd.w5m" && { echo "--dropout 0,0 trained with the default dropout"; exit 1; }
cmp -s "$tmp/n25.w5m" "$tmp/nd.w5m" || { echo "the default dropout is not 0.25,0.5"; exit 1; }
"$W5" train tagger --neural --tagger "$tmp/t.w5m" --train "$fix" --dev "$fix" --tune "$fix" \
    --hidden 8 --epochs 1 --dropout 0.2,0.3 --out "$tmp/n.w5m" 2> "$tmp/train.txt" \
    || { echo "network training failed"; cat "$tmp/train.txt"; exit 1; }
[ -s "$tmp/n.w5m" ] && grep -q "weight of the network" "$tmp/train.txt" \
    || { echo "no network written"; cat "$tmp/train.txt"; exit 1; }
[ -f models/tagger.w5m ] && [ -f models/parser.w5m ] && [ -f models/tagger-nn.w5m ] \
    || { echo "no shipped tagger-nn model"; exit 77; }
# gold tokenization: every row comes back tagged
"$W5" parse --tagger-nn --input conllu --model-dir models "$fix" > "$tmp/out.conllu" || exit 1
[ "$(grep -c '^[0-9]' "$tmp/out.conllu")" = "$(grep -c '^[0-9]' "$fix")" ] || { echo "rows lost"; exit 1; }
awk -F'\t' '/^[0-9]+\t/ && ($4 == "_" || $5 == "_")  { bad = 1 } END { exit bad }' "$tmp/out.conllu" \
    || { echo "empty tag column"; exit 1; }
# raw text through the pipeline (w5_options.tagger_nn)
printf '"We made progress," Kerry told reporters in Zorblaxville.\n' > "$tmp/in.txt"
"$W5" parse --tagger-nn --model-dir models "$tmp/in.txt" | grep -q "	Kerry	Kerry	PROPN	NNP	" \
    || { echo "no Kerry PROPN row"; exit 1; }
"$W5" analyze --tagger-nn --format json --model-dir models "$tmp/in.txt" > "$tmp/out.json" || exit 1
grep -q '"xpos"' "$tmp/out.json" || { echo "no tags in JSON"; exit 1; }
"$W5" eval syntax --tagger-nn models/tagger-nn.w5m --gold "$fix" --model-dir models --gold-only \
    | grep -q '^UPOS ' || { echo "no UPOS line"; exit 1; }
# a model folder without the network: a message naming the file, exit 1
mkdir "$tmp/models" && cp models/tagger.w5m models/parser.w5m models/segment.w5m "$tmp/models/" 2>/dev/null
"$W5" parse --tagger-nn --model-dir "$tmp/models" "$tmp/in.txt" > /dev/null 2> "$tmp/err.txt"
[ $? -eq 1 ] && grep -q "tagger-nn.w5m" "$tmp/err.txt" || { echo "missing network not reported"; cat "$tmp/err.txt"; exit 1; }
# a network file that is not one
"$W5" eval syntax --tagger-nn models/tagger.w5m --gold "$fix" --model-dir models --gold-only \
    > /dev/null 2>&1 && { echo "a tagger file taken for a network"; exit 1; }
exit 0
